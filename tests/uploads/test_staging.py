"""暂存: a declared file survives a failed submit of its form (the 问题反馈 form here); undeclared, blocked or
another person's files do not."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oa.feedback.models import Ticket
from oa.uploads.models import UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION
from oa.uploads.staging import stage, unstage

pytestmark = pytest.mark.django_db
GATE = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "内部"}


def _png(name="报错截图.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _tokens(body: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="staged" value="([^"]+)">', body)


def test_a_declared_screenshot_survives_a_form_that_failed_for_another_field(personas, login, client):
    login(personas.staff_a)
    failed = client.post("/feedback/new/", {"category": "software", "severity": "normal", "description": "",
                                            "screenshots": [_png()], **GATE})
    body = failed.content.decode()
    assert failed.status_code == 200 and "请描述遇到的问题" in body
    assert "已保留上次选择的截图" in body and "“报错截图.png”" in body
    assert not UploadRecord.objects.exists()  # nothing screened for the record yet: the gate sees it on the real submit
    tokens = _tokens(body)
    assert len(tokens) == 1

    filed = client.post("/feedback/new/", {"category": "software", "severity": "normal", "description": "无法保存",
                                           "staged": tokens, **GATE})
    ticket = Ticket.objects.get()
    assert filed.status_code == 302 and ticket.screenshots.get().name == "报错截图.png"
    assert UploadRecord.objects.get().name == "报错截图.png"  # gated once, when it was filed
    assert unstage(person=personas.staff_a, tokens=tokens) == []  # taken, not kept twice


def test_an_undeclared_or_blocked_file_is_not_kept(personas, login, client):
    login(personas.staff_a)
    body = client.post("/feedback/new/", {"category": "software", "description": "", "screenshots": [_png()],
                                          **{**GATE, "declaration_accepted": ""}}).content.decode()
    assert "已保留" not in body and _tokens(body) == []
    marked = SimpleUploadedFile("说明.txt", "机密★1年\n内容".encode(), content_type="text/plain")
    assert stage(person=personas.staff_a, upload=marked, gate=GATE) is None  # blocked bytes are never stored
    assert stage(person=personas.staff_a, upload=_png(), gate={**GATE, "declared_level": "秘密"}) is None


def test_only_the_chooser_takes_a_kept_file_back(personas):
    token = stage(person=personas.staff_a, upload=_png(), gate=GATE)
    assert token
    assert unstage(person=personas.staff_b, tokens=[token, "forged"]) == []
    [again] = unstage(person=personas.staff_a, tokens=[token])
    assert again.name == "报错截图.png" and again.read().startswith(b"\x89PNG")

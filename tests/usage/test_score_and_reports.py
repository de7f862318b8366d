"""The score on a worked example; the frozen bulletin (immutable, versioned), its PDF and DOCX."""

import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from oa.usage.figures import derive
from oa.usage.models import Bulletin
from oa.usage.periods import Period
from oa.usage.score import explain
from oa.usage.selectors import department_row
from oa.usage.services.reports import report_file, usage_close, usage_correct

OCT1 = Period.parse("2026-10-1")


def test_score_worked_example():
    # on time 3 of 4, signed within 1 day 1 of 2, usage 3 of 4, circulation 1 of 2, no notices module, no trial:
    # weights 35/25/20/10 rescaled to 100/90 → 29.17 + 13.89 + 16.67 + 5.56 = 65.29; 1 red −2 → 63.29 — the
    # same under v1 and v2 (纸质同步合规率 has no denominator outside a trial)
    values = {"done_on_time": 3, "done_red": 1, "sign_wd_0": 1, "sign_wd_3": 1, "received": 3, "paper_missed": 1,
              "circ_sent": 2, "circ_read": 1}
    result = explain(derive(values, present=[]))
    assert result["version"] == "v2"
    points = {p["key"]: p["points"] for p in result["parts"]}
    assert points == {"on_time": 29.17, "sign_speed": 13.89, "usage": 16.67, "circulation": 5.56, "notices": 0.0,
                      "paper": 0.0}
    assert result["penalty"] == 2 and result["score"] == 63.29
    v1 = explain(derive(values, present=[]), "v1")
    assert v1["version"] == "v1" and v1["score"] == 63.29 and "paper" not in {p["key"] for p in v1["parts"]}
    assert round(sum(points.values()) - result["penalty"], 2) == result["score"]
    assert explain(derive({}, present=[]))["score"] is None  # nothing to score: "—", not 0


def test_score_never_below_zero_and_still_sums():
    # on time 0 of 20 (all red), usage 1 of 10: base 0 + 36.36 × 0.1 = 3.64; 40 points off, capped at the base
    result = explain(derive({"done_red": 20, "received": 1, "paper_missed": 9}, present=[]))
    assert result["score"] == 0 and result["penalty"] == 3.64
    assert round(sum(p["points"] for p in result["parts"]) - result["penalty"], 2) == result["score"]


pytestmark = pytest.mark.django_db


def test_close_freezes_an_immutable_numbered_snapshot(personas, half_month, clock):
    report, created = usage_close(period=OCT1)
    assert created and report.number == "2026年第19期" and report.version == 1
    again, created_again = usage_close(period=OCT1)
    assert again.pk == report.pk and not created_again  # idempotent
    b_before = department_row(report.data["table"], personas.dept_b.pk)["figures"]
    # A late event attributed to the closed period does not change the snapshot …
    from documents.incoming.services.paper import delivery_register_paper

    clock.set(2026, 10, 15, 20, 0)
    delivery_register_paper(actor=personas.clerk_b, title="补登纸质来文", sender_name="甲局")
    clock.value = None
    report.refresh_from_db()
    assert department_row(report.data["table"], personas.dept_b.pk)["figures"] == b_before
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        report.delete()
    # … a correction issues version 2 and keeps version 1.
    with pytest.raises(PermissionDenied):
        usage_correct(period=OCT1, actor=personas.clerk_b, reason="补登")
    with pytest.raises(ValidationError):
        usage_correct(period=OCT1, actor=personas.info_center, reason="  ")
    v2 = usage_correct(period=OCT1, actor=personas.info_center, reason="补登10月15日纸质来文")
    assert v2.version == 2 and v2.number == report.number
    assert department_row(v2.data["table"], personas.dept_b.pk)["figures"]["usage_rate"] == pytest.approx(1 / 3)
    assert Bulletin.objects.filter(period=str(OCT1)).count() == 2
    assert Bulletin.objects.get(pk=report.pk).sha256 == report.sha256 != v2.sha256


def test_a_running_period_cannot_be_closed(personas):
    with pytest.raises(ValidationError):
        usage_close(period=Period.current())
    with pytest.raises(PermissionDenied):
        usage_close(period=OCT1, actor=personas.clerk_a)


def test_pdf_is_a4_and_lists_every_department_in_rank_order(personas, half_month):
    from pypdf import PdfReader

    report, _ = usage_close(period=OCT1)
    reader = PdfReader(io.BytesIO(report_file(report, "pdf")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    # The frozen bulletin is the information center's 报告 to the city government; the 督办室 issues the 通报.
    assert "关于2026年10月上半月办公系统使用情况的报告" in text and "2026年第19期" in text and "市人民政府：" in text
    assert "由市政府督办室通报" not in text
    assert {r["name"] for r in report.data["table"]["rows"]} == {"甲局", "乙局", "市信息中心"}
    names = [r["name"] for r in report.data["table"]["rows"] if r["counted"]]  # the units using the system
    assert set(names) == {"甲局", "乙局"} and "全市共有2个单位使用办公系统" in text
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # the ranking table in rank order
    assert "乙局" in report.data["bulletin"]["summary"] and "红牌1件" in report.data["bulletin"]["summary"]


def test_docx_opens_and_has_the_ranking(personas, half_month):
    import docx

    report, _ = usage_close(period=OCT1)
    document = docx.Document(io.BytesIO(report_file(report, "docx")))
    assert any("关于2026年10月上半月办公系统使用情况的报告" in p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][:3] == ["排名", "单位", "评分"]
    assert [r[1] for r in rows[1:-1]] == [r["name"] for r in report.data["table"]["rows"] if r["counted"]]
    assert rows[-1][1] == "全市"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_close_command_is_idempotent_and_report_command_writes_files(half_month, tmp_path):
    out = StringIO()
    call_command("usage_close", "--period", "2026-10-1", stdout=out)
    assert '"created": true' in out.getvalue()
    out = StringIO()
    call_command("usage_close", "--period", "2026-10-1", stdout=out)
    assert '"created": false' in out.getvalue()
    for fmt in ("pdf", "docx"):
        target = tmp_path / f"r.{fmt}"
        call_command("usage_report", "--period", "2026-10-1", "--format", fmt, "--out", str(target), stdout=StringIO())
        assert target.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")


def test_bulletin_names_at_most_ten_departments_in_a_sentence_and_writes_missing_rates_out():
    from oa.usage.services.bulletin import NAMED_AT_MOST, _rate, named

    few = [f"第{i}局" for i in range(NAMED_AT_MOST)]
    assert named(few) == "、".join(few)
    many = [f"第{i}局" for i in range(200)]
    sentence = named(many)
    assert sentence.endswith("第9局等200个单位") and "第10局" not in sentence
    assert _rate("on_time_rate", None) == "暂无数据" and _rate("on_time_rate", 0.5) == "50.0%"

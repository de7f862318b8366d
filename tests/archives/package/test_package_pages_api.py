"""The pages and the JSON API of packages and transfers: the same steps, the same permission checks."""

import io
import zipfile

import pytest
from django.urls import reverse

from oa.archives.models import ArchivePackage, Transfer, TransferState
from tests.archives.package.test_transfer import file_item, people  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_pages_send_and_receive(people, file_item, client, login):  # noqa: F811
    item = file_item()
    login(people.archivist_a)
    assert client.get(reverse("archives-transfers")).status_code == 200
    response = client.post(reverse("archives-transfers"), {"items": [item.pk]})
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response.url == reverse("archives-transfer", args=[transfer.pk])
    page = client.get(reverse("archives-transfer", args=[transfer.pk])).content.decode()
    assert "归档文件移交清单" in page and item.code in page and "oa-transfer-receive" not in page
    package = client.get(reverse("archives-package", args=[transfer.package_id])).content.decode()
    assert "电子档案四性检测报告" in package and "真实性" in package
    download = client.get(reverse("archives-package-download", args=[transfer.package_id]))
    assert "batch.json" in zipfile.ZipFile(io.BytesIO(download.content)).namelist()

    client.logout()
    login(people.archivist_daj)
    assert "oa-transfer-receive" in client.get(reverse("archives-transfer", args=[transfer.pk])).content.decode()
    client.post(reverse("archives-transfer", args=[transfer.pk]), {"step": "receive", "note": "如数接收"})
    transfer = Transfer.objects.get(pk=transfer.pk)
    assert transfer.state == TransferState.RECEIVED
    pdf = client.get(reverse("archives-transfer-receipt", args=[transfer.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    client.logout()
    login(people.clerk_b)
    assert client.get(reverse("archives-transfer", args=[transfer.pk])).status_code == 404
    assert client.get(reverse("archives-package", args=[transfer.package_id])).status_code == 404
    assert client.get(reverse("archives-transfers")).status_code == 403


def test_api_send_check_receive(people, file_item, client, login):  # noqa: F811
    item = file_item()
    login(people.archivist_a)
    built = client.post(reverse("api-archives-item-package", args=[item.pk]))
    assert built.status_code == 201 and built.json()["check_ok"]
    package = ArchivePackage.objects.get(pk=built.json()["id"])
    check = client.post(reverse("api-archives-package-check", args=[package.pk])).json()
    assert check["report"]["ok"] and check["report"]["context"] == "check"
    zipped = client.get(reverse("api-archives-package-download", args=[package.pk])).content
    imported = client.post(reverse("api-archives-package-import-check"), {"file": io.BytesIO(zipped)}).json()
    assert imported["report"]["ok"] and imported["report"]["context"] == "import"
    bad = client.post(reverse("api-archives-transfers"), {"items": [999999]}, content_type="application/json")
    assert bad.status_code == 400 and not Transfer.objects.exists()
    sent = client.post(reverse("api-archives-transfers"), {"items": [item.pk]}, content_type="application/json")
    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert body["state"] == "sent" and body["items"][0]["code"] == item.code and body["package"]["check_ok"]
    step = reverse("api-archives-transfer-step", args=[body["id"], "receive"])
    assert client.post(step, {}, content_type="application/json").status_code == 403  # the sender

    client.logout()
    login(people.archivist_daj)
    assert client.post(reverse("api-archives-transfer-step", args=[body["id"], "reject"]), {},
                       content_type="application/json").status_code == 400  # a reason is required
    answer = client.post(step, {"note": "如数接收"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["state"] == "received" and answer.json()["receipt_ok"]
    assert client.post(step, {}, content_type="application/json").status_code == 409
    assert client.get(reverse("api-archives-transfers")).json()[0]["number"] == body["number"]

"""The archives' pages and API: the archivist's own department only (others 403, another department's 件 404);
the 归档文件目录 as page, XLSX and PDF with the DA/T 22 columns."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from documents.choices import DocType
from documents.choices import DocumentState as S
from oa.archives.catalogue import HEADER
from oa.archives.models import ArchiveItem
from oa.archives.services.filing import file_document

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def filed(personas, draft, walk):
    """Two 件 of department A in 2 期限: a 决定 (永久) and a 函 (定期10年), and a third 永久 one."""
    items = []
    for title, doc_type in (("关于表彰先进单位的决定", DocType.DECISION), ("关于商请提供资料的函", DocType.LETTER),
                            ("关于成立领导小组的决定", DocType.DECISION)):
        document = walk(draft(title=title, doc_type=doc_type), S.DISPATCHED)
        items.append(file_document(actor=personas.archivist_a, document_id=document.pk))
    return items


def test_the_archivist_files_from_the_page(personas, login, draft, walk):
    document = walk(draft(title="关于加强值班工作的通知"), S.DISPATCHED)
    client = login(personas.archivist_a)
    page = client.get("/archives/")
    assert page.status_code == 200 and "关于加强值班工作的通知" in page.content.decode()
    response = client.post(f"/archives/file/document/{document.pk}/", {"retention": "D30"})
    item = ArchiveItem.objects.get(document=document)
    assert response.status_code == 302 and response["Location"] == f"/archives/items/{item.pk}/"
    assert item.code.endswith("-D30-BGS-0001")
    detail = client.get(f"/archives/items/{item.pk}/").content.decode()
    assert item.code in detail and "发文稿纸" in detail
    body = item.parts.get(kind="body")
    download = client.get(f"/archives/items/{item.pk}/parts/{body.pk}/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_bad_retention_on_the_page_is_a_message_and_nothing_moves(personas, login, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    client = login(personas.archivist_a)
    response = client.post(f"/archives/file/document/{document.pk}/", {"retention": "五年"}, follow=True)
    assert "保管期限须为" in response.content.decode()
    document.refresh_from_db()
    assert document.state == S.DISPATCHED and not ArchiveItem.objects.exists()


def test_catalogue_page_xlsx_and_pdf(personas, login, filed):
    year = filed[0].year
    client = login(personas.archivist_a)
    page = client.get(f"/archives/catalogue/{year}/Y/").content.decode()
    for text in (*HEADER, filed[0].code, filed[2].code, "关于成立领导小组的决定"):
        assert text in page
    assert filed[1].code not in page  # the 函 is in the 定期10年 catalogue
    workbook = load_workbook(io.BytesIO(client.get(f"/archives/catalogue/{year}/Y.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [(r[0], r[1], r[4], r[7]) for r in rows[1:]] == [
        (1, filed[0].code, "关于表彰先进单位的决定", "非密"), (2, filed[2].code, "关于成立领导小组的决定", "非密")]
    assert rows[1][5] == filed[0].date.strftime("%Y%m%d") and rows[1][2] == filed[0].doc_number
    pdf = client.get(f"/archives/catalogue/{year}/D10.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    assert "归档文件目录" in text and filed[1].code in text and "定期10年" in text and filed[0].code not in text
    assert client.get(f"/archives/catalogue/{year}/Y.csv").status_code == 404


def test_outsiders_are_refused_and_other_departments_items_do_not_exist(personas, login, client, filed):
    item = filed[0]
    login(personas.clerk_a)
    for url in ("/archives/", f"/archives/catalogue/{item.year}/Y/", f"/archives/items/{item.pk}/",
                "/api/v1/archives/pending/", "/api/v1/archives/catalogues/", f"/api/v1/archives/items/{item.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/api/v1/archives/items/{item.pk}/retention/", {"retention": "D10"},
                       content_type=JSON).status_code == 403
    client.logout()
    login(personas.archivist_b)
    assert client.get(f"/archives/items/{item.pk}/").status_code == 404
    assert client.get(f"/api/v1/archives/items/{item.pk}/").status_code == 404
    assert client.post(f"/api/v1/archives/items/{item.pk}/retention/", {"retention": "D10"},
                       content_type=JSON).status_code == 404
    assert client.get(f"/api/v1/archives/catalogues/{item.year}/Y/").json()["rows"] == []
    item.refresh_from_db()
    assert item.retention == "Y"


def test_the_api_files_lists_and_changes(personas, login, client, draft, walk):
    document = walk(draft(title="关于表彰的决定", doc_type=DocType.DECISION), S.DISPATCHED)
    login(personas.archivist_a)
    pending = client.get("/api/v1/archives/pending/").json()
    assert [(d["id"], d["suggested_retention"]) for d in pending["documents"]] == [(document.pk, "Y")]
    assert client.post("/api/v1/archives/file/", {"kind": "document", "id": document.pk, "retention": "永十年"},
                       content_type=JSON).status_code == 400
    made = client.post("/api/v1/archives/file/", {"kind": "document", "id": document.pk}, content_type=JSON)
    assert made.status_code == 201, made.content
    item = made.json()
    assert item["code"].endswith("-Y-BGS-0001") and [p["kind"] for p in item["parts"]] == ["body", "sheet"]
    assert client.post("/api/v1/archives/file/", {"kind": "document", "id": document.pk},
                       content_type=JSON).status_code == 409  # already filed: the state moved on
    assert client.get("/api/v1/archives/catalogues/").json() == [
        {"year": item["year"], "retention": "Y", "retention_label": "永久", "count": 1}]
    changed = client.post(f"/api/v1/archives/items/{item['id']}/retention/", {"retention": "D30"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["code"].endswith("-D30-BGS-0001")
    rows = client.get(f"/api/v1/archives/catalogues/{item['year']}/D30/").json()["rows"]
    assert [r["code"] for r in rows] == [changed.json()["code"]]


def test_a_clerk_cannot_file_through_the_api(personas, login, client, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_a)
    assert client.post("/api/v1/archives/file/", {"kind": "document", "id": document.pk},
                       content_type=JSON).status_code == 403
    assert client.post(f"/api/v1/documents/{document.pk}/archive/", content_type=JSON).status_code == 403

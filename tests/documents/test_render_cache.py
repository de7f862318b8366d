"""Renders cached by content (documents/rendering/cache.py): a dispatched or archived document's PDF/DOCX is
rendered once and read from storage after that; drafts render fresh; anything that changes what is printed
changes the key; the permission check comes first."""

import pytest
from django.core.files.storage import default_storage

from documents.choices import DocumentState as S
from documents.models.document import Document
from documents.rendering import cache
from oa.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renders: {"pdf": n, "docx": n}."""
    from documents.rendering import docx, pdf

    counts = {"pdf": 0, "docx": 0}
    for module, extension in ((pdf, "pdf"), (docx, "docx")):
        real = getattr(module, f"render_{extension}")

        def counted(document, copy=None, _real=real, _extension=extension):
            counts[_extension] += 1
            return _real(document, copy=copy)

        monkeypatch.setattr(module, f"render_{extension}", counted)
    real_sealing = pdf.render_pdf_for_sealing  # a sealed, dispatched document: rendered for the electronic seal

    def counted_sealing(document, copy=None):
        counts["pdf"] += 1
        return real_sealing(document, copy=copy)

    monkeypatch.setattr(pdf, "render_pdf_for_sealing", counted_sealing)
    return counts


def stored(document) -> list[str]:
    folder = f"{cache.PREFIX}/{document.pk}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def test_a_dispatched_document_is_rendered_once_then_read_from_storage(personas, client, login, draft, walk, renders):
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_b)  # a recipient
    contents = {}
    for extension in ("pdf", "docx"):
        first = contents[extension] = client.get(f"/documents/{document.pk}/{extension}/")
        again = client.get(f"/documents/{document.pk}/{extension}/")
        api = client.get(f"/api/v1/documents/{document.pk}/render.{extension}")
        assert first.status_code == again.status_code == api.status_code == 200
        assert first.getvalue() == again.getvalue() == api.getvalue()
        assert renders[extension] == 1
    assert [name.rpartition(".")[2] for name in stored(document)] == ["docx", "pdf"]
    assert default_storage.open(f"{cache.PREFIX}/{document.pk}/{stored(document)[1]}").read() == contents["pdf"].getvalue()


def test_an_archived_document_too_and_each_printed_copy_has_its_own_file(personas, client, login, draft, walk, renders):
    document = walk(draft(), S.DISPATCHED)
    Document.objects.filter(pk=document.pk).update(print_copies=3)
    login(personas.archivist_a)
    client.get(f"/documents/{document.pk}/pdf/")
    client.post(f"/api/v1/documents/{document.pk}/archive/", content_type="application/json")
    document.refresh_from_db()
    assert document.state == S.ARCHIVED
    for _ in range(2):
        assert client.get(f"/documents/{document.pk}/pdf/").status_code == 200
        assert client.get(f"/documents/{document.pk}/pdf/?copy=2").status_code == 200
    assert renders["pdf"] == 3  # dispatched, archived, archived copy 2
    assert len(stored(document)) == 3


@pytest.mark.parametrize("state", [S.DRAFT, S.SEALING, S.DISPATCH])
def test_documents_before_dispatch_render_fresh_every_time(personas, client, login, draft, walk, renders, state):
    document = walk(draft(), state)
    login(personas.clerk_a)
    for _ in range(2):
        assert client.get(f"/documents/{document.pk}/pdf/").status_code == 200
    assert renders["pdf"] == 2
    assert stored(document) == []


def test_a_change_to_what_is_printed_renders_again(personas, client, login, draft, walk, renders):
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_b)
    before = client.get(f"/documents/{document.pk}/pdf/").getvalue()
    Document.objects.filter(pk=document.pk).update(title="关于做好我市电子政务应用系统推广工作的通知")
    after = client.get(f"/documents/{document.pk}/pdf/").getvalue()
    assert renders["pdf"] == 2 and before != after
    assert client.get(f"/documents/{document.pk}/pdf/").getvalue() == after
    assert renders["pdf"] == 2
    assert len(stored(document)) == 2


def _key(pk, copy=None):
    from documents.selectors import document_for
    from oa.org.models import Person

    document = Document.objects.get(pk=pk)
    return cache.render_key(document_for(Person.objects.get(pk=document.drafter_id), pk), copy)


def test_every_input_of_the_render_changes_the_key(personas, draft, walk, monkeypatch):
    from documents.models.document import Attachment, Recipient
    from oa.rendering import fonts

    document = walk(draft(), S.DISPATCHED)
    keys = {_key(document.pk)}

    def changed(what):
        key = _key(document.pk)
        assert key not in keys, what
        keys.add(key)

    assert _key(document.pk) in keys  # the same inputs, the same key
    changed_key = _key(document.pk, copy=2)
    assert changed_key not in keys
    for field, value in (("body", "一、总体要求\n各单位要高度重视。\n二、其他"), ("remark", "此件公开发布"),
                         ("urgency", "urgent"), ("sealed", False), ("printing_org", "韶关市人民政府办公室"),
                         ("state", S.ARCHIVED)):
        Document.objects.filter(pk=document.pk).update(**{field: value})
        changed(field)
    Department.objects.filter(pk=personas.dept_b.pk).update(name="韶关市财政局（改）")
    changed("a recipient's name")
    Department.objects.filter(pk=document.issuing_department_id).update(name="韶关市经济贸易局（改）")
    changed("the issuer's name")
    type(personas.leader_a).objects.filter(pk=document.signer_id).update(name="签发人改名")
    changed("the signer's name")
    Recipient.objects.filter(document=document).update(kind="copy")
    changed("主送 to 抄送")
    Attachment.objects.create(document=document, name="名单.pdf", size=3, sha256="a" * 64, file="documents/x.pdf",
                              uploaded_by=personas.staff_a, upload_record=None)
    changed("an attachment")
    Attachment.objects.filter(document=document).update(sha256="b" * 64)
    changed("an attachment's content")
    monkeypatch.setattr(fonts, "font_dir_signature", lambda: "other fonts")
    changed("the licensed fonts")
    monkeypatch.setattr(cache, "RENDERER_VERSION", "next")
    cache.renderer_digest.cache_clear()
    try:
        changed("the renderer")
    finally:
        monkeypatch.undo()
        cache.renderer_digest.cache_clear()


@pytest.mark.parametrize("who", ["info_center", "staff_b"])
def test_the_permission_check_comes_before_the_stored_file(personas, client, login, draft, walk, renders, who):
    document = walk(draft(), S.DISPATCH if who == "staff_b" else S.DISPATCHED)
    if who == "info_center":
        login(personas.clerk_a)
        assert client.get(f"/documents/{document.pk}/pdf/").status_code == 200  # stored now
        client.logout()
    login(getattr(personas, who))
    for url in (f"/documents/{document.pk}/pdf/", f"/api/v1/documents/{document.pk}/render.pdf",
                f"/documents/{document.pk}/docx/"):
        assert client.get(url).status_code == 404, url
    assert renders["docx"] == 0


def test_only_the_storage_api_is_used(personas, client, login, draft, walk, renders, settings):
    """An in-memory storage has no paths: the cache works all the same (as it must on S3)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_b)
    first = client.get(f"/documents/{document.pk}/docx/").getvalue()
    assert client.get(f"/documents/{document.pk}/docx/").getvalue() == first
    assert renders["docx"] == 1
    assert len(stored(document)) == 1


def test_a_change_to_a_renderer_or_template_file_changes_the_digest(tmp_path, settings, monkeypatch):
    (tmp_path / "render").mkdir()
    template = tmp_path / "render" / "page.html"
    template.write_text("<p>一</p>")
    settings.BASE_DIR = tmp_path
    monkeypatch.setattr(cache, "SOURCES", ("render", "gone.py"))  # a missing file is skipped
    cache.renderer_digest.cache_clear()
    try:
        first = cache.renderer_digest()
        template.write_text("<p>二</p>")
        cache.renderer_digest.cache_clear()
        assert cache.renderer_digest() != first
    finally:
        monkeypatch.undo()
        cache.renderer_digest.cache_clear()

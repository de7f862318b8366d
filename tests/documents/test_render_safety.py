"""WeasyPrint reads only data: URLs, our static files and the licensed-font folder; the font chain,
the start-up check, the seal, the management command and the benchmark."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from oa.rendering import fonts
from oa.rendering.checks import pdf_prerequisites
from oa.rendering.fetcher import SafeURLFetcher, static_url

pytestmark = pytest.mark.django_db

KAITI = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything tries to open a URL through urllib."""
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("network access while rendering")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://example.com/etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file:///static/does-not-exist.css",
        "gopher://example.com/",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_but_data_and_our_files(url, no_network):
    with pytest.raises(ValueError):
        SafeURLFetcher().fetch(url)


def test_fetcher_allows_data_urls():
    response = SafeURLFetcher().fetch("data:text/plain;base64,5L2g5aW9")
    assert response.read() == "你好".encode()


def test_fetcher_reads_static_files_through_the_finders():
    response = SafeURLFetcher().fetch(static_url("img/emblem.svg"))
    assert response.read().lstrip().startswith((b"<svg", b"<?xml"))


def test_fetcher_allows_fonts_in_the_font_folder_only(tmp_path, settings):
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "licensed.ttf").write_bytes(b"\0\1\0\0fake font")
    (folder / "notes.txt").write_text("not a font")
    settings.OA_FONT_DIR = str(folder)
    fetcher = SafeURLFetcher()
    assert fetcher.fetch((folder / "licensed.ttf").as_uri()).read() == b"\0\1\0\0fake font"
    for refused in ((folder / "notes.txt").as_uri(), (folder / ".." / "fonts" / ".." / "x.ttf").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)
    settings.OA_FONT_DIR = None
    with pytest.raises(ValueError):
        fetcher.fetch((folder / "licensed.ttf").as_uri())


def test_rendering_html_with_outside_references_fetches_nothing(no_network):
    from weasyprint import HTML

    fetcher = SafeURLFetcher()
    html = (
        '<link rel="stylesheet" href="http://example.com/x.css"><img src="file:///etc/hostname">'
        '<img src="https://example.com/y.png"><p style="background: url(ftp://example.com/z)">正文</p>'
        '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=">'
    )
    pdf = HTML(string=html, base_url="file:///", url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert fetcher.fetched == ["data:"]


def test_font_chain_ends_in_free_fonts_and_resolves_weight():
    assert fonts.ROLES["fangsong"].families[-1] == "Noto Serif CJK SC"
    assert fonts.ROLES["heiti"].families[-1] == "Noto Sans CJK SC"
    assert fonts.ROLES["kaiti"].families[-1] == "AR PL KaitiM GB"
    family, weight = fonts.resolve("xiaobiaosong")
    assert family.startswith('"FZXiaoBiaoSong-B05S", "方正小标宋简体"')
    if not {"FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK"} & fonts.system_families():
        assert weight == 700  # the free fallback is drawn bold
    assert ".f-fangsong" in fonts.role_css()


@pytest.mark.skipif(not KAITI.exists(), reason="fonts-arphic-gkai00mp not installed")
def test_licensed_font_folder_adds_font_faces_loaded_through_the_fetcher(tmp_path, settings, personas, monkeypatch):
    from documents.rendering.bench import create_sample_document
    from documents.rendering.pdf import render_pdf

    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(KAITI, folder / "kaiti.ttf")
    settings.OA_FONT_DIR = str(folder)
    url = (folder / "kaiti.ttf").resolve().as_uri()
    assert '"AR PL KaitiM GB"' in fonts.font_face_css() and url in fonts.font_face_css()
    fetched = []
    original = SafeURLFetcher.fetch

    def recording(self, target, headers=None):
        fetched.append(target)
        return original(self, target, headers)

    monkeypatch.setattr(SafeURLFetcher, "fetch", recording)
    document = create_sample_document(issuer=personas.dept_a, drafter=personas.staff_a, main=[], copy=[])
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert url in fetched
    assert "试运行时间" in reader.pages[0].extract_text()


def test_font_dir_falls_back_to_the_environment(tmp_path, settings, monkeypatch):
    settings.OA_FONT_DIR = None
    monkeypatch.setenv("OA_FONT_DIR", str(tmp_path))
    assert fonts.font_dir() == tmp_path.resolve()
    monkeypatch.setenv("OA_FONT_DIR", str(tmp_path / "missing"))
    assert fonts.font_dir() is None


def test_prerequisites_report_and_system_check(monkeypatch):
    report = fonts.check_pdf_prerequisites()
    assert set(report) >= {"ok", "harfbuzz_subset", "cjk_font", "problems", "hint"}
    monkeypatch.setattr(fonts, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(fonts, "cjk_font_available", lambda: False)
    from oa.rendering import checks

    monkeypatch.setattr(checks, "check_pdf_prerequisites", fonts.check_pdf_prerequisites)
    warnings = pdf_prerequisites()
    assert [w.id for w in warnings] == ["documents.W001", "documents.W002"]
    assert all(w.level == 30 for w in warnings)  # Warning, not Error
    assert "libharfbuzz-subset0" in warnings[0].hint and "apt-get" in warnings[0].hint
    monkeypatch.setattr(fonts, "harfbuzz_subset_available", lambda: True)
    monkeypatch.setattr(fonts, "cjk_font_available", lambda: True)
    assert pdf_prerequisites() == []


def test_seal_is_cached_and_drawn_as_outlines():
    from documents.rendering.seal import seal_png, seal_svg

    svg = seal_svg("甲局")
    assert svg is seal_svg("甲局")
    assert svg.startswith("<svg") and "<path" in svg and "#d40000" in svg
    png = seal_png("甲局")
    assert png is seal_png("甲局") and png.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGBA" and image.size[0] == image.size[1] > 400


def test_render_document_command_writes_pdf_and_docx(tmp_path, personas):
    from documents.rendering.bench import create_sample_document

    document = create_sample_document(issuer=personas.dept_a, drafter=personas.staff_a, main=[], copy=[])
    pdf, docx_file = tmp_path / "out.pdf", tmp_path / "sub" / "out.docx"
    call_command("render_document", id=document.pk, format="pdf", out=str(pdf), stdout=io.StringIO())
    call_command("render_document", "--id", str(document.pk), "--format", "docx", "--out", str(docx_file), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    assert docx_file.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError):
        call_command("render_document", id=999999, format="pdf", out=str(pdf))


def test_bench_rendering_reports_and_leaves_nothing_behind():
    from documents.models.document import Document
    from documents.rendering.bench import bench_rendering

    before = Document.objects.count()
    result = bench_rendering(runs=1)
    assert Document.objects.count() == before
    assert result["pdf"]["pages"] == 5 and result["pdf"]["p50_ms"] > 0 and result["docx"]["p50_ms"] > 0

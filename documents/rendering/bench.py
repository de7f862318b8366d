"""Rendering benchmark: PDF and DOCX of a 3-page red-header document (with a page for each of its two 附件), p50/p95 after a warm-up.

`bench_rendering(runs=10)` creates its own sample document inside a transaction that it rolls
back (or renders a given document), and returns a dict that `manage.py bench documents` prints.
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

PARAGRAPH = (
    "各单位要切实加强对应用系统试运行工作的领导和协调，整合本单位的人力和物力等资源，"
    "全力以赴配合应用系统推广应用工作，确保试运行取得实效。"
)
SAMPLE_TITLE = "关于做好我市电子政务应用系统试运行有关工作的通知"


def sample_body() -> str:
    """About three pages of GB/T 9704 text: four heading levels, paragraphs and a table."""
    lines = [
        "为加快推进我市电子政务建设，提高机关办公效率，经市政府同意，决定在市直机关开展办公自动化系统试运行工作。现将有关事项通知如下：",
        "一、试运行时间和范围",
        "（一）试运行时间。2026年11月13日至2026年12月13日，为期一个月。",
        "（二）试运行范围。市委办、市府办、发改局、经贸局、科技信息局、民政局、财政局、人事局、建设局、外经贸局、档案局、卫生局、环保局等13个单位。",
        "|单位|试运行内容|联系人|",
        "|市府办|公文收发、信息报送|张三|",
        "|经贸局|公文收发、网上审批|李四|",
        "|卫生局|公文收发、网上审批|王五|",
        "二、工作要求",
        "（一）加强领导。" + PARAGRAPH,
        "1.成立试运行工作小组。各单位要明确一名领导分管，指定一名联系人，负责本单位试运行的组织协调工作。",
        "2.做好人员培训。各单位要组织本单位人员参加培训，熟练掌握系统操作。",
        "（1）培训对象为各单位收发员、文书和经办人员。",
        "（2）培训由市信息中心统一组织。",
        "（二）纸质与电子并行。试运行期间，各单位收发的公文一律实行网上和纸质同时运行，急件和涉密文件除外。" + PARAGRAPH,
        "三、保障措施",
        "（一）落实经费。" + PARAGRAPH,
        "（二）严格保密。严格执行“涉密不上网，上网不涉密”的规定，涉密公文一律不得在系统中处理。",
        "四、其他事项",
        "试运行结束后，各单位要认真总结，于2026年12月20日前将用户使用报告报送市信息中心。",
    ]
    return "\n".join(lines)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def _ms(values: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
        "runs": len(values),
    }


def sample_fields(**overrides) -> dict:
    """The GB/T 33480 elements of the sample: numbered, signed, sealed, urgent, with attachments."""
    from documents.choices import Direction, Urgency

    fields = {
        "doc_type": "通知", "direction": Direction.DOWNWARD, "copy_number": 1, "urgency": Urgency.URGENT,
        "organ_mark": "韶关市经济贸易局文件", "number_code": "韶经贸", "number_year": 2026, "number_seq": 77,
        "signed_at": datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC),
        "title": SAMPLE_TITLE, "recipients_note": "各县（市、区）经贸局", "body": sample_body(),
        "attachment_note": "试运行单位名单\n试运行工作联系人及联系电话一览表（请各单位于2026年11月10日前报送市信息中心）",
        "signature_name": "韶关市经济贸易局", "written_date": datetime.date(2026, 11, 3), "remark": "此件公开发布",
        "printing_org": "韶关市经济贸易局办公室", "printed_date": datetime.date(2026, 11, 4), "sealed": True,
    }
    fields.update(overrides)
    return fields


def create_sample_document(*, issuer=None, drafter=None, main=None, copy=None, **overrides):
    """A sample document saved with the ORM (call inside a transaction that is rolled back).

    Departments and the drafter are created when not given; `overrides` replace sample fields.
    """
    from documents.choices import RecipientKind
    from documents.models.document import Document, Recipient
    from oa.org.models import Department, Person

    stamp = time.monotonic_ns() % 10**8

    def department(i: int, name: str):
        code = "韶样" + "".join("零一二三四五六七八九"[int(c)] for c in f"{i}{stamp}")
        return Department.objects.filter(name=name).first() or Department.objects.create(
            name=name, short_name=name[:30], organ_code=code, slug=f"rb{i}x{stamp}"
        )

    if issuer is None:
        issuer = department(0, "韶关市经济贸易局")
    if main is None:
        main = [department(1, "韶关市人民政府办公室")]
    if copy is None:
        copy = [department(i, name) for i, name in enumerate(["市信息中心", "市财政局", "市人事局"], 2)]
    if drafter is None:
        drafter = Person.objects.create(username=f"render_bench_{stamp}", name="拟稿人", department=issuer)
    fields = sample_fields(**overrides)
    fields.setdefault("signer", drafter)
    document = Document.objects.create(
        issuing_department=issuer, drafter=drafter, drafting_department=issuer, **fields
    )
    rows = [Recipient(document=document, department=d, kind=RecipientKind.MAIN, position=i) for i, d in enumerate(main)]
    rows += [Recipient(document=document, department=d, kind=RecipientKind.COPY, position=i) for i, d in enumerate(copy)]
    Recipient.objects.bulk_create(rows)
    return document


def _time(render, document, runs: int) -> tuple[list[float], bytes]:
    times, out = [], b""
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        out = render(document)
        times.append(time.perf_counter() - started)
    return times, out


def _cached_downloads(document, runs: int) -> tuple[list[float], list[float]]:
    """The whole request for the PDF of a dispatched document once it is stored (documents.rendering.cache):
    session, permission check, render key, read from storage. The stored file is deleted afterwards."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from documents.choices import DocumentState
    from documents.models.document import Document
    from documents.rendering.cache import PREFIX
    from oa.core.bench import client_for

    Document.objects.filter(pk=document.pk).update(state=DocumentState.DISPATCHED)
    type(document.drafter).objects.filter(pk=document.drafter_id).update(password_changed_at=timezone.now())
    client = client_for(document.drafter)
    url = f"/documents/{document.pk}/pdf/"
    lookups: list[float] = []
    try:
        assert client.get(url).status_code == 200  # rendered and stored
        times = []
        for _ in range(max(1, runs)):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        # the cache's own part of it: the render key (the document's inputs hashed) and the read from storage
        from documents.rendering.cache import rendered
        from documents.rendering.pdf import render_pdf
        from documents.selectors import document_for

        shown = document_for(document.drafter, document.pk)
        for _ in range(max(1, runs)):
            started = time.perf_counter()
            rendered(shown, "pdf", render_pdf)
            lookups.append(time.perf_counter() - started)
    finally:
        folder = f"{PREFIX}/{document.pk}"
        if default_storage.exists(folder):
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")
    return times, lookups


def bench_rendering(runs: int = 10, document=None) -> dict:
    """PDF and DOCX render times after a warm-up (fonts load once per process and thread).

    "pdf" is measured as the process runs; "pdf_gc_frozen" after gc.freeze(), as in a server that
    freezes its start-up objects: a full collection scans the ~220,000 objects Django, Wagtail and
    WeasyPrint keep, and one falls into about every other render (+100 ms).
    """
    import gc

    from django.db import transaction
    from pypdf import PdfReader

    from documents.rendering.docx import render_docx
    from documents.rendering.pdf import render_pdf
    from oa.rendering.fonts import check_pdf_prerequisites

    with transaction.atomic():
        if document is None:
            document = create_sample_document()
        render_pdf(document)
        render_docx(document)
        pdf_times, pdf = _time(render_pdf, document, runs)
        docx_times, docx = _time(render_docx, document, runs)
        already_frozen = gc.get_freeze_count() > 0
        gc.collect()
        gc.freeze()
        try:
            frozen_times, _ = _time(render_pdf, document, runs)
        finally:
            if not already_frozen:
                gc.unfreeze()
        cached_times, lookup_times = _cached_downloads(document, runs)
        transaction.set_rollback(True)
    prerequisites = check_pdf_prerequisites()
    return {
        "pdf": {"pages": len(PdfReader(io.BytesIO(pdf)).pages), "bytes": len(pdf), **_ms(pdf_times), "target_ms": 300},
        "pdf_gc_frozen": _ms(frozen_times),
        "docx": {"bytes": len(docx), **_ms(docx_times), "target_ms": 60},
        "pdf_download_cached": {**_ms(cached_times), "target_ms": 20},
        "pdf_cache_lookup": _ms(lookup_times),  # key + storage read, without the request around it
        "harfbuzz_subset": prerequisites["harfbuzz_subset"],
        "licensed_fonts": prerequisites["licensed_fonts"],
    }

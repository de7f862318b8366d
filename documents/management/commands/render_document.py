"""python manage.py render_document --id N --format pdf|docx|ofd --out FILE

Renders a 发文 in the GB/T 9704 layout, for checking the output or printing outside the browser.
No permission check: whoever can run manage.py can read the database anyway.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "按 GB/T 9704-2012 版式生成公文的 PDF 或 DOCX 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--id", type=int, required=True, help="发文 ID")
        parser.add_argument("--format", choices=["pdf", "docx", "ofd"], default="pdf")
        parser.add_argument("--out", required=True, help="输出文件路径（- 表示标准输出）")

    def handle(self, *args, **options):
        from documents.models.document import Document

        try:
            document = Document.objects.select_related("issuing_department", "signer").get(pk=options["id"])
        except Document.DoesNotExist as exc:
            raise CommandError(f"发文 {options['id']} 不存在。") from exc
        if options["format"] == "pdf":
            from documents.rendering.cache import rendered
            from documents.seals.document import document_pdf

            data = rendered(document, "pdf", document_pdf)  # the signed file, for a sealed dispatched document
        elif options["format"] == "ofd":
            from documents.rendering.ofd import render_ofd

            data = render_ofd(document)
        else:
            from documents.rendering.docx import render_docx

            data = render_docx(document)
        if options["out"] == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(f"已生成 {out}（{len(data)} 字节）")

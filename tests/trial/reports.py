"""Shared by the usage report tests: the sections a department writes, the gate's declaration, a
ticket, the paper events of a trial, ending a trial (which opens the reports), an upload, and the text of the archived files."""

import io

from oa.feedback.services.reporting import ticket_report
from oa.trial.models import PaperRequirement, UsageReport
from oa.trial.services.paper import PaperSent, paper_confirm, paper_record, paper_urgent_channel
from oa.trial.services.programme import programme_transition
from oa.uploads.screening.declarations import CURRENT_VERSION

SECTIONS = {"usage": "系统运行稳定，公文均网上流转。\n全局37人均已开通账号。", "problems": "个别人员操作不熟练。",
            "suggestions": "增加培训场次。"}
JSON = "application/json"
GATE = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


def ticket(actor, category="software", description="打开发文列表时页面报错，无法继续办理。"):
    return ticket_report(actor=actor, fields={"category": category, "severity": "normal", "description": description})


def paper_events(dispatched, personas, day):
    """A dispatches four documents to B (one urgent); on paper A sends two of the three plain ones,
    B confirms one, and the urgent one goes on paper only."""
    normal = [PaperRequirement.objects.get(delivery=dispatched(title=f"平件{i}")) for i in range(3)]
    urgent = PaperRequirement.objects.get(delivery=dispatched(title="急件", urgency="urgent"))
    paper_record(actor=personas.clerk_a, requirement_id=normal[0].pk, sent=PaperSent(count=2, sent_on=day, method="exchange"))
    paper_record(actor=personas.clerk_a, requirement_id=normal[1].pk, sent=PaperSent(count=1, sent_on=day, method="courier"))
    paper_confirm(actor=personas.clerk_b, requirement_id=normal[0].pk, count=2)
    paper_urgent_channel(actor=personas.clerk_a, requirement_id=urgent.pk, channel="paper_only")


def ended(trial):
    programme_transition(actor=trial.created_by, programme_id=trial.pk, action="end")
    return {r.department_id: r for r in UsageReport.objects.filter(programme=trial)}


def uploaded(name="签字盖章扫描件.txt", text="经审核，同意报送。局长：张三"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def text_of_pdf(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages), [page.mediabox for page in reader.pages]


def text_of_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)

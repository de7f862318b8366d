"""The suggested 保管期限 of a 件 — the one table (DA/T 22-2015 §5.2 and 国家档案局令第8号《机关文件材料归档范围
和文书档案保管期限规定》, read for a municipal organ). The archivist may choose another at filing and change it
later (services/filing.py); this only proposes.

本机关发文: the organ's own main-business decisions, rules, 请示 with their 批复, and 纪要 are kept for ever;
通知, 通报, 报告 of ordinary business 30 years; 函 and routine business 10 years.
收文: a 批复 to the organ's own 请示 for ever; the superior's 决定/命令/意见 it has to carry out 30 years;
everything else received (通知, 函, copies for information) 10 years. A paper arrival without a 文种 10 years.
"""

from __future__ import annotations

from documents.choices import DocType
from oa.archives.choices import Retention

Y, D30, D10 = Retention.PERMANENT, Retention.LONG, Retention.SHORT

DISPATCHED = {
    DocType.RESOLUTION: Y, DocType.DECISION: Y, DocType.ORDER: Y, DocType.COMMUNIQUE: Y,
    DocType.ANNOUNCEMENT: Y, DocType.PUBLIC_NOTICE: Y, DocType.OPINION: Y, DocType.REQUEST: Y,
    DocType.REPLY: Y, DocType.MOTION: Y, DocType.MINUTES: Y,
    DocType.NOTICE: D30, DocType.BULLETIN: D30, DocType.REPORT: D30,
    DocType.LETTER: D10,
}
RECEIVED = {
    DocType.REPLY: Y,
    DocType.DECISION: D30, DocType.ORDER: D30, DocType.OPINION: D30, DocType.RESOLUTION: D30,
}


def suggested(*, doc_type: str | None, received: bool) -> str:
    """The 保管期限 proposed for a 件 of this 文种 (None: a paper arrival)."""
    if received:
        return RECEIVED.get(doc_type, D10)
    return DISPATCHED.get(doc_type, D30)


def retention_value(raw) -> str | None:
    """What the archivist chose: a 保管期限 code or label (None when nothing was chosen); a clear error else."""
    from django.core.exceptions import ValidationError

    if raw in (None, ""):
        return None
    text = str(raw).strip()
    for choice in Retention:
        if text in (choice.value, choice.label):
            return choice.value
    raise ValidationError({"retention": "保管期限须为“永久”“定期30年”或“定期10年”（Y、D30、D10）。"})

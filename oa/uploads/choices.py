"""Model choices of the gate: the screening's values (screening/kinds.py) with their Chinese labels."""

from django.db import models

from oa.uploads.screening import kinds


def _choices(name: str, labels: dict) -> type[models.TextChoices]:
    return models.TextChoices(name, [(kind.name, (kind.value, labels[kind])) for kind in labels])


Verdict = _choices("Verdict", {
    kinds.Verdict.ACCEPTED: "通过",
    kinds.Verdict.BLOCKED: "拒绝",
    kinds.Verdict.REVIEW: "待保密员审核",
})

# 密级 a person declares for an upload; only ACCEPTED_LEVELS are accepted here.
Level = _choices("Level", {level: level.value for level in kinds.Level})
ACCEPTED_LEVELS = tuple(Level(level) for level in kinds.ACCEPTED_LEVELS)
CLASSIFIED_LEVELS = tuple(Level(level) for level in kinds.CLASSIFIED_LEVELS)

# What the bytes are (from the content, checked against the name).
FileType = _choices("FileType", kinds.LABELS)


class Source(models.TextChoices):
    FILE = "file", "上传文件"
    TYPED = "typed", "录入文字"

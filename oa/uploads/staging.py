"""暂存: a chosen file kept across a failed submit of its form, so that the person need not choose it again.

    stage(person=…, upload=…, gate=…)  -> a token, or None when the file may not be kept
    unstage(person=…, tokens=…)        -> the files again (as uploads for the gate), their copies deleted

Only a *declared* file is kept — the 承诺 ticked in its current version, a 密级 the gate accepts — and only when the
gate's screening would not block its bytes: blocked bytes are never stored, undeclared ones neither (a form sent
without the 承诺 is stopped in the browser instead, static/js/forms.js). Nothing is recorded here: the gate screens,
records and ledgers the file when the form finally goes through, as if it had just been chosen. The copy lies under
staged/<person>/ in the media storage for at most STAGE_SECONDS and only its chooser can take it back: the token (sent back in
the form's hidden `staged` fields) is signed and names the person.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils import timezone

from oa.uploads.choices import ACCEPTED_LEVELS, Verdict
from oa.uploads.limits import current_limits
from oa.uploads.screening.declarations import CURRENT_VERSION
from oa.uploads.screening.verdict import screen

STAGE_SECONDS = 3600
SALT = "oa.uploads.staging"


def _folder(person) -> str:
    return f"staged/{person.pk}"


def _declared(gate: dict) -> bool:
    return (bool(gate.get("declaration_accepted")) and gate.get("declaration_version") == CURRENT_VERSION
            and gate.get("declared_level") in ACCEPTED_LEVELS)


def stage(*, person, upload, gate: dict) -> str | None:
    """Keep `upload` (a Django UploadedFile, left open and unread) for its chooser; None when it may not be kept
    (undeclared, blocked by the screening, cut short by the upload cap, or already consumed by the gate)."""
    if not _declared(gate) or getattr(upload, "oa_truncated", False):
        return None
    try:
        upload.seek(0)
        content = upload.read(int(settings.OA_UPLOAD_MAX_BYTES) + 1)
    except ValueError:  # closed: the gate has read it (and accepted, held or refused it)
        return None
    verdict = screen(name=upload.name, content=content, limits=current_limits(), declared_level=gate["declared_level"])
    if verdict.verdict == Verdict.BLOCKED:
        return None
    _purge_stale(person)
    key = secrets.token_hex(16)
    default_storage.save(f"{_folder(person)}/{key}", ContentFile(content))
    return signing.dumps({"person": person.pk, "key": key, "name": upload.name,
                          "type": getattr(upload, "content_type", "") or ""}, salt=SALT)


def unstage(*, person, tokens) -> list[InMemoryUploadedFile]:
    """The files the tokens stand for, if `person` chose them and they are still kept; each copy is deleted (a
    form that fails again stages them anew). Anything else — forged, expired, another person's — is ignored."""
    files = []
    for token in tokens:
        try:
            data = signing.loads(token, salt=SALT, max_age=STAGE_SECONDS)
        except signing.BadSignature:
            continue
        path = f"{_folder(person)}/{data.get('key', '')}"
        if data.get("person") != person.pk or not str(data.get("key", "")).isalnum() or not default_storage.exists(path):
            continue
        with default_storage.open(path, "rb") as stream:
            content = stream.read()
        default_storage.delete(path)
        files.append(InMemoryUploadedFile(BytesIO(content), "file", data["name"], data.get("type") or None,
                                          len(content), None))
    return files


def _purge_stale(person) -> None:
    folder = _folder(person)
    try:  # an object store has no folders: `exists` would say no; its listdir of an unknown prefix is empty
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:  # the local disk, no folder yet
        return
    oldest = timezone.now() - timedelta(seconds=STAGE_SECONDS)
    for name in names:
        if default_storage.get_modified_time(f"{folder}/{name}") < oldest:
            default_storage.delete(f"{folder}/{name}")

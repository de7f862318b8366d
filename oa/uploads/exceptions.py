"""What the gate raises. Both are ValidationErrors, so every caller that already turns a
ValidationError into a message (pages) or a 400 (API) shows the Chinese reasons unchanged."""

from django.core.exceptions import ValidationError


class UploadNotAccepted(ValidationError):
    """The file or text did not pass. `record` is the UploadRecord (None if nothing was recorded)."""

    def __init__(self, reasons: list[str], record=None):
        super().__init__(list(reasons) or ["未通过密级检查。"])
        self.reasons = list(reasons)
        self.record = record


class UploadRefused(UploadNotAccepted):
    """Blocked: the bytes were not kept anywhere; only the record (hash and metadata) remains."""


class UploadHeld(UploadNotAccepted):
    """Held for the security officer's review: the file is not usable until released."""

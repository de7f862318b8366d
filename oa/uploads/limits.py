"""The screening's caps from the settings, read at call time (so a test's `settings` fixture applies)."""

from django.conf import settings

from oa.uploads.screening.zipsafe import Limits


def current_limits() -> Limits:
    return Limits(
        max_bytes=int(settings.OA_UPLOAD_MAX_BYTES),
        max_entries=int(settings.OA_UPLOAD_ZIP_MAX_ENTRIES),
        max_unpacked=int(settings.OA_UPLOAD_ZIP_MAX_UNPACKED_BYTES),
        max_ratio=int(settings.OA_UPLOAD_ZIP_MAX_RATIO),
        max_pdf_pages=int(settings.OA_UPLOAD_PDF_MAX_PAGES),
    )

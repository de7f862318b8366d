"""Keep every uploaded file in memory, never in a temporary file.

Django's default handlers write uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a named
file in /tmp (TemporaryUploadedFile) before any view runs. For a classified file that the gate
then refuses, that means its bytes touched the disk. Every ingress is gated, so this handler
replaces the defaults for the whole site (settings.FILE_UPLOAD_HANDLERS):

- each file is collected in a BytesIO up to OA_UPLOAD_MAX_BYTES + 1 bytes; anything beyond is
  counted and discarded, so memory per file is bounded and the gate still sees "too big";
- `size` reports the true number of bytes received; `oa_truncated` says whether data was dropped;
- the whole request is held to OA_REQUEST_MAX_BYTES (the upload cap plus the multipart envelope,
  oa.core.bodylimit): a declared Content-Length over it is refused before parsing starts, and the
  handler stops the parser once the bytes received pass it (a body without a length, or one that
  runs on) — BodyTooLarge, a 413 in Chinese on pages and in the API. Between the two caps the file
  is still read (and counted, not kept), so the gate records the attempt with its true size.

The raw ASGI request body is kept in memory by FILE_UPLOAD_MAX_MEMORY_SIZE (see settings); the
web server in front (nginx, daphne/twisted) must not spool bodies to disk either — see
docs/security.md.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from oa.core.bodylimit import BodyTooLarge, body_limit


class GatedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.body_limit = body_limit("multipart/form-data")
        self.body_received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.body_limit:
            raise BodyTooLarge(self.body_limit)
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.kept = 0
        self.received = 0
        self.limit = int(settings.OA_UPLOAD_MAX_BYTES) + 1
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.body_received += len(raw_data)
        if self.body_received > self.body_limit:
            raise BodyTooLarge(self.body_limit)
        room = self.limit - self.kept
        if room > 0:
            piece = raw_data[:room]
            self.file.write(piece)
            self.kept += len(piece)
        return None

    def file_complete(self, file_size):
        self.file.seek(0)
        upload = InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        upload.oa_truncated = self.received > self.kept
        return upload

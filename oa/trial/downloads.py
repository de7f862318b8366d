"""The archived rendering of a usage report as a download, for the page and the API alike."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from oa.trial.services.reports import report_file_name


def report_file_response(report, kind: str) -> HttpResponse:
    name, content_type = report_file_name(report, kind)
    response = HttpResponse(bytes(getattr(report, kind)), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

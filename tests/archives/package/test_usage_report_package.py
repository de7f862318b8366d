"""The information center archives a 用户使用报告 the same way as a 件: archiving it builds its package
(the PDF, the DOCX as a rendition, its 附件, the trail and the ledger segment), which passes its 四性检测."""

import io
import zipfile

import pytest

from oa.archives.models import ArchivePackage, PackageKind
from oa.trial.services.reports import attachment_add, report_approve, report_archive, report_submit
from tests.trial.conftest import programme_of, rule, trial  # noqa: F401  (the trial's fixtures)
from tests.trial.reports import GATE, SECTIONS, ended, uploaded

pytestmark = pytest.mark.django_db


def test_archiving_a_usage_report_builds_its_package(trial, personas, django_capture_on_commit_callbacks):  # noqa: F811
    report = ended(trial)[personas.dept_a.pk]
    attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded(), gate=GATE)
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    report_approve(actor=personas.leader_a, report_id=report.pk)
    with django_capture_on_commit_callbacks(execute=True):
        report_archive(actor=personas.info_center, report_id=report.pk)
    package = ArchivePackage.objects.get(kind=PackageKind.REPORT, usage_report=report)
    assert package.check_ok, [c for c in package.check_report["checks"] if c["status"] == "fail"]
    assert package.identifier == f"XXZX-WS·{package.built_at.year}-D30-XXZX-R{report.pk:04d}"
    from oa.archives.packaging import read_package

    names = set(zipfile.ZipFile(io.BytesIO(read_package(package))).namelist())
    assert {"content/document.pdf", "content/rendition-01.docx", "attachments/01.txt", "trail/trail.pdf"} <= names

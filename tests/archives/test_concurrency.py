"""件号 under concurrency (PostgreSQL): archivists filing at the same moment get 1…n in each 期限, no gap, no twice."""

import threading

import pytest
from django.db import connection

from documents.choices import DocumentState as S
from oa.archives.models import ArchiveItem, ArchiveSequence
from oa.archives.services.filing import file_document
from oa.org.choices import Role
from tests.factories import person_with_role


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL only")
def test_six_concurrent_filings_in_two_retentions_are_numbered_in_order(personas, draft, walk):
    second = person_with_role("a_archivist2", personas.dept_a, Role.ARCHIVIST, "档案员")
    archivists = (personas.archivist_a, second)
    documents = [walk(draft(title=f"第{i}份"), S.DISPATCHED) for i in range(6)]
    barrier = threading.Barrier(len(documents))
    errors = []

    def file(index, document):
        try:
            barrier.wait(timeout=20)
            file_document(actor=archivists[index % 2], document_id=document.pk, retention=("Y", "D10")[index % 2])
        except Exception as exc:  # noqa: BLE001 — any failure is what the test must show
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(i, d)) for i, d in enumerate(documents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    by_retention = {}
    for retention, seq in ArchiveItem.objects.values_list("retention", "seq"):
        by_retention.setdefault(retention, []).append(seq)
    assert {k: sorted(v) for k, v in by_retention.items()} == {"Y": [1, 2, 3], "D10": [1, 2, 3]}
    assert dict(ArchiveSequence.objects.values_list("retention", "last")) == {"Y": 3, "D10": 3}
    codes = [item.code for item in ArchiveItem.objects.all()]
    assert len(set(codes)) == 6

"""待归档 on the archivist's 待办 (issues 20/21): an issued 发文 of their department and a closed 收文 waiting on them
count in the badge and are listed on /todo/, through the documents' own providers and workflow tables; filed, they
are gone. The other personas' counts do not change."""

import pytest

from documents.choices import DocumentState as S
from documents.incoming.services.flow import delivery_complete
from documents.models import Delivery
from oa.archives.services.filing import file_delivery, file_document
from oa.core.todo import todo_counts, todo_sources
from tests.documents.receiving import to_handling

pytestmark = pytest.mark.django_db

OTHERS = ("staff_a", "director_a", "leader_a", "clerk_a", "staff_b", "director_b", "leader_b", "clerk_b")


def _listed(person) -> list[str]:
    return [item.title for source in todo_sources(person) for item in source.items]


def _counts(personas):
    return {name: todo_counts(getattr(personas, name)).to_do for name in OTHERS}


def test_the_archivist_s_todo_counts_and_lists_what_waits_to_be_filed(personas, draft, walk, client, login):
    document = walk(draft(title="关于开展档案归档检查的通知"), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    to_handling(personas, delivery.pk)
    delivery_complete(actor=personas.staff_b, delivery_id=delivery.pk, text="已办理")
    before = _counts(personas)
    assert not any("待归档" in t for name in OTHERS for t in _listed(getattr(personas, name)))  # the archivists' only

    assert todo_counts(personas.archivist_a).to_do == 1
    assert "【待归档】关于开展档案归档检查的通知" in _listed(personas.archivist_a)
    assert todo_counts(personas.archivist_b).to_do == 1
    assert any(t.startswith("【待归档】关于开展档案归档检查的通知") for t in _listed(personas.archivist_b))
    login(personas.archivist_a)
    page = client.get("/todo/").content.decode()
    assert "待归档" in page and f"/documents/{document.pk}/" in page

    file_document(actor=personas.archivist_a, document_id=document.pk)
    file_delivery(actor=personas.archivist_b, delivery_id=delivery.pk)
    for archivist in (personas.archivist_a, personas.archivist_b):
        archivist.__dict__.pop("_role_set", None)
        assert todo_counts(archivist).to_do == 0
        assert not any("待归档" in t for t in _listed(archivist))
    assert _counts(personas) == before  # filing changes nobody else's 待办

import pytest

from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.uploads import corpus as c

DECLARED = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


@pytest.fixture
def declared():
    return dict(DECLARED)


@pytest.fixture
def live_events(monkeypatch):
    """Every live push the gate and the review make: (person_id, event, payload)."""
    events = []

    def record(person_id, event, **payload):
        events.append((person_id, event, payload))

    monkeypatch.setattr("oa.uploads.gate.notify_person_on_commit", record)
    monkeypatch.setattr("oa.uploads.review.notify_person_on_commit", record)
    return events


@pytest.fixture(scope="module")
def plain_pdf():
    """A PDF with a text layer and nothing else (WeasyPrint), made once per module."""
    return c.pdf_text("关于做好电子政务应用系统试运行有关工作的通知", "各单位要高度重视。")

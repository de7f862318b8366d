import pytest

from oa.uploads.screening.declarations import CURRENT_VERSION

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

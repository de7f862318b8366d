"""A running trial covering today, with departments A and B in the office system and rule v1."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from oa.org.models import Person
from oa.trial.choices import TrialSystem
from oa.trial.models import TransmissionRule
from oa.trial.services.programme import programme_create, programme_transition


@pytest.fixture
def rule(personas):
    return TransmissionRule.objects.create(version=1, effective_from=timezone.localdate() - timedelta(days=30),
                                           text="除急件和“三密”件外，网上传输和纸质同步。", paper_chase_working_days=3)


@pytest.fixture
def programme_of(personas):
    def _make(departments=None, start=-10, end=20, run=True):
        today = timezone.localdate()
        departments = departments if departments is not None else [personas.dept_a, personas.dept_b]
        programme = programme_create(
            actor=personas.info_center, name="电子政务应用系统试运行", start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end), participants={TrialSystem.OFFICE: [d.pk for d in departments]})
        if run:
            programme = programme_transition(actor=personas.info_center, programme_id=programme.pk, action="start")
        return programme

    return _make


@pytest.fixture
def trial(rule, programme_of):
    return programme_of()


@pytest.fixture
def dispatched(personas, draft, walk):
    """dispatched(**draft fields) -> the delivery to department B of a document A has just dispatched."""

    def _dispatched(**fields):
        document = walk(draft(**fields), S.DISPATCHED)
        return document.deliveries.get(department=personas.dept_b)

    return _dispatched


@pytest.fixture
def events(monkeypatch):
    """Live notifications sent by the report and paper services: [(person id, event, payload)]."""
    sent = []
    monkeypatch.setattr("oa.trial.services.reports.notify_person_on_commit",
                        lambda person_id, event, **payload: sent.append((person_id, event, payload)))

    def to_audience(audience, event, **payload):
        """A department's clerks (`department:<id>:role:clerk`), told one by one here, as the sockets receive it."""
        _, department_id, _, role = audience.split(":")
        for person_id in Person.objects.filter(department_id=department_id, is_active=True,
                                               role_grants__role=role).values_list("id", flat=True):
            sent.append((person_id, event, payload))

    monkeypatch.setattr("oa.trial.services.paper.notify_group_on_commit", to_audience)
    return sent

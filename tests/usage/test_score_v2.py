"""Score v2 (纸质同步合规率 during a trial), frozen v1 bulletins kept as frozen, counts beside every rate in the
API (as the schema declares them), and an API token's first use each day counted as a login."""

import jsonschema
import pytest
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.org.ledger_actions import AUTH_LOGIN
from oa.org.services.tokens import api_token_issue
from oa.trial.models import PaperRequirement
from oa.trial.services.paper import PaperSent, paper_record
from oa.usage.figures import derive, rate_counts
from oa.usage.periods import Period
from oa.usage.score import explain
from oa.usage.selectors import build_table, department_row
from oa.usage.services import bulletin
from tests.core.test_api_lists_match_schema import _json_schema, _openapi, _resolved
from tests.trial.conftest import dispatched, programme_of, rule, trial  # noqa: F401

pytestmark = pytest.mark.django_db
OCT1 = Period.parse("2026-10-1")


def test_v2_scores_paper_compliance_only_during_a_trial():
    values = {"done_on_time": 3, "done_red": 1, "sign_wd_0": 1, "sign_wd_3": 1, "received": 3, "paper_missed": 1,
              "circ_sent": 2, "circ_read": 1, "paper_required": 4, "paper_parallel": 2}
    row, counts = derive(values, ["trial"]), rate_counts(values, ["trial"])
    result = explain(row, counts=counts)
    points = {p["key"]: p["points"] for p in result["parts"]}
    # weights 35/25/20/10/15 (no notices module) rescaled to 100/105
    assert points == {"on_time": 25.0, "sign_speed": 11.9, "usage": 14.29, "circulation": 4.76, "notices": 0.0,
                      "paper": 7.14}
    assert result["score"] == round(sum(points.values()) - 2, 2)
    paper = next(p for p in result["parts"] if p["key"] == "paper")
    assert paper["counts"] == {"numerator": 2, "denominator": 4} and paper["rate"] == 0.5
    assert "paper" not in {p["key"] for p in explain(row, "v1")["parts"]}  # v1 explains the same row without it
    no_trial = explain(derive(values, []), counts=rate_counts(values, []))
    assert next(p for p in no_trial["parts"] if p["key"] == "paper")["rate"] is None


def test_a_frozen_v1_bulletin_keeps_its_scores(personas, half_month, monkeypatch, login):
    """A bulletin frozen under v1 (as before this change) is shown exactly as frozen; new ones are v2."""
    from oa.usage import selectors
    from oa.usage.models import Bulletin
    from oa.usage.score import V1
    from oa.usage.services import reports

    monkeypatch.setattr(selectors, "explain", lambda row, version=None, counts=None: explain(row, "v1"))
    monkeypatch.setattr(selectors, "FORMULA_VERSION", "v1")
    monkeypatch.setattr(selectors, "FORMULA_TEXT", V1.text)
    monkeypatch.setattr(reports, "FORMULA_VERSION", "v1")
    report, _ = reports.usage_close(period=OCT1)
    monkeypatch.undo()
    frozen = Bulletin.objects.get(pk=report.pk)
    assert frozen.formula_version == "v1" and frozen.data["table"]["formula"]["version"] == "v1"
    row = department_row(frozen.data["table"], personas.dept_b.pk)
    assert row["score"]["version"] == "v1" and explain(row["figures"], "v1")["score"] == row["score"]["score"]
    client = login(personas.info_center)
    api = client.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/").json()
    assert api["score"] == row["score"]
    page = client.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    assert "评分公式第1版" in page
    v2 = reports.usage_correct(period=OCT1, actor=personas.info_center, reason="按 v2 重新评分")
    assert v2.formula_version == "v2" and department_row(v2.data["table"], personas.dept_b.pk)["score"]["version"] == "v2"
    assert Bulletin.objects.get(pk=report.pk).data == frozen.data


def test_low_paper_compliance_is_named_in_the_bulletin(trial, dispatched, personas):  # noqa: F811
    dispatched(title="第一件")
    sent = PaperRequirement.objects.get(delivery=dispatched(title="第二件"))
    paper_record(actor=personas.clerk_a, requirement_id=sent.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="exchange"))
    table = build_table(Period.current())
    a = department_row(table, personas.dept_a.pk)
    assert a["figures"]["paper_compliance"] == 0.5
    assert a["counts"]["paper_compliance"] == {"numerator": 1, "denominator": 2}
    assert next(p for p in a["score"]["parts"] if p["key"] == "paper")["points"] > 0
    c = bulletin.content(table, None, number="2026年第1期", issued_on=timezone.localdate(), version=1)
    groups = {item["problem"]: item["units"] for item in c["attention"]}
    assert groups[bulletin.PAPER_LOW_GROUP] == "甲局50.0%"
    assert "纸质同步" in c["headers"]


def _valid(openapi, path, body):
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    components = {name: _json_schema(node) for name, node in openapi["components"]["schemas"].items()}
    resolver_root = {"components": {"schemas": components}}
    jsonschema.validate(body, {**_json_schema(_resolved(openapi, schema)), **resolver_root})


def test_the_usage_api_gives_counts_beside_every_rate_as_the_schema_declares(personas, half_month, login):
    client = login(personas.info_center)
    figures = client.get("/api/v1/usage-reports/periods/2026-10-1/").json()
    b = next(r for r in figures["table"]["rows"] if r["department_id"] == personas.dept_b.pk)
    for code, value in b["figures"].items():
        if code.endswith("_rate") or code == "paper_compliance":
            counts = b["counts"][code]
            if counts is None or counts["denominator"] == 0:
                assert value is None
            else:
                assert value == pytest.approx(min(1, counts["numerator"] / counts["denominator"]))
    assert b["counts"]["usage_rate"] == {"numerator": 1, "denominator": 2}  # 1 online, 1 paper only from 甲局
    assert b["counts"]["on_time_rate"] == {"numerator": 1, "denominator": 2}
    assert figures["table"]["city"]["counts"]["usage_rate"] == {"numerator": 1, "denominator": 2}
    score = client.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/").json()
    assert all("counts" in p for p in score["score"]["parts"])
    openapi = _openapi()
    _valid(openapi, "/api/v1/usage-reports/periods/{period}/", figures)
    _valid(openapi, "/api/v1/usage-reports/periods/{period}/departments/{department_id}/", score)


def test_a_tokens_first_use_each_day_counts_as_one_login(personas, client, clock):
    clock.set(2026, 10, 12, 9, 0)
    _, key = api_token_issue(person=personas.clerk_b, name="对接")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}

    def logins():
        return list(LedgerEntry.objects.filter(action=AUTH_LOGIN).values_list("data", flat=True))

    assert client.get("/api/v1/departments/", **auth).status_code == 200
    clock.set(2026, 10, 12, 23, 59)
    assert client.get("/api/v1/departments/", **auth).status_code == 200
    assert logins() == [{"via": "token", "token": key[:8]}]
    clock.set(2026, 10, 13, 0, 1)  # a new day in Shanghai (16:01 UTC the day before)
    client.get("/api/v1/departments/", **auth)
    client.get("/api/v1/departments/", **auth)
    assert len(logins()) == 2
    row = department_row(build_table(OCT1, live=True), personas.dept_b.pk)["figures"]
    assert row["logins"] == 2 and row["active"] == 1


def test_a_tokens_later_requests_that_day_add_no_query(personas, client, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clock.set(2026, 10, 12, 9, 0)
    _, key = api_token_issue(person=personas.clerk_b)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client.get("/api/v1/departments/", **auth)
    clock.set(2026, 10, 12, 9, 0, 30)
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/departments/", **auth)
    clock.set(2026, 10, 12, 9, 0, 40)
    with CaptureQueriesContext(connection) as second:
        client.get("/api/v1/departments/", **auth)
    assert len(first) == len(second)
    assert not any("usage" in q["sql"] or "audit_ledger" in q["sql"] for q in second.captured_queries)


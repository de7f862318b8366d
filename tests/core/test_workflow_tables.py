"""Every workflow's actor table agrees with its state graph (django-fsm-2 transitions).

A transition added without somebody who may take it, an actor given a transition in a state it
cannot leave from, or a table row for a state that no longer exists fails here."""

from dataclasses import replace

import pytest

from oa.core.workflow import workflows

# Every workflow of the project; a new one must join this list (and so this check).
EXPECTED = {"document", "delivery", "notice", "ticket", "trial", "trial.paper", "trial.outage", "trial.report",
            "usage.circular"}


def test_every_workflow_is_registered():
    assert EXPECTED <= set(workflows())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_table_agrees_with_the_state_graph(name):
    assert workflows()[name].problems() == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_state_that_can_be_left_has_someone_who_waits_or_acts(name):
    flow = workflows()[name]
    for action in flow.moves:
        for state in flow.states_for(action):
            assert flow.table.get(state), f"{name}: {state} can be left by {action} but has no row"


def test_a_transition_without_an_actor_is_found():
    flow = workflows()["document"]
    table = dict(flow.table)
    table.pop("dispatch")
    broken = replace(flow, table=table)
    assert any("nobody may dispatch in dispatch" in p for p in broken.problems())


def test_an_actor_for_a_state_the_transition_does_not_leave_is_found():
    flow = workflows()["document"]
    table = dict(flow.table)
    table["archived"] = table["dispatched"]
    broken = replace(flow, table=table)
    assert any("may archive in archived" in p for p in broken.problems())


def test_a_transition_that_belongs_to_no_action_is_found():
    flow = workflows()["document"]
    moves = {a: m for a, m in flow.moves.items() if a != "seal"}
    broken = replace(flow, moves=moves)
    assert any("transition seal belongs to no action" in p for p in broken.problems())


def test_transitions_nobody_asks_for_are_the_systems():
    from oa.core.workflow import SYSTEM

    for name, action in (("notice", "expire"), ("ticket", "auto_confirm"), ("trial", "complete_reports")):
        flow = workflows()[name]
        for state in flow.states_for(action):
            assert any(row.who is SYSTEM for row in flow.table[state] if action in row.actions), (name, action, state)


def test_the_clerks_deliveries_wait_as_one_condition_over_four_states(personas):
    """The inbox's 待办 asks one indexed query per rule (the clerk's 待签收/待登记/待初审 together, and
    whatever they handle as 主办 or 协办); 已办结 waits for the 档案员 (归档, issue 21)."""
    flow = workflows()["delivery"]
    clerk_parts = flow.waiting_parts(personas.clerk_a, merge_states=True)
    # the clerk's states (with the 文书's 初审), and anything they handle as 主办 or 协办
    assert len(clerk_parts) == 2
    merged = [part for part in clerk_parts if "state__in" in str(part)]
    assert len(merged) == 1 and {"pending", "signed", "registered"} <= set(merged[0].children[0][1])
    assert "done" not in merged[0].children[0][1]
    assert len(flow.waiting_parts(personas.clerk_a)) == 4  # one per state without merging
    assert len(flow.waiting_parts(personas.archivist_a, states=["done"])) == 1  # 待归档: the 档案员's


def test_an_issued_document_tells_its_clerks_but_is_on_no_todo(personas, draft, walk):
    """核发: the clerks are told (their 待办 badge drops the document) but 已核发 is no 待办 item."""
    from documents.permissions import DOCUMENT_FLOW
    from documents.todo import documents_waiting_for

    document = walk(draft(), "dispatched")
    assert DOCUMENT_FLOW.waiting_ids(document) == {personas.clerk_a.pk}
    assert document not in documents_waiting_for(personas.clerk_a)

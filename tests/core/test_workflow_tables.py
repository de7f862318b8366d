"""Every workflow's actor table agrees with its state graph (django-fsm-2 transitions).

A transition added without somebody who may take it, an actor given a transition in a state it
cannot leave from, or a table row for a state that no longer exists fails here."""

from dataclasses import replace

import pytest

from oa.core.workflow import workflows

# Every workflow of the project; a new one must join this list (and so this check).
EXPECTED = {"document", "delivery", "notice", "ticket", "trial_programme", "trial_paper", "outage", "usage_report"}


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

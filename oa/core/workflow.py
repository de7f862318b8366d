"""One table per workflow: in each state, who acts and with which actions.

A workflow's table is the single statement of *who acts in which state*. Everything that asks that
question reads it: the permission predicate (`may`), the buttons a page offers (`actions_for`), the
people told that something now waits for them (`waiting_ids`), the 待办 list's conditions
(`waiting_parts`) and the step runner's "has the state moved on?" check (`states_for`).

Which states an action starts from is not written down a second time: for an action that moves the
state it is read from the model's `@transition` declarations (django-fsm-2), and `problems()` checks
that the table and the graph agree — every transition has somebody who may take it in each of its
source states, and nobody is given a transition in a state it cannot leave from. Actions that do not
move the state (edit, circulate, chase …) take their states from the table alone.

Who acts is a *rule*: an object with three methods, so that one statement serves all readers —

    matches(person, obj) -> bool        may this person act as this rule on this object?
    person_ids(obj) -> set[int]         who that is, to tell them (notifications)
    waiting(person) -> Q | None         a filter on the workflow's model for "waits for me", or None

The rules for people by role and department live in `oa.org.actors`; an app writes its own for
anything else (a document's pending co-signers, say). The core knows no app and no role.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, Protocol

from django.db.models import Q


class Rule(Protocol):
    label: str

    def matches(self, person, obj) -> bool: ...

    def person_ids(self, obj) -> set[int]: ...

    def waiting(self, person) -> Q | None: ...


@dataclass(frozen=True)
class Turn:
    """A row of the table: in a state, `who` may take `actions`.

    `waits`: the state waits for them (they are told, and it is on their 待办). A row for someone who
    merely *may* act — the drafter's 撤回 while the document is with the reviewer — says waits=False.
    `when`: a further condition on the object and person (e.g. "not the one who submitted it"); it
    narrows `may` only, not who is told.
    `todo`: a further filter for the 待办 list only (e.g. a draft waits for its drafter only when returned).
    `listed`: False keeps the state off their 待办 list although they are told (an issued document is
    the clerks' to archive, and the push refreshes the badge it just left, but it is no 待办 item).
    """

    who: Rule
    actions: tuple[str, ...]
    waits: bool = True
    when: Callable[[Any, Any], bool] | None = None
    todo: Q | None = None
    listed: bool = True

    def allows(self, person, action: str, obj) -> bool:
        return action in self.actions and self.who.matches(person, obj) and (
            self.when is None or self.when(person, obj))


def turn(who: Rule, *actions: str, waits: bool = True, when=None, todo: Q | None = None, listed: bool = True) -> Turn:
    return Turn(who=who, actions=actions, waits=waits, when=when, todo=todo, listed=listed)


@dataclass
class Workflow:
    """A model's state graph (from django-fsm-2) with the table of who acts in each state.

    moves: action → the names of the `@transition` methods it may call (an action that can end in
    one of several transitions, like 核稿 → 会签 or → 签发, names them all); actions not listed here
    do not move the state.
    """

    name: str
    model: type
    table: Mapping[str, tuple[Turn, ...]]
    moves: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]
    field_name: str = "state"
    state_of: Callable[[Any], str] | None = None
    _action_states: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False)

    # --- the graph -------------------------------------------------------------------------------

    @property
    def fsm_field(self):
        return self.model._meta.get_field(self.field_name)

    def states(self) -> list[str]:
        return [value for value, _ in self.fsm_field.choices]

    def transition_sources(self, method_name: str) -> set[str]:
        """The states a `@transition` method may leave from, with '*' and '+' spelled out."""
        sources: set[str] = set()
        for transition in self.fsm_field.get_all_transitions(self.model):
            if transition.name != method_name:
                continue
            if transition.source in ("*", "+"):
                sources.update(s for s in self.states() if not (transition.source == "+" and s == transition.target))
            else:
                sources.add(transition.source)
        return sources

    def action_states(self) -> dict[str, tuple[str, ...]]:
        """action → the states it starts from: the graph's for actions that move, the table's for others."""
        if not self._action_states:
            order = self.states()
            result: dict[str, set[str]] = {action: set() for action in self.labels}
            for action, methods in self.moves.items():
                result.setdefault(action, set())
                for method in methods:
                    result[action] |= self.transition_sources(method)
            for state, turns in self.table.items():
                for row in turns:
                    for action in row.actions:
                        if action not in self.moves:
                            result.setdefault(action, set()).add(state)
            self._action_states = {a: tuple(s for s in order if s in states) for a, states in result.items()}
        return self._action_states

    def states_for(self, action: str) -> tuple[str, ...]:
        return self.action_states().get(action, ())

    def state(self, obj) -> str:
        return self.state_of(obj) if self.state_of else getattr(obj, self.field_name)

    # --- who acts --------------------------------------------------------------------------------

    def may(self, person, action: str, obj) -> bool:
        """May `person` take `action` on `obj` now, in its current state?"""
        if not getattr(person, "is_authenticated", False):
            return False
        state = self.state(obj)
        if state not in self.states_for(action):
            return False
        return any(row.allows(person, action, obj) for row in self.table.get(state, ()))

    def target_of(self, action: str, state: str) -> str | None:
        """The state `action` leads to from `state`, when the graph says one (None when it may end in
        several — 核稿 to 会签 or to 签发 — or does not move the state)."""
        targets = {t.target for t in self.fsm_field.get_all_transitions(self.model)
                   if t.name in self.moves.get(action, ()) and state in self.transition_sources(t.name)}
        return targets.pop() if len(targets) == 1 else None

    def may_in_turn(self, person, actions: Iterable[str], obj) -> bool:
        """May `person` take `actions` one after the other, starting now — each in the state the one
        before leads to, by the table's rows for that state (a clerk's 编号 → 用印 → 核发)? Read from the
        table and the graph only; a row's `when` sees the object as it is now."""
        if not getattr(person, "is_authenticated", False):
            return False
        state = self.state(obj)
        for action in actions:
            if state is None or state not in self.states_for(action):
                return False
            if not any(row.allows(person, action, obj) for row in self.table.get(state, ())):
                return False
            state = self.target_of(action, state)
        return True

    def actions_for(self, person, obj, *, among: Iterable[str] | None = None) -> list[str]:
        """The actions `person` may take on `obj` now, in the order of `labels` (or of `among`)."""
        candidates = list(among) if among is not None else list(self.labels)
        return [action for action in candidates if self.may(person, action, obj)]

    def waiting_ids(self, obj) -> set[int]:
        """Who the object now waits for: the people to tell. Rules that say who they are as a filter on people
        (`people_filter(obj)`, the role rules of oa.org.actors) are asked together, in one query."""
        people: set[int] = set()
        filters: list[Q] = []
        merged = None
        for row in self.table.get(self.state(obj), ()):
            if not row.waits:
                continue
            people_filter = getattr(row.who, "people_filter", None)
            if people_filter is None:
                people |= row.who.person_ids(obj)
                continue
            condition = people_filter(obj)
            if condition is not None:  # None: nobody (e.g. no department named)
                filters.append(condition)
                merged = row.who
        if filters:
            people |= merged.people_matching(reduce(operator.or_, filters))
        people.discard(None)
        return people

    def waiting_parts(self, person, *, states: Iterable[str] | None = None, merge_states: bool = False) -> list[Q]:
        """One filter per (state, rule) that waits for `person`, for the 待办 list: each names a
        single state so that an index on (…, state, -id) serves it and a LIMIT stops early.

        `states`: only these states. `merge_states`: one filter per rule over all the states it waits
        in (`state IN …`) — fewer queries where a rule waits in several states whose rows are few."""
        wanted = None if states is None else set(states)
        grouped: dict[tuple, tuple[list[str], Q]] = {}
        parts: list[Q] = []
        for state, turns in self.table.items():
            if wanted is not None and state not in wanted:
                continue
            for row in turns:
                if not (row.waits and row.listed):
                    continue
                condition = row.who.waiting(person)
                if condition is None:
                    continue
                if row.todo is not None:
                    condition &= row.todo
                if merge_states:
                    grouped.setdefault((row.who, row.todo), ([], condition))[0].append(state)
                else:
                    parts.append(Q(**{self.field_name: state}) & condition)
        for group_states, condition in grouped.values():
            if len(group_states) == 1:
                parts.append(Q(**{self.field_name: group_states[0]}) & condition)
            else:
                parts.append(Q(**{f"{self.field_name}__in": group_states}) & condition)
        return parts

    def waiting_in(self, person, state: str) -> Q | None:
        """One filter for "`state`, waiting for `person`" (its rows OR-ed), or None when it never
        waits for them — for a 待办 list of one state (its own title and order)."""
        return either(self.waiting_parts(person, states=(state,)))

    # --- the check a test runs for every workflow -----------------------------------------------

    def problems(self) -> list[str]:
        """Where the table and the state graph disagree (empty when they agree)."""
        found: list[str] = []
        states = set(self.states())
        transition_names = {t.name for t in self.fsm_field.get_all_transitions(self.model)}
        moved = {method for methods in self.moves.values() for method in methods}
        for method in sorted(transition_names - moved):
            found.append(f"{self.name}: transition {method} belongs to no action")
        for action, methods in self.moves.items():
            for method in methods:
                if method not in transition_names:
                    found.append(f"{self.name}: action {action} names {method}, which is not a transition")
        for state, turns in self.table.items():
            if state not in states:
                found.append(f"{self.name}: the table names state {state!r}, which the model does not have")
            for row in turns:
                for action in row.actions:
                    if action not in self.labels:
                        found.append(f"{self.name}: action {action} in state {state} has no label")
                    if action in self.moves and state not in self.states_for(action):
                        found.append(f"{self.name}: {row.who.label} may {action} in {state}, "
                                     f"but no transition of {action} leaves {state}")
        for action, methods in self.moves.items():
            for state in self.states_for(action):
                if not any(action in row.actions for row in self.table.get(state, ())):
                    found.append(f"{self.name}: nobody may {action} in {state} (transition {'/'.join(methods)})")
        return found


def either(conditions: Iterable[Q | None]) -> Q | None:
    """The conditions OR-ed (those that are None left out), or None when none is left."""
    present = [condition for condition in conditions if condition is not None]
    return reduce(operator.or_, present) if present else None


class System:
    """The system itself (a periodic task, or a step's automatic consequence): it takes a transition
    nobody asks for — a notice's expiry, a ticket's automatic confirmation. It is nobody, tells nobody
    and waits for nobody, but the table still says who acts."""

    label = "系统"

    def matches(self, person, obj) -> bool:
        return False

    def person_ids(self, obj) -> set[int]:
        return set()

    def waiting(self, person) -> Q | None:
        return None


SYSTEM = System()

_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.name] = workflow
    return workflow


def workflows() -> dict[str, Workflow]:
    return dict(_REGISTRY)

"""The small flow picture of an object (公文流程图): its workflow's main path of states, drawn from the
state graph of the model's FSMField (django-fsm-2), with the steps done, the current one and those to come.

Nothing here is written by hand per workflow: the graph gives it all.

- The *forward graph* is the transitions' graph without the edges that go back (退回, 撤回, 重新签发 …):
  a depth-first walk from the field's default state finds them (an edge to a state still on the walk).
- The *end* is the dead end of the forward graph farthest from the start (已归档); the *main path* is every
  state on a forward path from the start to it, ordered by its distance from the start. Every other state
  (已作废, 已退回, 已转办 …) is a *side* state: shown only when the object is in it.
- A main state the end can be reached without (会签 when there are no co-signers, 阅件 or 办件) is
  *optional*: a workflow may name, per object, the optional states it does not pass through (`route`).

Who acts now is not here: `oa.org.flow` reads the workflow's table for it (the core knows nobody).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from oa.core.workflow import Workflow


class StepStatus(models.TextChoices):
    DONE = "done", "已完成"
    CURRENT = "current", "当前步骤"
    NEXT = "next", "未到"
    SIDE = "side", "当前所处的旁支状态（已作废、已退回、已转办等）"


DONE, CURRENT, NEXT, SIDE = (status.value for status in StepStatus)


@dataclass(frozen=True)
class Step:
    state: str
    label: str
    status: str  # done | current | next | side


@dataclass(frozen=True)
class Shape:
    """What the graph says, once per workflow: the main path in order, its optional states, the others."""

    main: tuple[str, ...]
    optional: frozenset[str]
    side: frozenset[str]
    sources: dict[str, frozenset[str]]  # state → the states a transition reaches it from


@dataclass(frozen=True)
class Route:
    """Per object, which optional states of the main path it does not pass through (`skips`), and a word on
    the current step where the state alone does not tell (`note`: 拟稿 of a returned draft is 退回修改)."""

    skips: Callable[[Any], Iterable[str]] | None = None
    note: Callable[[Any], str | None] | None = None


_ROUTES: dict[str, Route] = {}


def route(workflow: Workflow, *, skips=None, note=None) -> None:
    """Say, for `workflow`, which optional states an object skips and what to note on its current step."""
    _ROUTES[workflow.name] = Route(skips=skips, note=note)


def step_label(label: str) -> str:
    """A state's label as a step's name: 待核稿 → 核稿, 会签中 → 会签, 领导批示中 → 领导批示; 已归档 stays."""
    if label.startswith("待") and len(label) > 2:
        label = label[1:]
    if label.endswith("中") and len(label) > 2:
        label = label[:-1]
    return label


def edges(workflow: Workflow) -> dict[str, set[str]]:
    """state → the states one transition leads to ('*' and '+' sources spelled out)."""
    graph: dict[str, set[str]] = {str(state): set() for state in workflow.states()}
    for transition in workflow.fsm_field.get_all_transitions(workflow.model):
        target = str(transition.target) if transition.target is not None else None
        if target not in graph:  # a transition to no state or to a computed one (RETURN_VALUE)
            continue
        for source in workflow.transition_sources(transition.name):
            if str(source) in graph and str(source) != target:
                graph[str(source)].add(target)
    return graph


def start_state(workflow: Workflow) -> str:
    default = workflow.fsm_field.default
    return str(default() if callable(default) else default)


def _shape(workflow: Workflow) -> Shape:
    order = {str(state): n for n, state in enumerate(workflow.states())}
    graph = edges(workflow)
    start = start_state(workflow)

    # The forward graph: a depth-first walk from the start drops every edge back to a state still on the walk.
    forward: dict[str, list[str]] = {state: [] for state in graph}
    on_walk: set[str] = set()
    seen: set[str] = set()

    def walk(state: str) -> None:
        seen.add(state)
        on_walk.add(state)
        for target in sorted(graph[state], key=order.__getitem__):
            if target in on_walk:
                continue
            forward[state].append(target)
            if target not in seen:
                walk(target)
        on_walk.discard(state)

    walk(start)

    # The longest forward distance of each reachable state from the start (the forward graph has no cycle).
    distance: dict[str, int] = {start: 0}
    for state in _topological(forward, start, order):
        for target in forward[state]:
            distance[target] = max(distance.get(target, 0), distance[state] + 1)
    dead_ends = [s for s in distance if not forward[s]]
    end = max(dead_ends, key=lambda s: (distance[s], order[s]))

    reaches_end = {end}
    for state in reversed(_topological(forward, start, order)):
        if any(target in reaches_end for target in forward[state]):
            reaches_end.add(state)
    main = tuple(sorted(reaches_end, key=lambda s: (distance[s], order[s])))

    optional = frozenset(s for s in main if s not in (start, end) and _reaches(forward, start, end, without=s))
    sources: dict[str, set[str]] = {state: set() for state in graph}
    for state, targets in graph.items():
        for target in targets:
            sources[target].add(state)
    return Shape(main=main, optional=optional, side=frozenset(graph) - set(main),
                 sources={state: frozenset(found) for state, found in sources.items()})


_SHAPES: dict[tuple[str, type], Shape] = {}


def shape(workflow: Workflow) -> Shape:
    """The workflow's shape, worked out once (the graph is fixed at import)."""
    key = (workflow.name, workflow.model)
    if key not in _SHAPES:
        _SHAPES[key] = _shape(workflow)
    return _SHAPES[key]


def _topological(forward: dict[str, list[str]], start: str, order: dict[str, int]) -> list[str]:
    result: list[str] = []
    done: set[str] = set()

    def visit(state: str) -> None:
        done.add(state)
        for target in forward[state]:
            if target not in done:
                visit(target)
        result.append(state)

    visit(start)
    return list(reversed(result))


def _reaches(forward: dict[str, list[str]], start: str, end: str, *, without: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        state = stack.pop()
        if state == end:
            return True
        for target in forward[state]:
            if target != without and target not in seen:
                seen.add(target)
                stack.append(target)
    return False


def flow_steps(workflow: Workflow, obj) -> list[Step]:
    """The object's steps along the main path: done, current, next — and, when the object is in a side state
    (已作废, 已退回, 已转办 …), that state last, marked side; the steps before the earliest one it can be reached
    from count as done."""
    found = shape(workflow)
    labels = {str(value): str(label) for value, label in workflow.fsm_field.choices}
    current = str(workflow.state(obj))
    how = _ROUTES.get(workflow.name, Route())
    skipped = set(how.skips(obj)) & found.optional if how.skips else set()
    skipped.discard(current)
    path = [state for state in found.main if state not in skipped]
    note = how.note(obj) if how.note else None

    if current in path:
        here = path.index(current)
        steps = [Step(state, step_label(labels[state]), DONE if n < here else NEXT) for n, state in enumerate(path)]
        steps[here] = Step(current, note or step_label(labels[current]), CURRENT)
        return steps
    reached_from = [path.index(s) for s in found.sources.get(current, ()) if s in path]
    done_before = min(reached_from) if reached_from else 0
    steps = [Step(state, step_label(labels[state]), DONE if n < done_before else NEXT) for n, state in enumerate(path)]
    steps.append(Step(current, note or labels.get(current, current), SIDE))
    return steps


def workflow_of(obj) -> Workflow | None:
    """The registered workflow of `obj`'s model, if any."""
    from oa.core.workflow import workflows

    model = type(obj)._meta.concrete_model
    return next((w for w in workflows().values() if w.model is model), None)

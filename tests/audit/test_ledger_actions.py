"""The registry of ledger actions (oa/audit/actions.py): every code the code can write is registered
and labelled, and a code that is not is refused before anything is written."""

import ast
import importlib
import pathlib

import pytest

from oa.audit.actions import UnknownLedgerAction, registry, step_code
from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_record

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = [p for top in ("oa", "documents", "notices") for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts]
WRITERS = {"ledger_record": "action", "Refused": "action", "run_step": "ledger_action"}
# The workflows whose steps each app writes as `<prefix>.<action>` (a literal action name passed to a
# step helper, e.g. `_finish(…, action="dispatch")`, must be a step of one of them).
APP_WORKFLOWS = {
    "documents": ("document", "delivery"),
    "notices": ("notice",),
    "oa/feedback": ("ticket",),
    "oa/trial": ("trial", "trial.paper", "trial.report", "trial.outage"),
}


def _parsed():
    for path in SOURCES:
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _calls(tree):
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def test_writers_never_spell_a_code():
    """ledger_record(action=…), Refused(action=…) and run_step(ledger_action=…) take a registered name
    (a constant from a ledger_actions module, or step_code(…)), never a literal or an f-string."""
    spelled = [f"{where}:{call.lineno} {_name(call.func)}({kw.arg}={ast.unparse(kw.value)})"
               for where, tree in _parsed() for call in _calls(tree) if _name(call.func) in WRITERS
               for kw in call.keywords if kw.arg == WRITERS[_name(call.func)]
               and isinstance(kw.value, ast.Constant | ast.JoinedStr)]
    assert spelled == []


def test_every_name_and_step_the_code_uses_is_registered():
    unknown = []
    for where, tree in _parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("ledger_actions"):
                module = importlib.import_module(node.module)
                unknown += [f"{where}: {a.name}" for a in node.names if getattr(module, a.name) not in registry]
        for call in _calls(tree):
            literal = [arg.value for arg in call.args if isinstance(arg, ast.Constant)]
            if _name(call.func) == "step_code" and len(literal) == 2 and tuple(literal) not in registry.steps():
                unknown.append(f"{where}:{call.lineno} step_code{tuple(literal)}")
    assert unknown == []


def test_literal_step_names_passed_to_step_helpers_are_steps_of_their_app():
    steps = registry.steps()
    strays = []
    for where, tree in _parsed():
        prefixes = next((p for app, p in APP_WORKFLOWS.items() if where.startswith(f"{app}/") and "/services/" in where),
                        ())
        for call in _calls(tree) if prefixes else ():
            for kw in call.keywords:
                value = kw.value.value if kw.arg == "action" and isinstance(kw.value, ast.Constant) else None
                if isinstance(value, str) and value.isascii() and not any((p, value) in steps for p in prefixes):
                    strays.append(f"{where}:{call.lineno} action={value!r}")
    assert strays == []


def _workflow_tables():
    """(prefix, action) for every action of every workflow's table (oa.core.workflow), and the codes
    written per SLA rule and per upload verdict."""
    from oa.core.workflow import workflows
    from oa.feedback.services.watch import RULES
    from oa.uploads.choices import Verdict

    pairs = [(name, action) for name, flow in workflows().items() for action in flow.labels]
    pairs += [("ticket.sla", f"{clock}.{what}") for clock, what, *_ in RULES]
    return pairs + [("upload", verdict) for verdict in Verdict.values]


@pytest.mark.parametrize(("prefix", "action"), _workflow_tables())
def test_every_workflow_action_maps_to_a_registered_code(prefix, action):
    code = step_code(prefix, action)
    assert code == f"{prefix}.{action}" and code in registry  # the stored codes keep their spelling


def test_every_registered_action_has_a_label_and_a_labelled_group():
    groups = registry.groups()
    assert all(groups.values())
    missing = [a.code for a in registry if not a.label or a.group not in groups]
    assert missing == [] and len(list(registry)) > 100


def test_registry_refuses_what_was_never_declared():
    with pytest.raises(UnknownLedgerAction):
        step_code("document", "approve")  # notices approve; documents do not
    with pytest.raises(ValueError, match="already labelled"):
        registry.add("document.create", "另一个名字")
    with pytest.raises(ValueError, match="declared group"):
        registry.add("nowhere.create", "新建")
    assert registry.label("document.retired_long_ago") == ""  # an old entry still reads


@pytest.mark.django_db
def test_ledger_record_refuses_an_unregistered_code(personas):
    before = LedgerEntry.objects.count()
    with pytest.raises(UnknownLedgerAction, match="document.submitt"):
        ledger_record(actor=personas.clerk_a, action="document.submitt")
    assert LedgerEntry.objects.count() == before

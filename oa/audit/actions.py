"""The registry of ledger actions: every code a ledger entry may carry, with its Chinese label.

A code is `<group>.<rest>` (`document.submit`, `ticket.sla.respond.warn`); the group is its first
segment and has a label of its own (发文, 收文 …). Each app declares its actions in its own
`ledger_actions` module, imported from its AppConfig.ready(), so the audit layer knows no domain:

    group("notice", "通知公告")
    NOTICE_READ = add("notice.read", "阅读")            # a constant for the writer
    workflow("notice", ACTION_LABELS)                  # notice.<action> for every step of a workflow

`ledger_record` refuses a code that is not registered; a step that computes its code from an action
name asks `step_code(workflow, action)`, which refuses a pair that was never declared. Codes are
what the stored ledger holds: never rename one, add a new one.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass


class UnknownLedgerAction(LookupError):
    """A ledger action code (or a workflow's action) that no app has registered."""


@dataclass(frozen=True)
class LedgerAction:
    code: str
    label: str

    @property
    def group(self) -> str:
        return self.code.partition(".")[0]


class ActionRegistry:
    def __init__(self):
        self._groups: dict[str, str] = {}
        self._actions: dict[str, LedgerAction] = {}
        self._steps: dict[tuple[str, str], str] = {}

    # --- declaring --------------------------------------------------------------------------------

    def group(self, key: str, label: str) -> None:
        if self._groups.setdefault(key, label) != label:
            raise ValueError(f"ledger action group {key!r} is already labelled {self._groups[key]!r}")

    def add(self, code: str, label: str) -> str:
        """Register `code` and return it (for a constant). Registering it again with the same label is
        a no-op; with another label, or in a group nobody declared, an error."""
        action = LedgerAction(code, label)
        if not label or action.group not in self._groups or not code.partition(".")[2]:
            raise ValueError(f"ledger action {code!r} needs a label and a declared group")
        if self._actions.setdefault(code, action) != action:
            raise ValueError(f"ledger action {code!r} is already labelled {self._actions[code].label!r}")
        return code

    def workflow(self, prefix: str, labels: dict[str, str]) -> None:
        """Register `<prefix>.<action>` for every action of a workflow's table {action: label}."""
        for action, label in labels.items():
            self._steps[(prefix, action)] = self.add(f"{prefix}.{action}", label)

    @contextmanager
    def scratch(self):
        """Actions declared inside the block are forgotten after it (tests that write codes of their own)."""
        saved = dict(self._groups), dict(self._actions), dict(self._steps)
        try:
            yield self
        finally:
            self._groups, self._actions, self._steps = saved

    # --- looking up ---------------------------------------------------------------------------------

    def step_code(self, prefix: str, action: str) -> str:
        """The registered code of a workflow's action; UnknownLedgerAction for a pair never declared."""
        try:
            return self._steps[(prefix, action)]
        except KeyError:
            raise UnknownLedgerAction(f"no ledger action is registered for {prefix!r} / {action!r}") from None

    def require(self, code: str) -> LedgerAction:
        try:
            return self._actions[code]
        except KeyError:
            raise UnknownLedgerAction(f"unregistered ledger action {code!r}") from None

    def label(self, code: str) -> str:
        """The Chinese label, or "" for a code no longer registered (an old entry stays readable)."""
        action = self._actions.get(code)
        return action.label if action else ""

    def steps(self) -> dict[tuple[str, str], str]:
        return dict(self._steps)

    def groups(self) -> dict[str, str]:
        return dict(self._groups)

    def __contains__(self, code: object) -> bool:
        return code in self._actions

    def __iter__(self):
        return iter(sorted(self._actions.values(), key=lambda a: a.code))

    def choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """For a <select>: one optgroup per group, its prefix first ("全部…"), then its actions."""
        by_group: dict[str, list[tuple[str, str]]] = {}
        for action in self:
            by_group.setdefault(action.group, []).append((action.code, f"{action.label}（{action.code}）"))
        return [(self._groups[key], [(f"{key}.", f"全部{self._groups[key]}"), *by_group[key]])
                for key in self._groups if key in by_group]


registry = ActionRegistry()
group = registry.group
add = registry.add
workflow = registry.workflow
step_code = registry.step_code
label = registry.label

# The audit layer's own actions.
group("audit", "审计")
AUDIT_VERIFY = add("audit.verify", "校验哈希链")
AUDIT_CHECKPOINT = add("audit.checkpoint", "写入签名检查点")
AUDIT_CHECKPOINT_EXPORT = add("audit.checkpoint.export", "下载检查点文件")
group("access", "访问控制")
ACCESS_DENIED = add("access.denied", "拒绝访问")

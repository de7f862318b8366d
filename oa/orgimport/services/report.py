"""What an import reports: counts, row errors, generated initial passwords, and one sentence for
the page, the command and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from oa.orgimport.services.columns import DEPARTMENTS, KIND_LABELS, ROLES


@dataclass(frozen=True)
class InitialPassword:
    username: str
    name: str
    password: str


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    error_total: int = 0  # errors may list only the first MAX_ERRORS_SHOWN
    initial_passwords: list[InitialPassword] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        """One sentence in Chinese, the same for the page, the command and the API."""
        if self.errors:
            return f"导入未通过校验，共 {max(self.error_total, len(self.errors))} 处错误，未写入任何数据。"
        if self.kind == ROLES:
            done = f"新授予 {self.created} 项角色，{self.unchanged} 项原已具有"
        else:
            unit = "个单位" if self.kind == DEPARTMENTS else "名人员"
            done = f"新增 {self.created} {unit}，更新 {self.updated} {unit}，{self.unchanged} {unit}无变化"
        if self.dry_run:
            return f"校验通过（仅校验，未写入）：{self.rows} 行{KIND_LABELS[self.kind]}数据，导入后将{done}。"
        return f"导入完成：{self.rows} 行{KIND_LABELS[self.kind]}数据，{done}。"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": list(self.errors),
            "initial_passwords": [
                {"username": p.username, "name": p.name, "password": p.password} for p in self.initial_passwords
            ],
        }

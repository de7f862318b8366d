"""Packages built when something is archived: a ledger listener (oa/audit/listeners.py) sees the filing of a
件 (archives.file) and the information center's archiving of a 用户使用报告 (trial.report.archive), and builds
the package once that transaction has committed — so a package never describes a filing that rolled back,
and a failure to build leaves the filing intact (logged; the archivist can build it again on the 件's page).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)
FILED = "archives.file"
REPORT_ARCHIVED = "trial.report.archive"


def _build(action: str, target_id: str, actor_id) -> None:
    from oa.archives.models import ArchiveItem
    from oa.archives.packaging import package_item, package_usage_report
    from oa.org.models import Person
    from oa.trial.models import UsageReport

    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        if action == FILED:
            package_item(actor=actor, item=ArchiveItem.objects.get(pk=int(target_id)))
        else:
            package_usage_report(actor=actor, report=UsageReport.objects.get(pk=int(target_id)))
    except Exception:  # noqa: BLE001 - the filing stands; the package can be built again from its page
        logger.exception("archive package for %s %s not built", action, target_id)


def on_entry(entry) -> None:
    if entry.action in (FILED, REPORT_ARCHIVED) and entry.outcome == "success" and entry.target_id:
        action, target_id, actor_id = entry.action, entry.target_id, entry.actor_id
        transaction.on_commit(lambda: _build(action, target_id, actor_id))


def connect() -> None:
    from oa.audit.listeners import register

    register(on_entry)

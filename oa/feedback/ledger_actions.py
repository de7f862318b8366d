"""The ledger actions of 问题反馈 (ticket.*), registered with oa/audit/actions.py (imported from
FeedbackConfig.ready): every step of a ticket is `ticket.<action>`, each warning or escalation of a
deadline `ticket.sla.<clock>.<what>` (oa/feedback/services/watch.py)."""

from oa.audit.actions import group, workflow
from oa.feedback.permissions import TICKET_FLOW

group("ticket", "问题反馈")
workflow(TICKET_FLOW.name, TICKET_FLOW.labels)
workflow("ticket.sla", {"respond.warn": "响应时限预警", "respond.escalate": "响应超时上报",
                        "resolve.warn": "解决时限预警", "resolve.escalate": "解决超时上报"})

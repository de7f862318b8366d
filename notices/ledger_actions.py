"""The ledger actions of 通知公告 (notice.*), registered with oa/audit/actions.py (imported from
NoticesConfig.ready). Every step is `notice.<action>`; expiry is a step nobody takes by hand."""

from notices.permissions import NOTICE_FLOW
from oa.audit.actions import add, group, workflow

group("notice", "通知公告")
workflow(NOTICE_FLOW.name, NOTICE_FLOW.labels)
NOTICE_CREATE = add("notice.create", "起草")
NOTICE_UPDATE = add("notice.update", "保存草稿修改")
NOTICE_ATTACHMENT_ADD = add("notice.attachment.add", "添加附件")
NOTICE_ATTACHMENT_REMOVE = add("notice.attachment.remove", "删除附件")
NOTICE_READ = add("notice.read", "阅读")
NOTICE_RECEIPT = add("notice.receipt", "确认收到")
NOTICE_REMIND = add("notice.remind", "提醒未读")

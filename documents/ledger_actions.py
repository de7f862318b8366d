"""The ledger actions of 发文 (document.*) and 收文 (delivery.*), registered with oa/audit/actions.py
(imported from DocumentsConfig.ready). Every step of either workflow is `<prefix>.<action>`."""

from documents.incoming.permissions import DELIVERY_FLOW
from documents.permissions import DOCUMENT_FLOW
from oa.audit.actions import add, group, step_code, workflow

group("document", "发文")
workflow(DOCUMENT_FLOW.name, DOCUMENT_FLOW.labels)
DOCUMENT_CREATE = add("document.create", "拟稿")
DOCUMENT_UPDATE = add("document.update", "保存草稿修改")
DOCUMENT_ATTACHMENT_ADD = add("document.attachment.add", "添加附件")
DOCUMENT_ATTACHMENT_REMOVE = add("document.attachment.remove", "删除附件")
DOCUMENT_IMPORT_DOCX = add("document.import_docx", "导入 Word 正文")
DOCUMENT_SIGN_CONFIRM = add("document.sign.confirm", "签发身份确认")
DOCUMENT_DISPATCH = step_code("document", "dispatch")
DOCUMENT_SIGNING_GRANT = add("document.signing.grant", "签发授权")
DOCUMENT_SIGNING_REVOKE = add("document.signing.revoke", "撤销签发授权")
DOCUMENT_SEAL_SIGN = add("document.seal.sign", "电子用印（数字签名）")

group("delivery", "收文")
workflow(DELIVERY_FLOW.name, DELIVERY_FLOW.labels)
DELIVERY_REGISTER_PAPER = add("delivery.register_paper", "登记纸质来文")
DELIVERY_READ = add("delivery.read", "阅读传阅件")
DELIVERY_RECALL = add("delivery.recall", "收回传阅")
DELIVERY_SIGN_FOR = step_code("delivery", "sign_for")
DELIVERY_COMPLETE = step_code("delivery", "complete")
DELIVERY_CIRCULATE = step_code("delivery", "circulate")
DELIVERY_CHASE = step_code("delivery", "chase")
DELIVERY_FINISH_READING = step_code("delivery", "finish_reading")
DELIVERY_REMARK = step_code("delivery", "remark")
DELIVERY_ATTACH_SCAN = step_code("delivery", "attach_scan")
DELIVERY_MERGE_PAPER = step_code("delivery", "merge_paper")

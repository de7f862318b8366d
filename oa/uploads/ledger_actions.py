"""The ledger actions of the upload gate (upload.*), registered with oa/audit/actions.py (imported
from UploadsConfig.ready). Each screened upload is `upload.<verdict>`."""

from oa.audit.actions import add, group, workflow
from oa.uploads.choices import Verdict

group("upload", "上传检查")
workflow("upload", {verdict: f"上传检查：{label}" for verdict, label in Verdict.choices})
UPLOAD_REFUSED = add("upload.refused", "拒收上传（未留存）")
UPLOAD_ESCALATED = add("upload.escalated", "反复被拒上报")
UPLOAD_REVIEW_OPENED = add("upload.review_opened", "保密员查看待审文件")
UPLOAD_REVIEW_RELEASED = add("upload.review_released", "保密员放行")
UPLOAD_REVIEW_REFUSED = add("upload.review_refused", "保密员拒绝")

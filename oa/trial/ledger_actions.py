"""The ledger actions of 双轨试运行 (trial.*), registered with oa/audit/actions.py (imported from
TrialConfig.ready). The steps of the programme, the paper copies, the department reports and the
outages are `trial.<action>`, `trial.paper.<action>`, `trial.report.<action>`, `trial.outage.<action>`."""

from oa.audit.actions import add, group, workflow
from oa.trial.permissions import OUTAGE_FLOW, PAPER_FLOW, PROGRAMME_FLOW, REPORT_FLOW

group("trial", "双轨试运行")
for flow in (PROGRAMME_FLOW, PAPER_FLOW, REPORT_FLOW, OUTAGE_FLOW):
    workflow(flow.name, flow.labels)

TRIAL_CREATE = add("trial.create", "新建试运行")
TRIAL_DENIED = add("trial.denied", "无权管理试运行")
TRIAL_TARGET = add("trial.target", "调整无纸化目标日期")
TRIAL_PARTICIPANT_ADD = add("trial.participant.add", "加入试运行单位")
TRIAL_WORKING_GROUP = add("trial.working_group", "登记工作小组")
TRIAL_COORDINATION = add("trial.coordination", "登记统筹协调小组")
TRIAL_GROUPS_DUE = add("trial.groups_due", "设定工作组及咨询电话报送日期")
TRIAL_GROUPS_CHASE = add("trial.groups.chase", "催报工作组及咨询电话")
TRIAL_CONSULT_PHONE = add("trial.consult_phone", "报送网上审批业务咨询电话")
TRIAL_TRAINING = add("trial.training", "登记培训")
TRIAL_RULE_CREATE = add("trial.rule.create", "发布纸质件规则")
TRIAL_PAPER_REQUIRED = add("trial.paper.required", "核发时要求纸质件")
TRIAL_PAPER_ONLY_RECORD = add("trial.paper_only.record", "登记仅纸质往来")
TRIAL_REPORTS_COMPLETE = add("trial.reports_complete", "用户使用报告收齐")
TRIAL_REPORT_CHASE = add("trial.report.chase", "催报用户使用报告")
TRIAL_REPORT_ATTACHMENT_ADD = add("trial.report.attachment.add", "添加报告附件")
TRIAL_REPORT_ATTACHMENT_REMOVE = add("trial.report.attachment.remove", "删除报告附件")
TRIAL_OUTAGE_DECLARE = add("trial.outage.declare", "登记系统停机")
TRIAL_OUTAGE_BACK_REGISTER = add("trial.outage.back_register", "停机补登")

"""The demo city of seed 004 (韶关, 2006): departments, pilots and one person per role.

Usernames are predictable — `<简拼>_<role>` such as `jmj_clerk` — and documented in the README.
"""

from oa.org.choices import DepartmentKind, Role

# name, short name, 机关代字, 简拼, pilots (office, approval, convenience), kind
DEPARTMENTS = [
    ("中共韶关市委办公室", "市委办", "韶市委办", "swb", (True, False, False), DepartmentKind.GENERAL_OFFICE),
    ("韶关市人民政府办公室", "市府办", "韶府办", "sfb", (True, False, False), DepartmentKind.GENERAL_OFFICE),
    ("韶关市发展和改革局", "发改局", "韶发改", "fgj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市经济贸易局", "经贸局", "韶经贸", "jmj", (True, True, False), DepartmentKind.ORDINARY),
    ("韶关市科技信息局", "科技信息局", "韶科信", "kjxxj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市民政局", "民政局", "韶民", "mzj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市财政局", "财政局", "韶财", "czj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市人事局", "人事局", "韶人", "rsj", (True, True, False), DepartmentKind.ORDINARY),
    ("韶关市建设局", "建设局", "韶建", "jsj", (True, True, False), DepartmentKind.ORDINARY),
    ("韶关市对外贸易经济合作局", "外经贸局", "韶外经贸", "wjmj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市档案局", "档案局", "韶档", "daj", (True, False, False), DepartmentKind.ORDINARY),
    ("韶关市卫生局", "卫生局", "韶卫", "wsj", (True, True, False), DepartmentKind.ORDINARY),
    ("韶关市环境保护局", "环保局", "韶环", "hbj", (True, True, False), DepartmentKind.ORDINARY),
    ("韶关市水利局", "水利局", "韶水", "slj", (False, True, False), DepartmentKind.ORDINARY),
    ("韶关市劳动和社会保障局", "劳动和社会保障局", "韶劳社", "ldj", (False, True, False), DepartmentKind.ORDINARY),
    ("韶关市城乡规划局", "城乡规划局", "韶规", "ghj", (False, True, False), DepartmentKind.ORDINARY),
    ("韶关市物价局", "物价局", "韶价", "wjj", (False, True, False), DepartmentKind.ORDINARY),
    ("韶关市信访局", "信访局", "韶信访", "xfj", (False, False, True), DepartmentKind.ORDINARY),
    ("韶关市信息中心", "市信息中心", "韶信息", "xxzx", (False, False, False), DepartmentKind.INFO_CENTER),
    ("韶关市人民政府督办室", "市政府督办室", "韶府督", "dbs", (False, False, False), DepartmentKind.SUPERVISION),
]

# Every department gets its 文件, 函 and 纪要 series when it is made (韶府办, 韶府办函, 韶府办纪要 …); the joint
# series of seed 004's 联合行文 (韶市办联〔2006〕77号) belongs to 市委办 and 市府办: code, 简拼 of its organs.
JOINT_SERIES = [("韶市办联", ("swb", "sfb"))]
# The 督办室's 通报 series (seed 004 §9: 由市政府督办室进行通报): the half-month 使用情况通报 it issues in its own
# name takes its number here, counted per year like every 发文字号 (documents.NumberSequence): 韶府督通〔2026〕1号.
CIRCULAR_SERIES = [("韶府督通", "dbs")]

# role, username suffix, position
DEPARTMENT_ROLES = [
    (Role.STAFF, "staff", "科员"),
    (Role.CLERK, "clerk", "文书"),
    (Role.OFFICE_DIRECTOR, "director", "办公室主任"),
    (Role.SECTION_HEAD, "section", "综合科科长"),  # 处室负责人: reviews (核稿), never signs for the department
    (Role.LEADER, "leader", "副局长"),  # 分管领导: signs; a 上行文 only under the head's authorisation (代签)
    (Role.PRINCIPAL_HEAD, "head", "局长"),
    (Role.SECURITY_OFFICER, "security", "保密员"),
    (Role.ARCHIVIST, "archivist", "档案员"),  # files dispatched 发文 and closed 收文 as 件 (oa.archives)
]

# Extra people in the information center: username, role, position, (name, phone) from seed 004 where given.
INFO_CENTER_PEOPLE = [
    ("xxzx_info", Role.INFO_CENTER, "系统运维", "谢金保", "0751-8891904"),
    ("xxzx_info2", Role.INFO_CENTER, "系统运维", "尹德雄", "13823683770"),
    ("sysadmin", Role.SYSTEM_ADMIN, "系统管理员", None, ""),
    ("secadmin", Role.SECURITY_ADMIN, "安全管理员", None, ""),
    ("auditadmin", Role.AUDIT_ADMIN, "审计管理员", None, ""),
]

# Seed 004 §7's 统筹协调小组: 组长 李熏杰 (市政府办) and 副组长 陈其宏 (市信息中心) — username, 简拼 of the department,
# role, position, name. (Its contacts 谢金保 and 尹德雄 are INFO_CENTER_PEOPLE above; 陈叶飞 and 何磊 are
# recorded on the trial programme as names with phones.) oa.trial.demo records the group.
COORDINATION_PEOPLE = [
    ("sfb_lxj", "sfb", Role.LEADER, "副秘书长", "李熏杰"),
    ("xxzx_cqh", "xxzx", Role.LEADER, "主任", "陈其宏"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ["建华", "丽娟", "志强", "海燕", "国平", "晓梅", "伟明", "秀英", "振宇", "玉兰", "德胜", "春燕", "文斌", "桂芳",
         "永红", "宏伟", "雪梅", "立新", "俊杰", "美玲", "少华", "红梅", "家明", "淑珍"]


def demo_name(index: int) -> str:
    """A deterministic, realistic Chinese name for the index-th demo person."""
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]

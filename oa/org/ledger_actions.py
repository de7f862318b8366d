"""The ledger actions of accounts, the organisation and the system (auth.*, org.*, system.*),
registered with oa/audit/actions.py (imported from OrgConfig.ready)."""

from oa.audit.actions import add, group

group("auth", "登录与账号")
AUTH_LOGIN = add("auth.login", "登录")
AUTH_LOGIN_FAILED = add("auth.login_failed", "登录失败")
AUTH_LOCKOUT = add("auth.lockout", "账号锁定")
AUTH_LOGOUT = add("auth.logout", "退出登录")
AUTH_PASSWORD_CHANGE = add("auth.password_change", "修改密码")
AUTH_OTP_ENROL = add("auth.otp.enrol", "绑定动态验证码")
AUTH_OTP_VERIFY = add("auth.otp.verify", "动态验证码验证")
AUTH_OTP_RESET = add("auth.otp.reset", "重置动态验证码")
AUTH_OTP_LOCKOUT = add("auth.otp.lockout", "动态验证码锁定")
AUTH_SIGN_PIN_SET = add("auth.sign_pin.set", "设置签发密码")
AUTH_TOKEN_ISSUE = add("auth.token.issue", "签发 API 令牌")
AUTH_TOKEN_REVOKE = add("auth.token.revoke", "吊销 API 令牌")
AUTH_TOKEN_RENEW = add("auth.token.renew", "续期 API 令牌")

group("org", "组织与人员")
ORG_ROLE_GRANT = add("org.role.grant", "授予角色")
ORG_ROLE_REVOKE = add("org.role.revoke", "撤销角色")
ORG_IMPORT = add("org.import", "导入单位或人员")
ORG_DEPARTMENT_CREATE = add("org.department.create", "新建单位")
ORG_SERIES_CREATE = add("org.series.create", "添加发文字号序列")
ORG_SERIES_DEACTIVATE = add("org.series.deactivate", "停用发文字号序列")
ORG_SERIES_ACTIVATE = add("org.series.activate", "启用发文字号序列")
ORG_PHRASE_ADD = add("org.phrase.add", "添加常用意见")
ORG_PHRASE_EDIT = add("org.phrase.edit", "修改常用意见")
ORG_PHRASE_MOVE = add("org.phrase.move", "调整常用意见顺序")
ORG_PHRASE_DELETE = add("org.phrase.delete", "删除常用意见")

group("system", "系统")
SYSTEM_SEED_DEMO = add("system.seed_demo", "载入演示数据")

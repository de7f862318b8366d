"""Importing departments, people and role assignments from CSV or XLSX — all or nothing.

One file per kind; the kind is read from the header row (first row):

- 单位表 (departments): 单位名称, 简称, 机关代字, 简拼 [, 上级单位, 三个试点列] — upserted by 简拼;
- 人员表 (people): 账号, 姓名, 单位 [, 职务, 电话, 初始密码, 角色] — upserted by 账号;
- 角色表 (roles): 账号, 角色 [, 姓名] — grants roles to existing accounts (never revokes).

三员分立: the system admin imports departments and people; only the security admin grants roles.
So a people file's 角色 column must stay empty for a person, and role grants arrive as a separate
roles file from the security admin. Run from the command line without --as (actor None: shell
access is administration) every kind is allowed, roles included.

An optional column that is present is authoritative (an empty cell clears it, 否 switches a pilot
off); a column that is absent leaves the stored value alone. Every row is validated with the
models' own validators (full_clean) and every problem is reported with its row number, as
spreadsheet programs count rows (the header is row 1). Rows are written inside one transaction as
they are read, so later rows see earlier ones (a parent department further down, a repeated
机关代字); if any row fails, or on a dry run, everything is rolled back. Each attempt is one ledger
entry. New accounts get an initial password (from 初始密码, or generated) that must be changed at
first login; generated passwords are returned once for display and never stored or logged.
"""

"""The archives' ledger actions (archives.*), registered with oa/audit/actions.py from ArchivesConfig.ready()."""

from oa.audit.actions import add, group

group("archives", "档案归档")
ARCHIVES_FILE = add("archives.file", "归档（件）")
ARCHIVES_RETENTION = add("archives.retention", "更改保管期限")
ARCHIVES_FONDS = add("archives.fonds", "设置全宗号")

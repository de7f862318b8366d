from django.apps import AppConfig


class OrgImportConfig(AppConfig):
    """组织机构导入: departments, people and role grants from CSV/XLSX. Above the upload gate (every
    file passes it) and so above `oa.org`, whose models and services it fills."""

    name = "oa.orgimport"
    label = "orgimport"
    verbose_name = "组织机构导入"

    def ready(self):
        from oa.core.navigation import register_admin
        from oa.org.permissions import may_import

        register_admin("组织机构导入", "org-import", position=20, allowed=may_import)

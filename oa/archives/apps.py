from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "oa.archives"
    label = "archives"
    verbose_name = "档案归档"

    def ready(self):
        import oa.archives.package_actions  # noqa: F401  (archive packages' and transfers' ledger actions)
        from oa.archives.package_wiring import connect

        connect()  # a package built whenever a 件 is filed or a 用户使用报告 archived

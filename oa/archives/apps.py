from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "oa.archives"
    label = "archives"
    verbose_name = "档案归档"

    def ready(self):
        import oa.archives.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from documents.hooks import register_archiving
        from oa.archives.permissions import is_archivist
        from oa.archives.services.filing import on_archiving
        from oa.core import demo, navigation

        register_archiving(on_archiving)
        navigation.register_main("档案", "archives", position=65, allowed=is_archivist)
        demo.register("oa.archives.demo.seed_archives", order=45)  # after the documents (30)

        import oa.archives.package_actions  # noqa: F401  (archive packages' and transfers' ledger actions)
        from oa.archives.package_wiring import connect

        connect()  # a package built whenever a 件 is filed or a 用户使用报告 archived

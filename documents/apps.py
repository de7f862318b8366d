from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "公文"

    def ready(self):
        import documents.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from documents import todo
        from documents.incoming import permissions as incoming_permissions  # noqa: F401  (registers the 收文 workflow)
        from documents.incoming import todo as incoming_todo
        from oa.core import demo, navigation
        from oa.core.todo import TO_READ, register

        register(todo.outgoing_source, counter=todo.outgoing_counter, lister=todo.outgoing_listed)
        register(incoming_todo.deliveries_source, counter=incoming_todo.deliveries_counter,
                 lister=incoming_todo.deliveries_listed)
        register(incoming_todo.readings_source, group=TO_READ, counter=incoming_todo.readings_counter,
                 lister=incoming_todo.readings_listed)
        navigation.register_main("发文", "documents", position=20)
        navigation.register_main("收文", "inbox", position=30)
        from documents.permissions import may_manage_signing

        navigation.register_admin("签发授权", "document-signing", position=15, allowed=may_manage_signing)
        demo.register("documents.demo.seed_documents", order=30, report_as="documents", with_password=True)
        demo.register("documents.seals.demo.seed_seal_certificates", order=25, report_as="seal_certificates")

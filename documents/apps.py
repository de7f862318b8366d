from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "公文"

    def ready(self):
        from documents import todo
        from documents.rendering import checks  # noqa: F401  (WeasyPrint prerequisites at start-up)
        from oa.core import demo, navigation
        from oa.core.todo import register

        register(todo.outgoing_source)
        register(todo.deliveries_source)
        register(todo.readings_source)
        navigation.register_main("发文", "documents", position=20)
        navigation.register_main("收文", "inbox", position=30)
        demo.register("documents.demo.seed_documents", order=30, report_as="documents", with_password=True)

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "公文"

    def ready(self):
        from documents import delivery_permissions, todo  # noqa: F401  (registers the 收文 workflow)
        from documents.rendering import checks  # noqa: F401  (WeasyPrint prerequisites at start-up)
        from oa.core.todo import register

        register(todo.outgoing_source)
        register(todo.deliveries_source)
        register(todo.readings_source)

from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "oa.uploads"
    label = "uploads"
    verbose_name = "上传密级检查"

    def ready(self):
        import oa.uploads.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.core.todo import register
        from oa.uploads import todo

        register(todo.held_uploads_source)

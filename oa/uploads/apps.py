from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "oa.uploads"
    label = "uploads"
    verbose_name = "上传密级检查"

    def ready(self):
        import oa.uploads.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.core.navigation import register_admin
        from oa.core.todo import register
        from oa.org import gate as org_gate
        from oa.uploads import todo
        from oa.uploads.gate import text_check, text_marked
        from oa.uploads.permissions import can_see_review_queue

        register(todo.held_uploads_source, counter=todo.held_uploads_counter, lister=todo.held_uploads_listed)
        org_gate.register(marked=text_marked, refuse=text_check)  # what a person types in oa.org (常用意见)
        register_admin("上传审核", "uploads-review", position=40, allowed=can_see_review_queue)

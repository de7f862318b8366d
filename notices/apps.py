from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "通知公告"

    def ready(self):
        from notices import todo
        from oa.core.todo import register

        register(todo.work_source)
        register(todo.unread_source)

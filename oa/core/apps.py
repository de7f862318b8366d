from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "oa.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from oa.core import schema  # noqa: F401  (registers the OpenAPI auth extensions)
        from oa.core.navigation import register_main
        from oa.rendering import checks  # noqa: F401  (WeasyPrint prerequisites at start-up)

        register_main("待办", "todo", position=10)

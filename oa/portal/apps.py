from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "oa.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self):
        from oa.core import demo
        from oa.core.navigation import register_admin
        from oa.feedback import portal as feedback_portal
        from oa.org.permissions import can_edit_portal
        from oa.portal import pages

        register_admin("门户内容管理", "wagtailadmin_home", position=50, allowed=can_edit_portal)
        demo.register("oa.portal.seed.seed_portal", order=10)
        feedback_portal.register(contacts=pages.contacts, faq_page=pages.faq_page, faq_append=pages.faq_append)

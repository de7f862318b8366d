"""Wagtail pages of the portal: home, help centre, hotlines and contacts, FAQ.

Content is kept by the information center in the Wagtail admin (/cms/).
"""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

# Text only: no "image", "embed" or "document-link". Wagtail's images and documents are files under
# /media/, which is not served (docs/security.md, "Files"), and would bypass the upload gate and the
# 密级 checks; an embed would load another site's content into the portal.
BODY_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="姓名或名称")
    duty = blocks.CharBlock(label="职责", required=False)
    department = blocks.CharBlock(label="单位", required=False)
    phone = blocks.CharBlock(label="电话")
    mobile = blocks.CharBlock(label="手机", required=False)

    class Meta:
        label = "联系人"
        icon = "user"
        template = "portal/blocks/contact.html"


class HotlineBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="热线名称")
    phone = blocks.CharBlock(label="电话")
    hours = blocks.CharBlock(label="服务时间", required=False)
    note = blocks.CharBlock(label="说明", required=False)

    class Meta:
        label = "热线"
        icon = "mail"
        template = "portal/blocks/hotline.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题")
    answer = blocks.RichTextBlock(label="解答", features=["bold", "ol", "ul", "link"])

    class Meta:
        label = "问答"
        icon = "help"
        template = "portal/blocks/question.html"


class HomePage(Page):
    intro = RichTextField("导语", blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.HelpCentrePage", "portal.ContactsPage", "portal.FaqPage", "notices.NoticeIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "门户首页"
        verbose_name_plural = "门户首页"

    def get_context(self, request, *args, **kwargs):
        from oa.core.home import home_context
        from oa.core.todo import TO_READ, request_sources

        context = super().get_context(request, *args, **kwargs)
        sources = request_sources(request, limit=5) if request.user.is_authenticated else []
        context["todo_sources"] = sorted(sources, key=lambda source: source.group == TO_READ)  # 待办 before 待阅
        context["portal_pages"] = self.get_children().live().specific()
        context.update(home_context(request.user))  # the apps' panels (oa.core.home), e.g. the notices
        return context


class HelpCentrePage(Page):
    body = RichTextField("正文", blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "帮助中心"
        verbose_name_plural = "帮助中心"


class ContactsPage(Page):
    intro = RichTextField("说明", blank=True, features=["bold", "link"])
    hotlines = StreamField([("hotline", HotlineBlock())], blank=True, verbose_name="热线电话")
    contacts = StreamField([("contact", ContactBlock())], blank=True, verbose_name="联系人")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hotlines"), FieldPanel("contacts")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "热线与联系人"
        verbose_name_plural = "热线与联系人"

    def get_context(self, request, *args, **kwargs):
        """Besides the page's own blocks, the trial's 统筹协调小组 and the approval units' 网上审批业务咨询电话,
        as the information center records them on the trial programme (oa.trial.people)."""
        from oa.portal.pages import merged
        from oa.trial.people import published_contacts

        context = super().get_context(request, *args, **kwargs)
        published = published_contacts()
        context["published"] = merged(self, published)
        context["trial_programme"] = published["programme"]
        return context


class FaqPage(Page):
    intro = RichTextField("说明", blank=True, features=["bold", "link"])
    questions = StreamField([("question", QuestionBlock())], blank=True, verbose_name="常见问题")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("questions")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"

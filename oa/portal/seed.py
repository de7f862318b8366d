"""The portal's starting content, from seed 004 (hotline, contacts, coordination group).

Idempotent: pages that exist are left as the information center edited them.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Locale, Page, Site

from notices.models import NoticeIndexPage
from oa.org.choices import Role
from oa.portal.models import ContactsPage, FaqPage, HelpCentrePage, HomePage

HOME_INTRO = (
    "<p>本平台承载市直各单位的公文流转、通知公告、试运行管理、使用情况通报和问题反馈。"
    "请遵守“涉密不上网，上网不涉密”的规定：“三密”件一律不得上业务系统，实行“谁上网，谁负责”。</p>"
)

HELP_BODY = """
<h2>快速上手</h2>
<ol>
<li>使用本单位系统管理员分配的账号登录；首次登录请按提示修改初始密码。</li>
<li>页面顶部的“待办”汇总所有等待您处理的公文、传阅件和通知，有新事项时自动更新。</li>
<li>领导和管理员在启用双因素认证后，登录时还需输入手机身份验证器上的 6 位动态验证码。</li>
</ol>
<h2>账户安全</h2>
<ul>
<li>密码至少 8 位，须包含小写字母、大写字母、数字、符号中的 3 类，并定期更换。</li>
<li>连续 5 次输错密码，账户将被锁定 30 分钟；如需提前解锁，请联系本单位系统管理员。</li>
<li>离开座位时请退出登录；超过 30 分钟无操作，系统会自动退出。</li>
</ul>
<h2>保密要求</h2>
<p>绝密、机密、秘密文件一律不得上传，应通过机要渠道以纸质方式传递。上传文件时须确认不涉及国家秘密，上传人对所传内容负责。</p>
"""

HOTLINES = [
    {"title": "系统报障电话", "phone": "8891904", "hours": "工作日 8:30–12:00，14:30–17:30", "note": "系统故障、账号问题请拨打"},
]

CONTACTS = [
    {"name": "李熏杰", "duty": "试运行统筹协调小组组长", "department": "市政府办", "phone": "", "mobile": ""},
    {"name": "陈其宏", "duty": "试运行统筹协调小组副组长", "department": "市信息中心", "phone": "", "mobile": ""},
    {"name": "谢金保", "duty": "报障联系人", "department": "市信息中心", "phone": "8891904", "mobile": "13826313052"},
    {"name": "尹德雄", "duty": "报障联系人", "department": "市信息中心", "phone": "8891904", "mobile": "13823683770"},
    {"name": "陈叶飞", "duty": "报障联系人", "department": "市信息中心", "phone": "8891904", "mobile": "13826379995"},
    {"name": "何磊", "duty": "报障联系人", "department": "市信息中心", "phone": "8891904", "mobile": "13500207520"},
]

QUESTIONS = [
    ("账户被锁定怎么办？", "<p>连续 5 次输错密码后账户锁定 30 分钟，到时自动解锁；急需使用请联系本单位系统管理员。</p>"),
    ("手机丢失，无法输入动态验证码怎么办？", "<p>请联系安全管理员重置双因素认证，下次登录时重新绑定新手机。</p>"),
    ("哪些文件不能上传？", "<p>标有绝密、机密、秘密的文件一律不得上传，应通过机要渠道以纸质方式传递。</p>"),
]

PORTAL_PAGE_PERMISSIONS = ("add", "change", "publish")


def _stream(block_type: str, values: list[dict]) -> list[dict]:
    return [{"type": block_type, "value": value} for value in values]


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    # Wagtail makes its locale and tree root in data migrations; an emptied database lacks them.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", live=True))
    home = root.add_child(instance=HomePage(title="首页", slug="portal", intro=HOME_INTRO))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="市直机关电子政务办公平台")
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:  # Wagtail's "Welcome" placeholder
            old_root.delete()
    Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).filter(numchild=0, title="Welcome to your new Wagtail site!").delete()
    return home


def _child(home: HomePage, model, **fields):
    existing = model.objects.child_of(home).first()
    return existing or home.add_child(instance=model(**fields))


def _grant_info_center(home: HomePage) -> None:
    from oa.org.services.roles import role_group_name

    for role in (Role.INFO_CENTER, Role.SYSTEM_ADMIN):
        group, _ = Group.objects.get_or_create(name=role_group_name(role))
        for action in PORTAL_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


def _notice_index(home: HomePage) -> None:
    """The 通知公告 column (notices.NoticeIndexPage) under the home page, kept as the information center
    edits it."""
    if NoticeIndexPage.objects.exists():
        return
    home.add_child(instance=NoticeIndexPage(
        title="通知公告", slug="tongzhi", search_description="市政府和市信息中心发布的通知、公告、培训安排",
        intro="<p>发给您的通知公告。未读的通知标有红点；需要回执的请点开后确认回执。</p>",
    ))


def seed_portal() -> HomePage:
    home = _home()
    _child(home, HelpCentrePage, title="帮助中心", slug="help", body=HELP_BODY, search_description="快速上手、账户安全、保密要求")
    _child(
        home, ContactsPage, title="热线与联系人", slug="contacts", search_description="报障电话 8891904 与各联系人",
        intro="<p>试运行期间出现的问题请第一时间反馈市信息中心。</p>",
        hotlines=_stream("hotline", HOTLINES), contacts=_stream("contact", CONTACTS),
    )
    _child(
        home, FaqPage, title="常见问题", slug="faq", intro="", search_description="账户锁定、动态验证码、上传规定",
        questions=_stream("question", [{"question": q, "answer": a} for q, a in QUESTIONS]),
    )
    _notice_index(home)
    _grant_info_center(home)
    return home

"""What other apps read from or add to the portal's pages, handed over from PortalConfig.ready()
(the apps sit below the portal and do not import it): feedback's hotline and contacts, and its
常见问题 page (oa.feedback.portal)."""

from __future__ import annotations

from wagtail.rich_text import RichText

from oa.portal.models import ContactsPage, FaqPage


def merged(page, published: dict) -> dict:
    """The trial's 统筹协调小组 (recorded on the programme, oa.trial.people.published_contacts) and what the
    information center keeps on the page (ContactsPage): the page's hotlines, then the group's 报障电话 unless
    the page already lists that number; the group's people and contacts, then the page's contacts whose
    name the group does not already list."""
    contacts = list(published["contacts"])
    names = {c["name"] for c in contacts}
    hotlines = [block.value for block in page.hotlines] if page is not None else []
    phones = {h.get("phone") for h in hotlines}
    hotlines += [h for h in published["hotlines"] if h["phone"] not in phones]  # the page's own (with its hours) first
    if page is not None:
        contacts += [block.value for block in page.contacts if block.value.get("name") not in names]
    return {"hotlines": hotlines, "contacts": contacts, "approval_phones": published["approval_phones"],
            "contacts_url": (page.url or "") if page is not None else ""}


def contacts() -> dict | None:
    """热线与联系人 as the portal publishes them: the trial's 统筹协调小组 and the page's own, or None when
    there is neither."""
    from oa.trial.people import published_contacts

    page = ContactsPage.objects.live().first()
    published = published_contacts()
    if page is None and not (published["hotlines"] or published["contacts"]):
        return None
    return merged(page, published)


def faq_page() -> FaqPage | None:
    return FaqPage.objects.live().first()


def faq_append(page: FaqPage, *, question: str, answer_html: str, actor):
    """One more 问答 block at the end of the page, published as a new revision (Wagtail keeps the
    history); the page is locked for the caller's transaction."""
    page = type(page).objects.select_for_update().get(pk=page.pk)
    page.questions.append(("question", {"question": question, "answer": RichText(answer_html)}))
    revision = page.save_revision(user=actor, log_action=True)
    revision.publish(user=actor)
    return page, revision

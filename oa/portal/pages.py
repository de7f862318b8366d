"""What other apps read from or add to the portal's pages, handed over from PortalConfig.ready()
(the apps sit below the portal and do not import it): feedback's hotline and contacts, and its
常见问题 page (oa.feedback.portal)."""

from __future__ import annotations

from wagtail.rich_text import RichText

from oa.portal.models import ContactsPage, FaqPage


def contacts() -> dict | None:
    """热线与联系人 as the information center keeps them on the portal (ContactsPage), or None."""
    page = ContactsPage.objects.live().first()
    if page is None:
        return None
    return {"hotlines": [block.value for block in page.hotlines], "contacts": [block.value for block in page.contacts],
            "contacts_url": page.url or ""}


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

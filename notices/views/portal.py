"""The portal side: the notice column (a Wagtail page) and each notice on its own page."""

from django.http import Http404
from django.shortcuts import render

from notices.choices import NoticeState
from notices.forms import ReceiptForm
from notices.selectors import notice_board, notice_for
from notices.services.reading import notice_open
from oa.core.pagination import CURSOR


def portal_index(request, page):
    board = notice_board(request.user, before=request.GET.get(CURSOR))
    return render(request, "notices/portal_index.html", {
        "page": page, "self": page, "rows": board.rows, "next_cursor": board.next, "index": page,
    })


def portal_notice(request, page, notice_id: int):
    """Outside the audience (or not published yet) is a 404, like a notice that does not exist."""
    notice = notice_for(request.user, notice_id)
    if notice.state not in (NoticeState.PUBLISHED, NoticeState.EXPIRED):
        raise Http404
    read = notice_open(actor=request.user, notice_id=notice.pk, shown=notice)
    return render(request, "notices/portal_notice.html", {
        "page": page, "self": page, "notice": notice, "read": read, "index": page, "receipt_form": ReceiptForm(),
    })


def home_notices(user, limit: int = 8) -> dict:
    """The home page's notice list: the first page of the board, pinned first, unread marked."""
    from notices.selectors import notice_index_page

    if not user.is_authenticated:
        return {"notice_rows": [], "notice_index": None}
    return {"notice_rows": notice_board(user, size=limit).rows, "notice_index": notice_index_page()}

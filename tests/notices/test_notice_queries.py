"""The notice lists stay a fixed, small number of SQL queries however many notices and receipts there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.choices import Audience
from oa.portal.seed import seed_portal

pytestmark = pytest.mark.django_db

# The notices' own queries per page, measured and pinned: the board (one query, read marks included), the
# 待阅 receipts and the returned drafts for the 待办 badge, and the portal's notice column page where links
# point to it (the home page and 待办 page ask the 待办 providers twice: for their cards and for the badge;
# the home page also shows the column as a tile). The rest of each page is the frame every page pays (session, person, roles, the other
# apps' 待办 providers, Wagtail's site look-up); it is only required not to grow with the data.
BUDGET = {"/notices/?tab=inbox": 3, "/notices/?tab=published": 3, "/tongzhi/": 4, "/": 8, "/todo/": 5,
          "/api/v1/notices/": 1, "/api/v1/notices/?scope=published": 1}


@pytest.mark.parametrize("url", list(BUDGET))
def test_notice_lists_make_the_same_small_number_of_queries_for_3_or_40_notices(personas, notice, client, login, url):
    seed_portal()

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        sql = [q["sql"] for q in captured.captured_queries]
        return len(sql), sum('"notices_' in s for s in sql)

    for i in range(3):
        notice(publish=True, title=f"通知{i}", pinned=i == 0, audience=Audience.EVERYONE, departments=None)
    login(personas.info_center if "published" in url else personas.clerk_a)
    client.get(url)  # warm the site-root cache
    few = count()
    for i in range(37):
        made = notice(publish=True, title=f"通知{i + 3}", pinned=i % 9 == 0, audience=Audience.EVERYONE, departments=None)
        if i % 2:
            from notices.services.reading import notice_open

            notice_open(actor=personas.clerk_a, notice_id=made.pk)
    many = count()
    assert many == few, (few, many)
    assert many[1] <= BUDGET[url], many

"""Review of issue 18: the 确认收到纸质件 page offers for 配对 only the paper arrivals the service will merge
(待登记, 待初审) — not one already being handled, nor one already closed into another online delivery."""

import pytest
from django.urls import reverse

from documents.incoming.models import DeliveryState
from documents.incoming.services.flow import delivery_register
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.sorting import delivery_screen
from documents.models import Delivery
from oa.trial.models import PaperRequirement
from oa.trial.selectors import unmatched_paper_arrivals

pytestmark = pytest.mark.django_db


def test_only_mergeable_arrivals_are_offered(trial, dispatched, personas, login):
    online = dispatched(title="关于报送年度工作总结的通知")
    requirement = PaperRequirement.objects.get(delivery=online)
    waiting = delivery_register_paper(actor=personas.clerk_b, title="待登记件", sender_name="甲局")
    screened = delivery_register_paper(actor=personas.clerk_b, title="待初审件", sender_name="甲局")
    delivery_register(actor=personas.clerk_b, delivery_id=screened.pk)
    handled = delivery_register_paper(actor=personas.clerk_b, title="已在办理件", sender_name="甲局")
    delivery_register(actor=personas.clerk_b, delivery_id=handled.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=handled.pk, handling="task")
    merged = delivery_register_paper(actor=personas.clerk_b, title="已并入件", sender_name="甲局")
    Delivery.objects.filter(pk=merged.pk).update(state=DeliveryState.MERGED, merged_into=online)

    offered = {d.pk for d in unmatched_paper_arrivals(personas.clerk_b)}
    assert offered == {waiting.pk, screened.pk}
    client = login(personas.clerk_b)
    page = client.get(reverse("trial-paper", args=[requirement.pk])).content.decode()
    assert "待登记件" in page and "已在办理件" not in page and "已并入件" not in page

from django.urls import path

from documents.views import inbox, registers, supervision

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("paper/", inbox.paper_arrival, name="paper-arrival"),
    path("register.xlsx", registers.inbox_register_xlsx, name="inbox-register-xlsx"),
    path("supervision/", supervision.supervision_page, name="supervision"),
    path("<int:pk>/", inbox.delivery_detail, name="delivery-detail"),
    path("<int:pk>/act/<str:action>/", inbox.delivery_act_view, name="delivery-act"),
    path("<int:pk>/circulations/<int:circulation_id>/recall/", inbox.circulation_recall_view, name="circulation-recall"),
]

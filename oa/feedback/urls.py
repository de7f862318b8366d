from django.urls import path

from oa.feedback import views

urlpatterns = [
    path("", views.ticket_list, name="feedback"),
    path("new/", views.ticket_new, name="ticket-new"),
    path("figures/", views.ticket_figures_page, name="ticket-figures"),
    path("<int:pk>/", views.ticket_detail, name="ticket-detail"),
    path("<int:pk>/act/<str:action>/", views.ticket_act, name="ticket-act"),
    path("<int:pk>/assign/", views.ticket_assign_view, name="ticket-assign"),
    path("<int:pk>/comment/", views.ticket_comment_view, name="ticket-comment"),
    path("<int:pk>/faq/", views.ticket_faq, name="ticket-faq"),
    path("<int:pk>/screenshots/", views.screenshot_upload, name="ticket-screenshot-upload"),
    path("<int:pk>/screenshots/<int:screenshot_id>/", views.screenshot_view, name="ticket-screenshot"),
]

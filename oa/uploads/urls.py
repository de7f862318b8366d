from django.urls import path

from oa.uploads import views

urlpatterns = [
    path("review/", views.review_list, name="uploads-review"),
    path("review/<int:pk>/release/", views.review_release, name="uploads-review-release"),
    path("review/<int:pk>/refuse/", views.review_refuse, name="uploads-review-refuse"),
    path("review/<int:pk>/file/", views.review_file, name="uploads-review-file"),
]

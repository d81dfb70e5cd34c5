from django.urls import path

from annotations.api import views as annotation_views

urlpatterns = [
    path("me/", annotation_views.me, name="api-me"),
]

from django.urls import path

from annotations import views

urlpatterns = [
    path("", views.home, name="home"),
]

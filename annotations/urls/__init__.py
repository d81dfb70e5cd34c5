from django.urls import include, path

from annotations.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("annotations.urls.articles")),
    path("", include("annotations.urls.claims")),
    path("", include("annotations.urls.seen_before")),
    path("", include("annotations.urls.review")),
    path("", include("annotations.urls.factcheck")),
    path("", include("annotations.urls.corrections")),
]

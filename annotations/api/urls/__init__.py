from django.urls import include, path

from annotations.api.views import me

urlpatterns = [
    path("me/", me, name="api-me"),
    path("", include("annotations.api.urls.articles")),
    path("", include("annotations.api.urls.claims")),
    path("", include("annotations.api.urls.similarity")),
    path("", include("annotations.api.urls.review")),
    path("", include("annotations.api.urls.export")),
]

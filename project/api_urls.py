from django.urls import include, path

urlpatterns = [
    path("", include("annotations.api.urls")),
    path("", include("sources.api.urls")),
]

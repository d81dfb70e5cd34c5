from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from project.api_docs import RedocView, SwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("annotations.api.urls")),
    path("", include("annotations.api.urls.sources")),
]

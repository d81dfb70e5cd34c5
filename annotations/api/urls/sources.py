from django.urls import path

from annotations.api.sources import (
    CitationDetail,
    CitationListCreate,
    SourceDetail,
    SourceListCreate,
)

urlpatterns = [
    path("sources/", SourceListCreate.as_view(), name="api-source-list"),
    path("sources/<int:pk>/", SourceDetail.as_view(), name="api-source-detail"),
    path(
        "claims/<int:claim_pk>/citations/",
        CitationListCreate.as_view(),
        name="api-claim-citation-list",
    ),
    path(
        "claims/<int:claim_pk>/citations/<int:pk>/",
        CitationDetail.as_view(),
        name="api-claim-citation-detail",
    ),
]

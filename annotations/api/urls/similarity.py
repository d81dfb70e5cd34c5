from django.urls import path

from annotations.api.similarity import ClaimLinkDetail, ClaimLinks, ClaimSimilar

urlpatterns = [
    path("claims/<int:pk>/similar/", ClaimSimilar.as_view(), name="api-claim-similar"),
    path("claims/<int:pk>/links/", ClaimLinks.as_view(), name="api-claim-links"),
    path(
        "claims/<int:pk>/links/<int:same_as>/",
        ClaimLinkDetail.as_view(),
        name="api-claim-link-detail",
    ),
]

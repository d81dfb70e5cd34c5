from django.urls import path

from annotations.api.claims import ClaimDetail, ClaimListCreate

urlpatterns = [
    path("claims/", ClaimListCreate.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", ClaimDetail.as_view(), name="api-claim-detail"),
]

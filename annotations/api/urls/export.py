from django.urls import path

from annotations.api.export import ClaimAnnotationView, ClaimExportView

urlpatterns = [
    path("export/claims/", ClaimExportView.as_view(), name="api-export-claims"),
    path("claims/<int:pk>.jsonld", ClaimAnnotationView.as_view(), name="api-claim-jsonld"),
]

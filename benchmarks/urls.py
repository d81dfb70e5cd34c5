"""The app's URLs plus the benchmark's reference endpoint; mounted only by benchmarks.settings."""

from django.urls import path

from benchmarks.reference_drf import ReferenceClaimList
from project.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/reference/claims/", ReferenceClaimList.as_view(), name="bench-reference-claims"),
    *project_urlpatterns,
]

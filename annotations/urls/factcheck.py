from django.urls import path

from annotations.views.factcheck import factcheck_detail

urlpatterns = [
    path("factchecks/<int:pk>/", factcheck_detail, name="factcheck-detail"),
]

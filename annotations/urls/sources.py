from django.urls import path

from annotations.views import citation_picker, citations, sources

urlpatterns = [
    path("", sources.source_list_page, name="source-list"),
    path("new/", sources.source_create_page, name="source-create"),
    path("<int:pk>/", sources.source_detail_page, name="source-detail"),
    path(
        "claims/<int:claim_pk>/evidence/",
        citations.claim_evidence_section,
        name="claim-evidence",
    ),
    path(
        "claims/<int:claim_pk>/citations/new/",
        citations.citation_create_page,
        name="citation-create",
    ),
    path("citations/<int:pk>/edit/", citations.citation_edit_page, name="citation-edit"),
    path("citations/<int:pk>/delete/", citations.citation_delete_page, name="citation-delete"),
    path(
        "cite/claim/<int:pk>/",
        citation_picker.citation_article_picker,
        name="citation-article-picker",
    ),
]

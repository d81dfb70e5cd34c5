from django.urls import path

from annotations.views import seen_before

urlpatterns = [
    path(
        "articles/<int:pk>/seen-before/",
        seen_before.article_seen_before,
        name="article-seen-before",
    ),
    path("claims/<int:pk>/links/", seen_before.claim_link_view, name="claim-link"),
    path(
        "claims/<int:pk>/links/<int:same_as>/delete/",
        seen_before.claim_unlink_view,
        name="claim-unlink",
    ),
    path(
        "claims/<int:pk>/reuse-evidence/<int:source>/",
        seen_before.claim_reuse_evidence_view,
        name="claim-reuse-evidence",
    ),
]

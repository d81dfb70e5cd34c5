from django.urls import path

from annotations.views import claims

urlpatterns = [
    path("articles/<int:pk>/", claims.article_detail, name="article-detail"),
    path("articles/<int:pk>/claims/", claims.claim_create_view, name="claim-create"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/span/", claims.claim_span, name="claim-span"),
    path("claims/<int:pk>/delete/", claims.claim_delete_view, name="claim-delete"),
    path("tags/suggestions/", claims.tag_suggestions_view, name="tag-suggestions"),
]

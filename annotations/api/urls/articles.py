from django.urls import path

from annotations.api import articles

urlpatterns = [
    path("articles/", articles.ArticleListView.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", articles.ArticleDetailView.as_view(), name="api-article-detail"),
    path(
        "articles/<int:pk>/revisions/",
        articles.ArticleRevisionListView.as_view(),
        name="api-article-revisions",
    ),
    path(
        "articles/<int:pk>/revisions/<int:number>/",
        articles.ArticleRevisionDetailView.as_view(),
        name="api-article-revision-detail",
    ),
]

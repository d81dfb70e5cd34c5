from django.urls import path

from annotations.views import articles

urlpatterns = [
    path("articles/", articles.article_list_page, name="article-list"),
    path("articles/new/", articles.article_upload_page, name="article-upload"),
    path("articles/new/title/", articles.article_title_suggestion, name="article-title-suggestion"),
    path(
        "articles/<int:pk>/revisions/new/",
        articles.article_revision_upload_page,
        name="article-revision-upload",
    ),
    path(
        "articles/<int:pk>/revisions/",
        articles.article_revision_create_page,
        name="article-revisions",
    ),
    path("articles/<int:pk>/delete/", articles.article_delete_page, name="article-delete"),
]

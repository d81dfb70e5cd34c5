"""The articles API: list and search, upload, read, revise, delete.

Serializers only shape HTTP; the writes are `annotations.services.articles`, who may make them
`annotations.policies` (checked here first too, so a refused client learns it before sending a
whole file).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.canonical import Format
from annotations.models import Article, ArticleRevision
from annotations.policies import check_delete_articles, check_upload_articles
from annotations.selectors.articles import (
    EXCERPT_CHARS,
    ArticleFilters,
    ArticleSort,
    article_get,
    article_list,
)
from annotations.services.articles import (
    ArticleContent,
    ArticleMetadata,
    DuplicateArticle,
    article_content_from_file,
    article_content_from_text,
    article_delete,
    article_revision_create,
    article_upload,
)
from project.errors import PROBLEM_CONTENT_TYPE, problem
from project.permissions import WRITE_METHODS, permission
from project.schema import UPLOAD_LOCATION

# The JSON keys that carry an article's text, and the format each one declares.
TEXT_KEYS: dict[str, Format] = {"text": "text", "markdown": "markdown", "html": "html"}


# --- Permissions ----------------------------------------------------------------------------

UploadsArticlesToWrite = permission(check_upload_articles, methods=WRITE_METHODS)
AdminToDelete = permission(check_delete_articles, methods={"DELETE"})


# --- Output ---------------------------------------------------------------------------------


class RevisionSummarySerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.get_username")

    class Meta:
        model = ArticleRevision
        fields = [
            "number",
            "content_hash",
            "source_format",
            "original_filename",
            "created_by",
            "created_at",
        ]


class RevisionSerializer(RevisionSummarySerializer):
    class Meta(RevisionSummarySerializer.Meta):
        fields = [*RevisionSummarySerializer.Meta.fields, "length", "text", "blocks"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    """An article's metadata, as the list shows it: the text is on the article itself."""

    uploaded_by = serializers.CharField(source="uploaded_by.get_username")
    revision = serializers.IntegerField(source="current_revision.number")
    content_hash = serializers.CharField(source="current_revision.content_hash")
    source_format = serializers.CharField(source="current_revision.source_format")
    excerpt = serializers.CharField(help_text=f"The first {EXCERPT_CHARS} characters of the text.")
    url = serializers.CharField(help_text="The original article's URL (a URI), or empty.")
    api_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "author",
            "published_on",
            "language",
            "uploaded_by",
            "created_at",
            "updated_at",
            "revision",
            "content_hash",
            "source_format",
            "excerpt",
            "api_url",
            "html_url",
        ]

    def get_api_url(self, article: Article) -> str:
        return _absolute(self.context["request"], "api-article-detail", article.pk)

    def get_html_url(self, article: Article) -> str:
        return _absolute(self.context["request"], "article-detail", article.pk)


class ArticleSerializer(ArticleSummarySerializer):
    """An article's metadata with its current revision's canonical text and blocks."""

    text = serializers.CharField(source="current_revision.text")
    blocks = serializers.JSONField(source="current_revision.blocks")

    class Meta(ArticleSummarySerializer.Meta):
        fields = [
            *(name for name in ArticleSummarySerializer.Meta.fields if name != "excerpt"),
            "text",
            "blocks",
        ]


def _absolute(request: Request, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


# --- Input ----------------------------------------------------------------------------------


class ArticleTextInput(serializers.Serializer):
    """Exactly one of: a multipart `file`, or `text`, `markdown` or `html`."""

    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)
    markdown = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)
    html = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)

    def validate(self, data: dict) -> dict:
        given = [key for key in ("file", *TEXT_KEYS) if key in data]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Send exactly one of: a multipart `file`, or `text`, `markdown` or `html`."
                + (f" Got: {', '.join(given)}." if given else "")
            )
        return data

    def content(self) -> ArticleContent:
        data = self.validated_data
        if "file" in data:
            return article_content_from_file(file=data["file"])
        key = next(key for key in TEXT_KEYS if key in data)
        return article_content_from_text(text=data[key], source_format=TEXT_KEYS[key])


class ArticleUploadInput(ArticleTextInput):
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    # Checked by the service, which stores it as a URI (project/web_urls.py).
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    author = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.CharField(required=False, allow_blank=True, max_length=35, default="")

    def metadata(self) -> ArticleMetadata:
        return ArticleMetadata.from_cleaned(self.validated_data)


class ArticleTextJson(ArticleTextInput):
    """The JSON body of a revision (documentation only): a file comes as multipart."""

    file = None


class ArticleUploadJson(ArticleUploadInput):
    """The JSON body of an upload (documentation only): a file comes as multipart."""

    file = None


class ArticleListQuery(serializers.Serializer):
    # Empty is the same as left out (as the search form sends it), so the schema can say so.
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, default="")
    published_from = serializers.DateField(required=False, default=None)
    published_to = serializers.DateField(required=False, default=None)
    uploaded_by = serializers.CharField(required=False, allow_blank=True, default="")
    sort = serializers.ChoiceField(
        choices=[sort.value for sort in ArticleSort], required=False, default=None
    )

    def filters(self) -> ArticleFilters:
        data = self.validated_data
        return ArticleFilters(
            query=data["q"],
            publisher=data["publisher"],
            published_from=data["published_from"],
            published_to=data["published_to"],
            uploaded_by=data["uploaded_by"],
            sort=ArticleSort(data["sort"]) if data["sort"] else None,
        )


def _duplicate_response(request: Request, duplicate: DuplicateArticle) -> Response:
    """409 naming the article that already holds this text (and `Location` pointing at it)."""
    api_url = _absolute(request, "api-article-detail", duplicate.article.pk)
    body = problem(
        duplicate.status,
        duplicate.title,
        duplicate.message,
        **duplicate.extra(),
        article_url=api_url,
        html_url=_absolute(request, "article-detail", duplicate.article.pk),
    )
    return Response(
        body,
        status=duplicate.status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers={"Location": api_url},
    )


# --- Views ----------------------------------------------------------------------------------

_UPLOAD_ERRORS = {
    400: OpenApiResponse(description="Not exactly one text; empty, binary or unreadable file."),
    403: OpenApiResponse(description="Only editors and admins upload."),
    409: OpenApiResponse(
        description="This text is already stored: `article_id`, `revision`, `article_url`."
    ),
    413: OpenApiResponse(description="Larger than ARTICLE_MAX_UPLOAD_BYTES."),
}


class ArticleListView(generics.ListAPIView):
    """GET: articles' metadata, newest first, searchable (the text is on each article); a search
    is sorted by relevance unless told otherwise, which ranks the newest 200 matches (`count` is
    then at most 200; any other sort lists every match). POST: upload an article."""

    permission_classes = [permissions.IsAuthenticated, UploadsArticlesToWrite]
    serializer_class = ArticleSummarySerializer

    @property
    def throttle_scope(self) -> str | None:
        if self.request.method == "POST":
            return "upload"
        return "search" if self.request.query_params.get("q", "").strip() else None

    def get_queryset(self):
        query = ArticleListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return article_list(filters=query.filters(), headlines=False, revision=True)

    @extend_schema(parameters=[ArticleListQuery])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": ArticleUploadJson, "multipart/form-data": ArticleUploadInput},
        parameters=[UPLOAD_LOCATION],
        responses={201: ArticleSerializer, **_UPLOAD_ERRORS},
    )
    def post(self, request: Request) -> Response:
        upload = ArticleUploadInput(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            article = article_upload(
                user=request.user, content=upload.content(), metadata=upload.metadata()
            )
        except DuplicateArticle as duplicate:
            return _duplicate_response(request, duplicate)
        return _created(request, article.pk)


class ArticleDetailView(generics.GenericAPIView):
    """GET: one article with its current text. DELETE (admins): delete it and its claims."""

    permission_classes = [permissions.IsAuthenticated, AdminToDelete]
    serializer_class = ArticleSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(article_get(article_id=pk)).data)

    @extend_schema(
        responses={
            204: None,
            403: OpenApiResponse(description="Only admins delete articles."),
            409: OpenApiResponse(description="Claims on other articles cite this one."),
        }
    )
    def delete(self, request: Request, pk: int) -> Response:
        article_delete(user=request.user, article=article_get(article_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ArticleRevisionListView(generics.GenericAPIView):
    """GET: the article's revisions, oldest first, without their text. POST: a corrected text,
    which becomes the next, current revision."""

    permission_classes = [permissions.IsAuthenticated, UploadsArticlesToWrite]
    serializer_class = RevisionSummarySerializer
    pagination_class = None

    @property
    def throttle_scope(self) -> str | None:
        return "upload" if self.request.method == "POST" else None

    @extend_schema(
        operation_id="articles_revisions_list", responses=RevisionSummarySerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        article = article_get(article_id=pk)
        revisions = article.revisions.select_related("created_by").defer("text", "blocks")
        return Response(self.get_serializer(revisions, many=True).data)

    @extend_schema(
        request={"application/json": ArticleTextJson, "multipart/form-data": ArticleTextInput},
        parameters=[UPLOAD_LOCATION],
        responses={201: ArticleSerializer, **_UPLOAD_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        article = article_get(article_id=pk)
        upload = ArticleTextInput(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            article_revision_create(user=request.user, article=article, content=upload.content())
        except DuplicateArticle as duplicate:
            return _duplicate_response(request, duplicate)
        return _created(request, pk)


def _created(request: Request, article_id: int) -> Response:
    data = ArticleSerializer(article_get(article_id=article_id), context={"request": request}).data
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["api_url"]})


class ArticleRevisionDetailView(generics.GenericAPIView):
    """GET: one revision, current or not, with its text and blocks."""

    serializer_class = RevisionSerializer

    def get(self, request: Request, pk: int, number: int) -> Response:
        revision = generics.get_object_or_404(
            ArticleRevision.objects.select_related("created_by"), article_id=pk, number=number
        )
        return Response(self.get_serializer(revision).data)

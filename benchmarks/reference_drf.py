"""The first reference the export is measured against: verified claims listed the way most
Django teams would write it, a DRF `ListAPIView` of `ModelSerializer`s with nested serializers,
page-number pagination and the obvious `select_related`/`prefetch_related`.

It shows the same facts as the export's JSON (claim, quote, article, tags, verdict, citations
with their source or cited article, editor and reviewer). Nothing is tuned beyond that: as such
code usually does, the joins also fetch what nobody shows (a revision's whole text, an
article's search vector).

Mounted only by `benchmarks.urls`; never part of the app.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from annotations.models import Article, ArticleRevision, Claim, Tag
from annotations.workflow import ClaimStatus
from sources.models import Citation, Source

PAGE_SIZE = 1000


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name"]


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "url", "publisher", "author", "published_on"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["name", "domain", "kind", "reliability"]


class CitedArticleSerializer(serializers.ModelSerializer):
    article = ArticleSerializer()

    class Meta:
        model = ArticleRevision
        fields = ["number", "article"]


class CitationSerializer(serializers.ModelSerializer):
    source = SourceSerializer()
    cited_revision = CitedArticleSerializer()

    class Meta:
        model = Citation
        fields = [
            "id",
            "stance",
            "url",
            "title",
            "quote",
            "location",
            "accessed_on",
            "archive_url",
            "source",
            "cited_revision",
            "cited_start",
            "cited_end",
            "cited_exact",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleSerializer()
    revision = serializers.IntegerField(source="revision.number")
    tags = TagSerializer(many=True)
    citations = CitationSerializer(many=True)
    created_by = PersonSerializer()
    verified_by = PersonSerializer()

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "article",
            "revision",
            "tags",
            "verdict",
            "verdict_note",
            "citations",
            "created_by",
            "verified_by",
            "created_at",
            "updated_at",
            "verified_at",
        ]


class ReferencePagination(PageNumberPagination):
    page_size = PAGE_SIZE


class ReferenceClaimList(generics.ListAPIView):
    serializer_class = ClaimSerializer
    pagination_class = ReferencePagination

    def get_queryset(self):
        return (
            Claim.objects.filter(status=ClaimStatus.VERIFIED.value)
            .select_related("article", "revision", "created_by", "verified_by")
            .prefetch_related("tags", "citations__source", "citations__cited_revision__article")
            .order_by("updated_at", "id")
        )

"""HTTP shapes of sources and citations. Only shapes: `sources/services/` decide what is valid."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.models import ArticleRevision
from project.limits import NOTE_MAX_LENGTH
from sources.models import Citation, Source
from sources.vocabulary import Reliability, SourceKind, Stance


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# Sources ------------------------------------------------------------------------------------


class SourceSerializer(serializers.Serializer):
    """A source as the API returns it."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    name = serializers.CharField()
    kind = serializers.CharField()
    homepage = serializers.CharField()
    domain = serializers.CharField()
    reliability = serializers.CharField()
    reliability_reason = serializers.CharField()
    citation_count = serializers.IntegerField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, source: Source) -> str:
        return _absolute(self, reverse("api-source-detail", args=[source.pk]))

    def get_html_url(self, source: Source) -> str:
        return _absolute(self, reverse("source-detail", args=[source.pk]))


class SourceWriteSerializer(serializers.Serializer):
    """A source's writable fields. Only administrators may set reliability or its reason."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SourceKind.choices(), required=False)
    homepage = serializers.CharField(required=False, allow_blank=True)
    domain = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Host name such as example.org; taken from the homepage when left out.",
    )
    reliability = serializers.ChoiceField(choices=Reliability.choices(), required=False)
    reliability_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )


# Citations ----------------------------------------------------------------------------------


class CitedSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField()
    reliability = serializers.CharField()


class CitedArticleSerializer(serializers.Serializer):
    """The passage of another article that a citation quotes (code points into its revision)."""

    article = serializers.IntegerField(source="cited_revision.article_id")
    title = serializers.CharField(source="cited_revision.article.title")
    revision = serializers.IntegerField(source="cited_revision_id", help_text="Revision id.")
    revision_number = serializers.IntegerField(source="cited_revision.number")
    start = serializers.IntegerField(source="cited_start")
    end = serializers.IntegerField(source="cited_end")
    exact = serializers.CharField(source="cited_exact")


class CitationSerializer(serializers.Serializer):
    """A citation as the API returns it: a web page (`url`), or a passage (`cited_article`)."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The cited web page; empty for a cited article.")
    claim = serializers.IntegerField(source="claim_id")
    stance = serializers.CharField()
    title = serializers.CharField()
    quote = serializers.CharField()
    location = serializers.CharField()
    accessed_on = serializers.DateField(allow_null=True)
    archive_url = serializers.CharField()
    note = serializers.CharField()
    source = CitedSourceSerializer(allow_null=True)
    cited_article = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    @extend_schema_field(CitedArticleSerializer(allow_null=True))
    def get_cited_article(self, citation: Citation) -> dict[str, object] | None:
        if citation.cited_revision_id is None:
            return None
        return CitedArticleSerializer(citation).data


class CitationWriteSerializer(serializers.Serializer):
    """Evidence for a claim: `url` (with title, quote …) or `cited_revision` + `cited_start` +
    `cited_end` (optionally `cited_exact`, checked against the text)."""

    stance = serializers.ChoiceField(choices=Stance.choices())
    url = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True)
    quote = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)
    location = serializers.CharField(required=False, allow_blank=True)
    accessed_on = serializers.DateField(required=False, allow_null=True)
    archive_url = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)
    cited_revision = serializers.PrimaryKeyRelatedField(
        queryset=ArticleRevision.objects.select_related("article"),
        required=False,
        allow_null=True,
        help_text="Id of the article revision quoted.",
    )
    cited_start = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    cited_end = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    cited_exact = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)

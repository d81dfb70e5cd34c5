"""`/api/v1/claims/`: list, create, read, change and delete claims.

Serializers here only describe HTTP shapes; `services/claims.py` decides what is allowed.
A claim's anchor goes in and out as the W3C pair of selectors, under `selector`.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import anchoring
from annotations.alignment import Outcome
from annotations.models import Article, Claim
from annotations.selectors.claims import ClaimFilters, claim_get, claim_list
from annotations.selectors.corrections import claim_anchor
from annotations.services.claims import claim_create, claim_delete, claim_update
from annotations.workflow import ClaimStatus
from project.errors import InvalidInput
from project.http import if_match_version, is_whole_number, query_choice, with_versioned_etag
from project.limits import CLAIM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH
from project.schema import ETAG, IF_MATCH, LOCATION

# Output -------------------------------------------------------------------------------------


class AnchorSerializer(serializers.Serializer):
    """What correcting the article did to the claim (documentation only)."""

    status = serializers.ChoiceField(
        choices=[outcome.value for outcome in Outcome],
        help_text="`anchored` on the current revision; `changed` (a new span is proposed) or "
        "`orphaned` (the passage is gone) on the older revision it stays on.",
    )
    proposed = serializers.ListField(
        child=serializers.DictField(),
        allow_null=True,
        help_text="A changed claim's proposed span in the corrected revision: "
        "TextPositionSelector and TextQuoteSelector. Null otherwise.",
    )
    revision = serializers.IntegerField(
        allow_null=True, help_text="The revision the proposed span points into, or null."
    )


class ClaimSerializer(serializers.Serializer):
    """A claim as the API returns it."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    annotation_url = serializers.SerializerMethodField(
        help_text="The claim as a W3C Web Annotation, in the /annotations/ container."
    )
    article = serializers.IntegerField(source="article_id")
    article_html_url = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="revision.number", help_text="Revision number.")
    selector = serializers.SerializerMethodField(
        help_text="TextPositionSelector and TextQuoteSelector (W3C Web Annotation)."
    )
    anchor = serializers.SerializerMethodField(
        help_text="Where the claim stands against the article's current text."
    )
    text = serializers.CharField()
    note = serializers.CharField()
    tags = serializers.SerializerMethodField()
    status = serializers.CharField()
    verdict = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    citation_count = serializers.IntegerField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, claim: Claim) -> str:
        return self._absolute(reverse("api-claim-detail", args=[claim.pk]))

    def get_html_url(self, claim: Claim) -> str:
        return self._absolute(reverse("claim-detail", args=[claim.pk]))

    def get_annotation_url(self, claim: Claim) -> str:
        return self._absolute(reverse("annotation-detail", args=[claim.slug or claim.pk]))

    def get_article_html_url(self, claim: Claim) -> str:
        return self._absolute(reverse("article-detail", args=[claim.article_id]))

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_selector(self, claim: Claim) -> list[dict[str, object]]:
        position = anchoring.TextPositionSelector(claim.start, claim.end)
        quote = anchoring.TextQuoteSelector(claim.exact, claim.prefix, claim.suffix)
        return [position.to_json(), quote.to_json()]

    @extend_schema_field(AnchorSerializer)
    def get_anchor(self, claim: Claim) -> dict[str, object]:
        return claim_anchor(claim).to_json()

    def get_tags(self, claim: Claim) -> list[str]:
        return [tag.name for tag in claim.tags.all()]

    def get_verdict(self, claim: Claim) -> str | None:
        return claim.verdict or None


# Input --------------------------------------------------------------------------------------


class SelectorField(serializers.JSONField):
    """One W3C selector object or a list of them, parsed into (position, quote)."""

    def to_internal_value(self, data):
        try:
            return anchoring.parse_selectors(super().to_internal_value(data))
        except anchoring.AnchorError as error:
            raise serializers.ValidationError(str(error)) from error


class ClaimWriteSerializer(serializers.Serializer):
    selector = SelectorField()
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, default="", max_length=CLAIM_TEXT_MAX_LENGTH
    )
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), default=list
    )
    note = serializers.CharField(
        allow_blank=True, trim_whitespace=False, default="", max_length=NOTE_MAX_LENGTH
    )


class ClaimCreateSerializer(ClaimWriteSerializer):
    article = serializers.IntegerField(min_value=1)
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="Keep a claim with exactly the span and text of an existing one (else 409 "
        "naming it in `existing`).",
    )


# Views --------------------------------------------------------------------------------------


def _claim_response(request: Request, pk: int, *, status_code: int = 200) -> Response:
    claim = claim_get(pk=pk)
    response = Response(ClaimSerializer(claim, context={"request": request}).data, status_code)
    return with_versioned_etag(response, claim.version)


def _filters(params) -> ClaimFilters:
    article = params.get("article")
    if article is not None and not is_whole_number(article):
        raise InvalidInput(f"article must be an article id (a whole number), not {article!r}.")
    claim_status = query_choice(params, "status", ClaimStatus, what="a claim status")
    anchor = query_choice(params, "anchor", Outcome, what="an anchor status")
    return ClaimFilters(
        anchor=anchor,
        article=int(article) if article is not None else None,
        status=claim_status,
        tag=params.get("tag") or None,
        creator=params.get("creator") or None,
    )


class ClaimListCreate(APIView):
    # Declared (not only used) so that the schema documents the paginated envelope.
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("article", OpenApiTypes.INT, description="Article id."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in ClaimStatus]),
            OpenApiParameter("tag", OpenApiTypes.STR, description="Tag name (any case)."),
            OpenApiParameter("creator", OpenApiTypes.STR, description="Creator's username."),
            OpenApiParameter(
                "anchor",
                OpenApiTypes.STR,
                enum=[o.value for o in Outcome],
                description="Where claims stand against their article's current text.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=ClaimSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        """Claims, newest first, 50 a page."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(claim_list(_filters(request.query_params)), request)
        data = ClaimSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=ClaimCreateSerializer,
        parameters=[ETAG, LOCATION],
        responses={
            201: ClaimSerializer,
            409: OpenApiResponse(
                description="A claim with exactly this span and text exists: its id is in "
                "`existing` (send `allow_duplicate` to keep both)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Mark a span of an article's current revision as a draft claim (editors only)."""
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = (
            Article.objects.select_related("current_revision").filter(pk=data["article"]).first()
        )
        if article is None:
            message = f"There is no article {data['article']}."
            raise InvalidInput(message, errors={"article": [message]})
        position, quote = data["selector"]
        claim = claim_create(
            user=request.user,
            article=article,
            position=position,
            quote=quote,
            text=data["text"],
            tags=data["tags"],
            note=data["note"],
            allow_duplicate=data["allow_duplicate"],
        )
        response = _claim_response(request, claim.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


_NOT_EDITABLE = OpenApiResponse(
    description="The claim is no longer a draft or sent back for changes (`allowed`, `current`)."
)


class ClaimDetail(APIView):
    @extend_schema(parameters=[ETAG], responses=ClaimSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _claim_response(request, pk)

    @extend_schema(
        request=ClaimWriteSerializer,
        parameters=[ETAG, IF_MATCH],
        responses={200: ClaimSerializer, 409: _NOT_EDITABLE},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Replace the claim's span, text, tags and note (drafts only; If-Match optional)."""
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=ClaimWriteSerializer,
        parameters=[ETAG, IF_MATCH],
        responses={200: ClaimSerializer, 409: _NOT_EDITABLE},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of the claim's span, text, tags and note (drafts only)."""
        return self._update(request, pk, partial=True)

    @extend_schema(parameters=[IF_MATCH], responses={204: None, 409: _NOT_EDITABLE})
    def delete(self, request: Request, pk: int) -> Response:
        claim_delete(
            user=request.user, claim=claim_get(pk=pk), expected_version=if_match_version(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        claim = claim_get(pk=pk)
        serializer = ClaimWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        position, quote = data.get("selector", (None, None))
        claim_update(
            user=request.user,
            claim=claim,
            position=position,
            quote=quote,
            text=data.get("text"),
            tags=data.get("tags"),
            note=data.get("note"),
            expected_version=if_match_version(request),
        )
        return _claim_response(request, pk)

"""`/api/v1/claims/`: list, create, read, change and delete claims.

Serializers here only describe HTTP shapes; `services/claims.py` decides what is allowed.
A claim's anchor goes in and out as the W3C pair of selectors, under `selector`.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import anchoring
from annotations.models import Article, Claim
from annotations.selectors.claims import ClaimFilters, claim_get, claim_list
from annotations.services.claims import claim_create, claim_delete, claim_update
from annotations.workflow import ClaimStatus
from project.errors import InvalidInput
from project.http import if_match_version, is_whole_number

# Output -------------------------------------------------------------------------------------


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
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, default="")
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), default=list
    )
    note = serializers.CharField(allow_blank=True, trim_whitespace=False, default="")


class ClaimCreateSerializer(ClaimWriteSerializer):
    article = serializers.IntegerField(min_value=1)


# Views --------------------------------------------------------------------------------------


def _claim_response(request: Request, pk: int, *, status_code: int = 200) -> Response:
    claim = claim_get(pk=pk)
    response = Response(ClaimSerializer(claim, context={"request": request}).data, status_code)
    response["ETag"] = f'"{claim.version}"'
    return response


def _filters(params) -> ClaimFilters:
    article = params.get("article")
    if article is not None and not is_whole_number(article):
        raise InvalidInput(f"article must be an article id (a whole number), not {article!r}.")
    raw_status = params.get("status")
    claim_status = None
    if raw_status is not None:
        try:
            claim_status = ClaimStatus(raw_status)
        except ValueError:
            allowed = ", ".join(s.value for s in ClaimStatus)
            raise InvalidInput(
                f"status {raw_status!r} is not a claim status; use one of: {allowed}."
            ) from None
    return ClaimFilters(
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

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
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
        )
        response = _claim_response(request, claim.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


class ClaimDetail(APIView):
    @extend_schema(responses=ClaimSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _claim_response(request, pk)

    @extend_schema(request=ClaimWriteSerializer, responses=ClaimSerializer)
    def put(self, request: Request, pk: int) -> Response:
        """Replace the claim's span, text, tags and note (drafts only; If-Match optional)."""
        return self._update(request, pk, partial=False)

    @extend_schema(request=ClaimWriteSerializer, responses=ClaimSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of the claim's span, text, tags and note (drafts only)."""
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
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

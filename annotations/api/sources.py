"""`/api/v1/sources/` and `/api/v1/claims/{id}/citations/`: the same services as the pages, so
the same rules: editors write evidence while the claim is editable (else 409), only
administrators rate sources (else 403), a cited source is not deleted (409)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.source_serializers import (
    CitationSerializer,
    CitationWriteSerializer,
    SourceSerializer,
    SourceWriteSerializer,
)
from annotations.models import Claim
from annotations.selectors.claims import claim_get
from annotations.services.citations import (
    citation_create,
    citation_delete,
    citation_empty_values,
    citation_update,
)
from annotations.services.sources import source_create, source_delete, source_update
from project.http import if_match_version, query_choice, with_versioned_etag
from project.schema import ETAG, IF_MATCH, LOCATION
from sources.selectors.citations import citation_get, citations_for_claim
from sources.selectors.sources import SourceFilters, source_get, source_list
from sources.vocabulary import Reliability, SourceKind


def _choice(params, name: str, vocabulary) -> str:
    """The filter's value, "" (no filter) when the parameter is absent or empty."""
    member = query_choice(params, name, vocabulary) if params.get(name) else None
    return member.value if member else ""


# Sources ------------------------------------------------------------------------------------


def _source_response(request: Request, pk: int, *, status_code: int = 200) -> Response:
    source = source_get(pk=pk)
    data = SourceSerializer(source, context={"request": request}).data
    return with_versioned_etag(Response(data, status_code), source.version)


class SourceListCreate(APIView):
    pagination_class = PageNumberPagination  # declared so that the schema shows the envelope

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="In name or domain."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=[k.value for k in SourceKind]),
            OpenApiParameter("reliability", OpenApiTypes.STR, enum=[r.value for r in Reliability]),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=SourceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        """Sources by name, with how often each is cited; 50 a page."""
        params = request.query_params
        filters = SourceFilters(
            search=params.get("search", ""),
            kind=_choice(params, "kind", SourceKind),
            reliability=_choice(params, "reliability", Reliability),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(source_list(filters=filters), request)
        data = SourceSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=SourceWriteSerializer,
        parameters=[ETAG, LOCATION],
        responses={201: SourceSerializer},
    )
    def post(self, request: Request) -> Response:
        """Add a source (editors and administrators; reliability: administrators only)."""
        serializer = SourceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = source_create(user=request.user, **serializer.validated_data)
        response = _source_response(request, source.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


class SourceDetail(APIView):
    @extend_schema(parameters=[ETAG], responses=SourceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _source_response(request, pk)

    @extend_schema(
        request=SourceWriteSerializer, parameters=[ETAG, IF_MATCH], responses=SourceSerializer
    )
    def put(self, request: Request, pk: int) -> Response:
        """Replace the source's fields (those left out keep their value; If-Match optional)."""
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=SourceWriteSerializer, parameters=[ETAG, IF_MATCH], responses=SourceSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of the source's fields; changing reliability needs the admin role."""
        return self._update(request, pk, partial=True)

    @extend_schema(
        responses={204: None, 409: OpenApiResponse(description="Claims cite this source.")}
    )
    def delete(self, request: Request, pk: int) -> Response:
        """Delete a source nobody cites (administrators only)."""
        source_delete(user=request.user, source=source_get(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        source = source_get(pk=pk)
        serializer = SourceWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        source_update(
            user=request.user,
            source=source,
            data=serializer.validated_data,
            expected_version=if_match_version(request, what="source"),
        )
        return _source_response(request, pk)


# Citations ----------------------------------------------------------------------------------

_CLAIM_CLOSED = OpenApiResponse(
    description="Evidence changes only while the claim is a draft or sent back for changes "
    "(`allowed`, `current`)."
)


def _citation_response(request: Request, claim_pk: int, pk: int, *, status_code=200) -> Response:
    citation = citation_get(pk=pk, claim_id=claim_pk)
    data = CitationSerializer(citation, context={"request": request}).data
    return with_versioned_etag(Response(data, status_code), citation.version)


class CitationListCreate(APIView):
    pagination_class = PageNumberPagination  # declared so that the schema shows the envelope

    @extend_schema(responses=CitationSerializer(many=True))
    def get(self, request: Request, claim_pk: int) -> Response:
        """The claim's evidence in the order it was added; 50 a page."""
        paginator = self.pagination_class()
        claim = claim_get(pk=claim_pk, claims=Claim.objects.all())
        page = paginator.paginate_queryset(citations_for_claim(claim_id=claim.pk), request)
        data = CitationSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=CitationWriteSerializer,
        parameters=[ETAG, LOCATION],
        responses={201: CitationSerializer, 409: _CLAIM_CLOSED},
    )
    def post(self, request: Request, claim_pk: int) -> Response:
        """Attach evidence (editors only, while the claim is a draft or sent back for changes)."""
        claim = claim_get(pk=claim_pk, claims=Claim.objects.all())
        serializer = CitationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        citation = citation_create(user=request.user, claim=claim, **serializer.validated_data)
        response = _citation_response(
            request, claim_pk, citation.pk, status_code=status.HTTP_201_CREATED
        )
        response["Location"] = request.build_absolute_uri(
            reverse("api-claim-citation-detail", args=[claim_pk, citation.pk])
        )
        return response


class CitationDetail(APIView):
    @extend_schema(parameters=[ETAG], responses=CitationSerializer)
    def get(self, request: Request, claim_pk: int, pk: int) -> Response:
        return _citation_response(request, claim_pk, pk)

    @extend_schema(
        request=CitationWriteSerializer,
        parameters=[ETAG, IF_MATCH],
        responses={200: CitationSerializer, 409: _CLAIM_CLOSED},
    )
    def put(self, request: Request, claim_pk: int, pk: int) -> Response:
        """Replace the evidence: fields left out become empty (If-Match optional)."""
        return self._update(request, claim_pk, pk, partial=False)

    @extend_schema(
        request=CitationWriteSerializer,
        parameters=[ETAG, IF_MATCH],
        responses={200: CitationSerializer, 409: _CLAIM_CLOSED},
    )
    def patch(self, request: Request, claim_pk: int, pk: int) -> Response:
        """Change some fields of the evidence; the result is checked as a whole."""
        return self._update(request, claim_pk, pk, partial=True)

    @extend_schema(parameters=[IF_MATCH], responses={204: None, 409: _CLAIM_CLOSED})
    def delete(self, request: Request, claim_pk: int, pk: int) -> Response:
        citation_delete(
            user=request.user,
            citation=citation_get(pk=pk, claim_id=claim_pk),
            expected_version=if_match_version(request, what="citation"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, claim_pk: int, pk: int, *, partial: bool) -> Response:
        citation = citation_get(pk=pk, claim_id=claim_pk)
        serializer = CitationWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        citation_update(
            user=request.user,
            citation=citation,
            data=data if partial else {**citation_empty_values(), **data},
            expected_version=if_match_version(request, what="citation"),
        )
        return _citation_response(request, claim_pk, pk)

"""The "Seen before" API: a claim's most similar claims in other articles, and its "same
claim" links (read, add, undo).

Serializers describe HTTP shapes only: `selectors/similarity.py` reads, `services/links.py`
decides who may link.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.models import Claim
from annotations.selectors.claims import claim_get
from annotations.selectors.similarity import (
    AGREEMENTS,
    SEEN_BEFORE_LIMIT,
    SIMILAR_LIMIT_MAX,
    claim_links,
    similar_to_claim,
)
from annotations.services.links import claim_link, claim_unlink
from annotations.workflow import ClaimStatus, Verdict
from project.errors import InvalidInput, NotFound
from project.http import is_whole_number


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    publisher = serializers.CharField()


class ClaimRefSerializer(serializers.Serializer):
    """Another claim, in brief: enough to decide whether it is the same claim, and to open it."""

    id = serializers.IntegerField(source="pk")
    url = serializers.CharField(help_text="This claim in the API.")
    html_url = serializers.CharField(help_text="This claim's page.")
    text = serializers.CharField()
    quote = serializers.CharField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices())
    verdict = serializers.ChoiceField(choices=Verdict.choices(), allow_null=True)
    article = ArticleRefSerializer()


class SimilarClaimSerializer(ClaimRefSerializer):
    """A claim of another article like the one asked about, and why it ranks where it does."""

    score = serializers.FloatField(help_text="Higher is more alike; the list is sorted by it.")
    likely_same = serializers.BooleanField(
        help_text="The score is high enough to offer it as the same claim."
    )
    figures = serializers.ChoiceField(
        choices=AGREEMENTS,
        help_text="Whether the figures (numbers, percentages, years) agree.",
    )
    names = serializers.ChoiceField(
        choices=AGREEMENTS, help_text="Whether the names (places, people) agree."
    )
    negation_differs = serializers.BooleanField(
        help_text="One of the two says that something did not happen, the other does not."
    )
    linked = serializers.BooleanField(help_text="Already linked as the same claim.")


class ClaimLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    same_as = ClaimRefSerializer(help_text="The claim linked to the one asked about.")
    created_by = serializers.CharField(help_text="The username of the editor who linked them.")
    created_at = serializers.DateTimeField()


class ClaimLinkCreateSerializer(serializers.Serializer):
    same_as = serializers.IntegerField(
        min_value=1, help_text="The id of a claim of another article that makes the same claim."
    )


def _claim_ref(
    request: Request,
    *,
    pk: int,
    text: str,
    quote: str,
    status_value: str,
    verdict: str,
    article: dict[str, object],
) -> dict[str, object]:
    return {
        "pk": pk,
        "url": request.build_absolute_uri(reverse("api-claim-detail", args=[pk])),
        "html_url": request.build_absolute_uri(reverse("claim-detail", args=[pk])),
        "text": text,
        "quote": quote,
        "status": status_value,
        "verdict": verdict or None,
        "article": article,
    }


def _other_claim(pk: int) -> Claim:
    try:
        return claim_get(pk=pk)
    except NotFound as error:
        raise InvalidInput(error.message, errors={"same_as": [error.message]}) from error


class ClaimSimilar(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=f"How many (1 to {SIMILAR_LIMIT_MAX}; {SEEN_BEFORE_LIMIT} by default).",
            )
        ],
        responses=SimilarClaimSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        """The claims of other articles most like this one, best first (at most `limit`, and
        only those alike enough to be worth a look)."""
        raw_limit = request.query_params.get("limit", str(SEEN_BEFORE_LIMIT))
        if not is_whole_number(raw_limit) or not 1 <= int(raw_limit) <= SIMILAR_LIMIT_MAX:
            message = f"limit must be a whole number from 1 to {SIMILAR_LIMIT_MAX}."
            raise InvalidInput(message, errors={"limit": [message]})
        # Only what the comparison reads: the whole claim brings its article's and revisions'
        # texts, its counts and its contributors (about 10 ms at 1.1 M claims, for nothing).
        claim = claim_get(pk=pk, claims=Claim.objects.only("id", "text", "exact", "article_id"))
        similar = similar_to_claim(claim=claim, limit=int(raw_limit))
        data = [
            {
                **_claim_ref(
                    request,
                    pk=item.pk,
                    text=item.text,
                    quote=item.exact,
                    status_value=item.status,
                    verdict=item.verdict,
                    article={
                        "id": item.article_id,
                        "title": item.article_title,
                        "publisher": item.article_publisher,
                    },
                ),
                "score": item.score,
                "likely_same": item.likely_same,
                "figures": item.figures.value,
                "names": item.names.value,
                "negation_differs": item.negation_differs,
                "linked": item.linked,
            }
            for item in similar
        ]
        return Response(SimilarClaimSerializer(data, many=True).data)


def _links_response(request: Request, claim: Claim, *, status_code: int = 200) -> Response:
    data = [
        {
            "id": item.link_id,
            "same_as": _claim_ref(
                request,
                pk=item.claim.pk,
                text=item.claim.text,
                quote=item.claim.exact,
                status_value=item.claim.status,
                verdict=item.claim.verdict,
                article={
                    "id": item.claim.article_id,
                    "title": item.claim.article.title,
                    "publisher": item.claim.article.publisher,
                },
            ),
            "created_by": item.created_by.get_username(),
            "created_at": item.created_at,
        }
        for item in claim_links(claim=claim)
    ]
    return Response(ClaimLinkSerializer(data, many=True).data, status=status_code)


class ClaimLinks(APIView):
    @extend_schema(responses=ClaimLinkSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The claims linked to this one as the same claim (linked from either side)."""
        return _links_response(request, claim_get(pk=pk))

    @extend_schema(
        request=ClaimLinkCreateSerializer,
        responses={
            201: ClaimLinkSerializer(many=True),
            409: OpenApiResponse(
                description="Already linked, or the claim is no longer a draft or sent back "
                "for changes."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Link this claim to a claim of another article as the same claim (editors, while
        this claim is a draft or has changes requested). Answers with all the claim's links."""
        serializer = ClaimLinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_get(pk=pk)
        claim_link(
            user=request.user,
            claim=claim,
            same_as=_other_claim(serializer.validated_data["same_as"]),
        )
        return _links_response(request, claim, status_code=status.HTTP_201_CREATED)


class ClaimLinkDetail(APIView):
    @extend_schema(
        responses={
            204: OpenApiResponse(description="The link is undone."),
            409: OpenApiResponse(
                description="The claim is no longer a draft or sent back for changes."
            ),
        }
    )
    def delete(self, request: Request, pk: int, same_as: int) -> Response:
        """Undo the link between this claim and claim `same_as` (editors, while this claim is a
        draft or has changes requested)."""
        claim_unlink(user=request.user, claim=claim_get(pk=pk), same_as=claim_get(pk=same_as))
        return Response(status=status.HTTP_204_NO_CONTENT)

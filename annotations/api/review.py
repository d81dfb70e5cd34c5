"""The review workflow over HTTP: submit, take, verify, request changes, reject, reopen, take the
next claim from the queue, and a claim's review history.

Serializers describe HTTP shapes only; `services/review.py` decides. Actions honour
`If-Match: "<version>"` (412 when stale); every answer carries the claim's `ETag`.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.models import Claim, ReviewEvent
from annotations.selectors.claims import claim_get
from annotations.selectors.review import claim_history
from annotations.services.review import claim_take_next, claim_transition
from annotations.workflow import Action, ClaimStatus, Verdict
from project.http import if_match_version, with_versioned_etag
from project.limits import NOTE_MAX_LENGTH
from project.schema import ETAG, IF_MATCH

# Output -------------------------------------------------------------------------------------


class VerdictSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    rating_value = serializers.IntegerField(
        allow_null=True, help_text="schema.org ClaimReview ratingValue, 5 (best) to 1 (worst)."
    )


def _verdict(value: str) -> dict[str, object] | None:
    if not value:
        return None
    verdict = Verdict(value)
    return {
        "value": verdict.value,
        "label": verdict.label,
        "definition": verdict.definition,
        "rating_value": verdict.rating_value,
    }


class ReviewStateSerializer(serializers.Serializer):
    """Where a claim stands in the review workflow."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices())
    verdict = serializers.SerializerMethodField()
    verdict_note = serializers.CharField()
    version = serializers.IntegerField(help_text='Send it back as If-Match: "<version>".')
    assigned_to = serializers.SerializerMethodField(help_text="The reviewer holding the claim.")

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, object] | None:
        return _verdict(claim.verdict)

    def get_assigned_to(self, claim: Claim) -> str | None:
        return claim.assigned_to.get_username() if claim.assigned_to_id else None


class ReviewEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=[(a.value, a.value) for a in Action])
    actor = serializers.SerializerMethodField(help_text="Username; null when the system acted.")
    # Plain strings: one enum per choice set in the schema, and `status` already names it.
    from_status = serializers.CharField(help_text="A claim status.")
    to_status = serializers.CharField(help_text="A claim status.")
    verdict = serializers.SerializerMethodField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_actor(self, event: ReviewEvent) -> str | None:
        return event.actor.get_username() if event.actor_id else None

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, event: ReviewEvent) -> dict[str, object] | None:
        return _verdict(event.verdict)


# Input --------------------------------------------------------------------------------------


def _review_text(help_text: str | None = None) -> serializers.CharField:
    """A review action's comment, note or reason: `services/review.py` trims it and says when it
    is required."""
    return serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        default="",
        max_length=NOTE_MAX_LENGTH,
        help_text=help_text,
    )


class CommentInput(serializers.Serializer):
    comment = _review_text()


class VerifyInput(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices())
    note = _review_text("Required for true or mostly_true while a citation conflicts.")


class RequestChangesInput(serializers.Serializer):
    comment = _review_text("Required.")


class RejectInput(serializers.Serializer):
    reason = _review_text("Required.")


class EmptyInput(serializers.Serializer):
    pass


# Views --------------------------------------------------------------------------------------


def _state_response(claim: Claim) -> Response:
    return with_versioned_etag(Response(ReviewStateSerializer(claim).data), claim.version)


_REFUSALS = {
    400: OpenApiResponse(description="Missing verdict, note, comment or reason."),
    403: OpenApiResponse(description="Wrong role, or the four-eyes rule."),
    409: OpenApiResponse(description="Not allowed from the current state (see `allowed`)."),
}


class _ReviewAction(APIView):
    """POST one review action on a claim; subclasses name the action and its input."""

    # The API documentation's summary of the action; its request body is `input_serializer`,
    # the serializer `post` reads, so the two cannot disagree.
    action: Action
    summary: str
    input_serializer: type[serializers.Serializer] = EmptyInput

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        extend_schema_view(
            post=extend_schema(
                summary=cls.summary,
                request=cls.input_serializer,
                parameters=[ETAG, IF_MATCH],
                responses={200: ReviewStateSerializer, **_REFUSALS},
            )
        )(cls)

    def post(self, request: Request, pk: int) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = claim_transition(
            user=request.user,
            claim=claim_get(pk=pk, claims=Claim.objects.select_related("assigned_to")),
            action=self.action,
            verdict=data.get("verdict"),
            comment=data.get(self.action.comment_field, ""),
            expected_version=if_match_version(request),
        )
        return _state_response(claim)


class ClaimSubmit(_ReviewAction):
    action = Action.SUBMIT
    input_serializer = CommentInput
    summary = "Submit a draft (or resubmit a claim sent back) for review: editors."


class ClaimTake(_ReviewAction):
    action = Action.TAKE
    summary = "Take a waiting claim for review: reviewers who did not contribute."


class ClaimVerify(_ReviewAction):
    action = Action.VERIFY
    input_serializer = VerifyInput
    summary = "Verify the claim you are reviewing with a verdict."


class ClaimRequestChanges(_ReviewAction):
    action = Action.REQUEST_CHANGES
    input_serializer = RequestChangesInput
    summary = "Send the claim you are reviewing back to its editor."


class ClaimReject(_ReviewAction):
    action = Action.REJECT
    input_serializer = RejectInput
    summary = "Reject the claim you are reviewing."


class ClaimReopen(_ReviewAction):
    action = Action.REOPEN
    input_serializer = CommentInput
    summary = "Reopen a verified claim: it leaves the export and you review it."


class ClaimHandBack(_ReviewAction):
    action = Action.HAND_BACK
    input_serializer = CommentInput
    summary = "Hand the claim you are reviewing back to the queue, undecided."


class ReviewNext(APIView):
    @extend_schema(
        summary="Take the oldest waiting claim you may review.",
        request=None,
        parameters=[ETAG],
        responses={
            200: ReviewStateSerializer,
            204: OpenApiResponse(description="Nothing is waiting that you may review."),
            403: _REFUSALS[403],
        },
    )
    def post(self, request: Request) -> Response:
        claim = claim_take_next(reviewer=request.user)
        if claim is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _state_response(claim)


class ClaimHistory(APIView):
    pagination_class = PageNumberPagination  # declared so that the schema shows the envelope

    @extend_schema(
        summary="The claim's review events, oldest first.",
        responses=ReviewEventSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            claim_history(
                claim=claim_get(pk=pk, claims=Claim.objects.select_related("assigned_to"))
            ),
            request,
        )
        return paginator.get_paginated_response(ReviewEventSerializer(page, many=True).data)

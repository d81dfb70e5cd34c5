from django.urls import path

from annotations.api import review

urlpatterns = [
    path("claims/<int:pk>/submit/", review.ClaimSubmit.as_view(), name="api-claim-submit"),
    path("claims/<int:pk>/take/", review.ClaimTake.as_view(), name="api-claim-take"),
    path("claims/<int:pk>/verify/", review.ClaimVerify.as_view(), name="api-claim-verify"),
    path(
        "claims/<int:pk>/request-changes/",
        review.ClaimRequestChanges.as_view(),
        name="api-claim-request-changes",
    ),
    path("claims/<int:pk>/reject/", review.ClaimReject.as_view(), name="api-claim-reject"),
    path("claims/<int:pk>/reopen/", review.ClaimReopen.as_view(), name="api-claim-reopen"),
    path("claims/<int:pk>/hand-back/", review.ClaimHandBack.as_view(), name="api-claim-hand-back"),
    path("claims/<int:pk>/history/", review.ClaimHistory.as_view(), name="api-claim-history"),
    path("review/next/", review.ReviewNext.as_view(), name="api-review-next"),
]

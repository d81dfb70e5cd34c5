from django.urls import path

from annotations.selectors.review import ReviewQueue
from annotations.views import review

urlpatterns = [
    path("review/", review.review_queue, {"queue": ReviewQueue.WAITING}, name="review-queue"),
    path("review/mine/", review.review_queue, {"queue": ReviewQueue.MINE}, name="review-mine"),
    path(
        "review/changes/",
        review.review_queue,
        {"queue": ReviewQueue.CHANGES},
        name="review-changes",
    ),
    path(
        "review/verified/",
        review.review_queue,
        {"queue": ReviewQueue.VERIFIED},
        name="review-verified",
    ),
    path("review/dashboard/", review.review_dashboard_page, name="review-dashboard"),
    path("review/next/", review.review_take_next, name="review-take-next"),
    path("review/claims/<int:pk>/", review.review_claim, name="review-claim"),
    path(
        "review/claims/<int:pk>/<slug:action>/",
        review.review_claim_action,
        name="review-claim-action",
    ),
]

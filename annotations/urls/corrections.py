from django.urls import path

from annotations.views import corrections

urlpatterns = [
    path("corrections/", corrections.corrections_queue_page, name="corrections-queue"),
    path(
        "articles/<int:pk>/revisions/<int:number>/corrections/",
        corrections.corrections_summary_page,
        name="article-corrections",
    ),
    path(
        "claims/<int:pk>/correction/confirm/",
        corrections.claim_correction_confirm_view,
        name="claim-correction-confirm",
    ),
    path(
        "claims/<int:pk>/correction/keep/",
        corrections.claim_correction_keep_view,
        name="claim-correction-keep",
    ),
]

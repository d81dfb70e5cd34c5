from django.contrib.auth.decorators import login_not_required
from django.urls import path

from annotations.protocol import views

urlpatterns = [
    path("annotations/", views.AnnotationContainer.as_view(), name="annotation-container"),
    path(
        "annotations/verified/",
        views.VerifiedAnnotationContainer.as_view(),
        name="annotation-container-verified",
    ),
    # One path segment, no trailing slash: the protocol's IRI for an annotation in a container.
    path("annotations/<str:segment>", views.AnnotationDetail.as_view(), name="annotation-detail"),
    # Readable without signing in: a client that was refused needs it to see why.
    path(
        "annotation-protocol/constraints/",
        login_not_required(views.constraints),
        name="annotation-constraints",
    ),
]

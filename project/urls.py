from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from project.errors import api_not_found
from project.views import healthz

handler400 = "project.errors.bad_request"
handler403 = "project.errors.permission_denied"
handler404 = "project.errors.page_not_found"
handler500 = "project.errors.server_error"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    # One login page for the whole site, the admin included.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("project.api_urls")),
    # Last under /api/: an address no endpoint matches is a problem-details 404 too.
    re_path(r"^api/", api_not_found, name="api-not-found"),
    path("sources/", include("annotations.urls.sources")),
    path("", include("annotations.protocol.urls")),
    path("", include("annotations.urls")),
]

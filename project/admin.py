from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from annotations.policies import can_open_admin, check_open_admin, refusal


class CorroborateAdminSite(admin.AdminSite):
    site_header = "Corroborate administration"
    site_title = "Corroborate admin"
    index_title = "Users, roles, sources and tags"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_open_admin(user=request.user)

    def admin_view(self, view, cacheable=False):
        """A signed-in user without the role gets the 403 page. Django's admin would send them
        to its login page, which is the site's (they are signed in already), which sends them
        back here: a redirect loop."""
        inner = super().admin_view(view, cacheable)

        def signed_in_without_role_refused(request: HttpRequest, *args, **kwargs):
            refused = refusal(check_open_admin, user=request.user)
            if request.user.is_authenticated and refused is not None:
                raise PermissionDenied(refused.message)
            return inner(request, *args, **kwargs)

        return update_wrapper(signed_in_without_role_refused, inner)

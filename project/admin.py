from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from annotations.roles import is_admin

NOT_AN_ADMIN = "The admin is for accounts with the admin role; yours does not have it."


class CorroborateAdminSite(admin.AdminSite):
    site_header = "Corroborate administration"
    site_title = "Corroborate admin"
    index_title = "Users, roles, sources and tags"

    def has_permission(self, request: HttpRequest) -> bool:
        # The `admin` role, not Django's staff flag alone, opens the admin.
        return request.user.is_active and is_admin(request.user)

    def admin_view(self, view, cacheable=False):
        """A signed-in user without the role gets the 403 page. Django's admin would send them
        to its login page, which is the site's (they are signed in already), which sends them
        back here: a redirect loop."""
        inner = super().admin_view(view, cacheable)

        def signed_in_without_role_refused(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(NOT_AN_ADMIN)
            return inner(request, *args, **kwargs)

        return update_wrapper(signed_in_without_role_refused, inner)

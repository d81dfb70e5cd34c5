from django.contrib import admin
from django.http import HttpRequest

from annotations.roles import is_admin


class CorroborateAdminSite(admin.AdminSite):
    site_header = "Corroborate administration"
    site_title = "Corroborate admin"
    index_title = "Users, roles, sources and tags"

    def has_permission(self, request: HttpRequest) -> bool:
        # The `admin` role, not Django's staff flag alone, opens the admin.
        return request.user.is_active and is_admin(request.user)

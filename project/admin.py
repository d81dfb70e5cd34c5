from django.contrib import admin
from django.http import HttpRequest

from annotations.policies import can_open_admin


class CorroborateAdminSite(admin.AdminSite):
    site_header = "Corroborate administration"
    site_title = "Corroborate admin"
    index_title = "Users, roles, sources and tags"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_open_admin(user=request.user)

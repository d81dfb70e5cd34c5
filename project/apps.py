from django.contrib.admin.apps import AdminConfig


class CorroborateAdminConfig(AdminConfig):
    default_site = "project.admin.CorroborateAdminSite"

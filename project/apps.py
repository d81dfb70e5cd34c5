from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in


class CorroborateAdminConfig(AdminConfig):
    """The admin, with the project's own site; as the project's app config it also connects
    the project-wide signal receivers."""

    default_site = "project.admin.CorroborateAdminSite"

    def ready(self) -> None:
        super().ready()
        from project.security_middleware import record_activity_at_sign_in
        from project.signin import forget_own_failures

        user_logged_in.connect(record_activity_at_sign_in, dispatch_uid="corroborate.activity")
        user_logged_in.connect(forget_own_failures, dispatch_uid="corroborate.own-failures")

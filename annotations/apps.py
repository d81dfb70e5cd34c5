from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Articles and claims"

    def ready(self) -> None:
        from annotations.services.roles import grant_admin_role_permissions

        # Permissions are created after migrations run, so the admin group gets them then.
        post_migrate.connect(grant_admin_role_permissions, dispatch_uid="annotations.admin_role")

from django.http import HttpRequest

from annotations.policies import can_open_admin
from annotations.roles import Role, user_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's roles, for the navigation and for showing only allowed controls."""
    held = user_roles(request.user)
    return {
        "user_roles": sorted(role.value for role in held),
        "user_is_editor": Role.EDITOR in held,
        "user_is_reviewer": Role.REVIEWER in held,
        # The admin link shows exactly when the admin would open.
        "user_is_admin": can_open_admin(user=request.user),
    }

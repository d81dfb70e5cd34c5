from django.http import HttpRequest

from annotations.roles import Role, is_admin, user_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's roles, for the navigation and for showing only allowed controls."""
    held = user_roles(request.user)
    return {
        "user_roles": sorted(role.value for role in held),
        "user_is_editor": Role.EDITOR in held,
        "user_is_reviewer": Role.REVIEWER in held,
        "user_is_admin": is_admin(request.user),
    }

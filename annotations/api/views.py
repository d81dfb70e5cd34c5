from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.roles import user_roles


@api_view(["GET"])
def me(request: Request) -> Response:
    """Who the token or session belongs to, and the roles it holds."""
    user = request.user
    return Response(
        {"username": user.get_username(), "roles": sorted(role.value for role in user_roles(user))}
    )

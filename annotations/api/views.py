from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.roles import Role, user_roles


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "roles": serializers.ListField(child=serializers.ChoiceField([r.value for r in Role])),
        },
    )
)
@api_view(["GET"])
def me(request: Request) -> Response:
    """Who the token or session belongs to, and the roles it holds."""
    user = request.user
    return Response(
        {"username": user.get_username(), "roles": sorted(role.value for role in user_roles(user))}
    )

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.roles import ROLE_DESCRIPTIONS, user_roles
from annotations.selectors.home import home_overview


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    held = user_roles(request.user)
    return render(
        request,
        "annotations/home.html",
        {
            "role_descriptions": [(role, ROLE_DESCRIPTIONS[role]) for role in sorted(held)],
            "overview": home_overview(user=request.user),
        },
    )

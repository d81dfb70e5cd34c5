"""`{% seen_before page %}`: the "Seen before" section of a claim's pages, formatted from the
page's view-model (`ClaimPage.seen_before`, `selectors.similarity.seen_before_section`): the
claims linked to it as the same claim with their verdicts and evidence, the claims of other
articles most like it, and the actions the signed-in user may take. No queries of its own."""

from __future__ import annotations

from typing import Final

from django import template
from django.http import HttpRequest

from annotations.models import Claim
from annotations.people import display_name
from annotations.selectors.pages import ClaimPage
from annotations.selectors.similarity import SeenBefore

register = template.Library()

SECTION_TEMPLATE: Final = "annotations/partials/seen_before.html"


def seen_before_context(
    *, request: HttpRequest, claim: Claim, section: SeenBefore
) -> dict[str, object]:
    """What the section's template reads; the views that change it render it again from this."""
    return {
        "claim": claim,
        "similar": section.similar,
        "links": [(link, display_name(link.created_by)) for link in section.links],
        "can_link": section.can_link,
        "can_reuse": section.can_reuse,
        # After an htmx action the page's own address came with the form.
        "next_url": request.POST.get("next") or request.get_full_path(),
        "request": request,
    }


@register.inclusion_tag(SECTION_TEMPLATE, takes_context=True)
def seen_before(context: template.Context, page: ClaimPage) -> dict[str, object]:
    return seen_before_context(
        request=context["request"], claim=page.claim, section=page.seen_before
    ) | {"csrf_token": context.get("csrf_token")}

"""`{% seen_before claim %}`: the "Seen before" section of a claim's pages. The claims of other
articles most like it (one query), and the claims linked to it as the same claim with their
verdicts and evidence (two), with the actions the signed-in user may take."""

from __future__ import annotations

from typing import Final

from django import template
from django.http import HttpRequest

from annotations.models import Claim
from annotations.people import display_name
from annotations.policies import can_link_claim, can_reuse_evidence
from annotations.selectors.similarity import claim_links, similar_to_claim

register = template.Library()

SECTION_TEMPLATE: Final = "annotations/partials/seen_before.html"


def seen_before_context(*, request: HttpRequest, claim: Claim) -> dict[str, object]:
    """What the section shows; the views that change it render it again from this."""
    links = claim_links(claim=claim, with_evidence=True)
    return {
        "claim": claim,
        "similar": similar_to_claim(claim=claim),
        "links": [(link, display_name(link.created_by)) for link in links],
        "can_link": can_link_claim(user=request.user, claim=claim),
        "can_reuse": can_reuse_evidence(user=request.user, claim=claim),
        # After an htmx action the page's own address came with the form.
        "next_url": request.POST.get("next") or request.get_full_path(),
        "request": request,
    }


@register.inclusion_tag(SECTION_TEMPLATE, takes_context=True)
def seen_before(context: template.Context, claim: Claim) -> dict[str, object]:
    return seen_before_context(request=context["request"], claim=claim) | {
        "csrf_token": context.get("csrf_token")
    }

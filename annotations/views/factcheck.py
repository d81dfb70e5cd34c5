"""The public fact-check page: a verified claim with its verdict and evidence, readable without
signing in, carrying its schema.org ClaimReview for search engines and aggregators."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.anchoring import quote_in_context
from annotations.presenters.base import Site
from annotations.presenters.claimreview import claim_to_claimreview
from annotations.selectors.export.queries import export_claim
from annotations.workflow import Verdict
from project.html import json_script
from project.http import found_or_404
from sources.vocabulary import STANCE_DESCRIPTIONS, Stance


@require_GET
@login_not_required
def factcheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(export_claim, claim_id=pk)
    site = Site.at(request.build_absolute_uri("/"))
    evidence = [
        {
            "stance": stance,
            "description": STANCE_DESCRIPTIONS[stance],
            "citations": [c for c in claim.citations if c.stance is stance],
        }
        for stance in Stance
    ]
    context = {
        "claim": claim,
        "quote": quote_in_context(
            prefix=claim.prefix,
            exact=claim.exact,
            suffix=claim.suffix,
            start=claim.start,
            end=claim.end,
        ),
        # The site's own address is its sign-in page for the public: link only a page set up
        # for them.
        "organization_link": settings.FACTCHECK_ORGANIZATION_URL,
        "evidence": [group for group in evidence if group["citations"]],
        "verdict_scale": list(Verdict),
        "site": site,
        "permalink": site.factcheck_url(claim.id),
        "claimreview_script": json_script(
            claim_to_claimreview(claim, site), script_type="application/ld+json"
        ),
    }
    return render(request, "annotations/factcheck_detail.html", context)

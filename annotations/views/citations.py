"""The evidence section of a claim: add, edit and remove citations with htmx.

htmx requests get fragments of `sources/partials/claim_evidence.html`; without JavaScript the
same URLs serve whole pages and redirect back to the claim page.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from annotations.models import Claim
from annotations.policies import check_claim_evidence_writable, check_write_evidence
from annotations.selectors.claims import claim_get
from annotations.selectors.pages import claim_evidence
from annotations.services.citations import citation_create, citation_delete, citation_update
from annotations.views.claim_regions import claim_region_response
from project.errors import DomainError
from project.http import form_version, found_or_404
from project.permissions import requires
from sources.forms import EvidenceForm, WebCitationForm, apply_domain_error
from sources.models import Citation
from sources.selectors.citations import citation_get

EVIDENCE_TEMPLATE = "sources/partials/claim_evidence.html"
# Field ids per form: an add form and several edit forms can be open on one page.
NEW_CITATION_IDS = "new-citation-%s"


def claim_with_article(pk: int) -> Claim:
    """The claim whose evidence a page changes (404 if there is none)."""
    return found_or_404(claim_get, pk=pk, claims=Claim.objects.select_related("article"))


def refusal(request: HttpRequest, error: DomainError, *, back_url: str = "") -> HttpResponse:
    """The page (or, for htmx, the fragment) saying why the request was refused."""
    template = "sources/refused.html" + ("#refusal" if request.htmx else "")
    context = {"error": error, "back_url": back_url}
    return render(request, template, context, status=error.status)


def claim_page_url(claim: Claim) -> str:
    return f"{reverse('claim-detail', args=[claim.pk])}#evidence-{claim.pk}"


def _evidence_values(form: forms.Form) -> dict[str, object]:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _form_for(citation: Citation, data=None) -> EvidenceForm:
    """A web citation edits every field; a passage of an article only its stance and note
    (to cite another passage, add it anew)."""
    form_class = WebCitationForm if citation.url else EvidenceForm
    initial = {name: getattr(citation, name) for name in form_class.base_fields}
    initial["version"] = citation.version
    return form_class(data, initial=initial, auto_id=f"citation-{citation.pk}-%s")


def _form_response(
    request: HttpRequest,
    *,
    claim: Claim,
    form: forms.Form,
    citation: Citation | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"claim": claim, "form": form, "citation": citation}
    if request.htmx:
        return render(request, f"{EVIDENCE_TEMPLATE}#citation-form", context, status=status)
    return render(request, "sources/citation_form_page.html", context, status=status)


def _written(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    """After a write: htmx gets the page's main region anew (the claim's version, citation
    count, evidence summary and review actions changed with the evidence)."""
    if request.htmx:
        return claim_region_response(request, claim.pk)
    messages.success(request, message)
    return redirect(claim_page_url(claim))


@require_GET
def claim_evidence_section(request: HttpRequest, claim_pk: int) -> HttpResponse:
    """The evidence section alone (htmx: after Cancel); elsewhere it lives on the claim page."""
    claim = claim_with_article(claim_pk)
    if not request.htmx:
        return redirect(claim_page_url(claim))
    evidence = claim_evidence(user=request.user, claim=claim)
    return render(request, f"{EVIDENCE_TEMPLATE}#evidence", {"claim": claim, "evidence": evidence})


def _open_form(
    request: HttpRequest, *, claim: Claim, form: forms.Form, citation: Citation | None = None
) -> HttpResponse:
    """GET: the form, while the claim's evidence may change; otherwise why it may not."""
    try:
        check_claim_evidence_writable(user=request.user, claim=claim)
    except DomainError as error:
        return refusal(request, error, back_url=claim_page_url(claim))
    return _form_response(request, claim=claim, form=form, citation=citation)


def _save_form(
    request: HttpRequest,
    *,
    claim: Claim,
    form: forms.Form,
    save: Callable[[forms.Form], object],
    done: str,
    citation: Citation | None = None,
) -> HttpResponse:
    """POST: `save(form)` once the form is valid, then back to the claim with `done`; an invalid
    form (400) or a refusal (its status, the reason on the form) shows the form again."""
    if not form.is_valid():
        return _form_response(request, claim=claim, form=form, citation=citation, status=400)
    try:
        save(form)
    except DomainError as error:
        apply_domain_error(form, error)
        return _form_response(
            request, claim=claim, form=form, citation=citation, status=error.status
        )
    return _written(request, claim, done)


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_create_page(request: HttpRequest, claim_pk: int) -> HttpResponse:
    claim = claim_with_article(claim_pk)
    if request.method == "GET":
        return _open_form(request, claim=claim, form=WebCitationForm(auto_id=NEW_CITATION_IDS))

    def save(form: forms.Form) -> None:
        citation_create(user=request.user, claim=claim, **_evidence_values(form))

    form = WebCitationForm(request.POST, auto_id=NEW_CITATION_IDS)
    return _save_form(request, claim=claim, form=form, save=save, done="Evidence added.")


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    citation = found_or_404(citation_get, pk=pk)
    claim = citation.claim
    if request.method == "GET":
        return _open_form(request, claim=claim, form=_form_for(citation), citation=citation)

    def save(form: forms.Form) -> None:
        citation_update(
            user=request.user,
            citation=citation,
            data=_evidence_values(form),
            expected_version=form.cleaned_data["version"],
        )

    form = _form_for(citation, request.POST)
    return _save_form(
        request, claim=claim, form=form, save=save, citation=citation, done="Evidence updated."
    )


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (without JavaScript; htmx asks with hx-confirm), POST removes."""
    citation = found_or_404(citation_get, pk=pk)
    claim = citation.claim
    if request.method == "GET":
        context = {"claim": claim, "citation": citation, "keep_url": claim_page_url(claim)}
        return render(request, "sources/citation_confirm_delete.html", context)
    try:
        citation_delete(
            user=request.user, citation=citation, expected_version=form_version(request)
        )
    except DomainError as error:
        return refusal(request, error, back_url=claim_page_url(claim))
    return _written(request, claim, "Evidence removed.")

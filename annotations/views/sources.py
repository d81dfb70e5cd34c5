"""Source pages: the filterable list, one source with every citation of it, adding a source."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations.policies import can_manage_sources, can_rate_sources, check_manage_sources
from annotations.services.sources import source_create
from project.errors import DomainError
from project.http import found_or_404
from project.permissions import requires
from sources.forms import SourceFilterForm, SourceForm, apply_domain_error
from sources.selectors.sources import citations_for_source, source_get, source_list

SOURCES_PER_PAGE = 25
CITATIONS_PER_PAGE = 20


@require_GET
def source_list_page(request: HttpRequest) -> HttpResponse:
    filter_form = SourceFilterForm(request.GET)
    filters = filter_form.filters()
    page = Paginator(source_list(filters=filters), SOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "may_add_sources": can_manage_sources(user=request.user),
    }
    template = "sources/source_list.html" + ("#results" if request.htmx else "")
    return render(request, template, context)


@require_GET
def source_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    source = found_or_404(source_get, pk=pk)
    page = Paginator(citations_for_source(source=source), CITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "sources/source_detail.html", {"source": source, "page": page})


@requires(check_manage_sources)
@require_http_methods(["GET", "POST"])
def source_create_page(request: HttpRequest) -> HttpResponse:
    may_rate = can_rate_sources(user=request.user)
    if request.method == "GET":
        form = SourceForm(may_rate=may_rate)
        return render(request, "sources/source_form.html", {"form": form})
    form = SourceForm(request.POST, may_rate=may_rate)
    if not form.is_valid():
        return render(request, "sources/source_form.html", {"form": form}, status=400)
    try:
        source = source_create(user=request.user, **form.cleaned_data)
    except DomainError as error:
        apply_domain_error(form, error)
        return render(request, "sources/source_form.html", {"form": form}, status=error.status)
    messages.success(request, f"Source “{source.name}” added.")
    return redirect("source-detail", pk=source.pk)

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_admins_list_sources_with_citation_counts(admin_client_role):
    CitationFactory(source=SourceFactory(name="Port Statistics"))
    response = admin_client_role.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 200
    assert b"Port Statistics" in response.content


def test_admins_search_and_filter_sources(admin_client_role):
    SourceFactory(name="Port Statistics", reliability="high")
    SourceFactory(name="Weather Desk", reliability="low")
    url = reverse("admin:sources_source_changelist")
    response = admin_client_role.get(url, {"q": "weather", "reliability__exact": "low"})
    assert b"Weather Desk" in response.content
    assert b"Port Statistics" not in response.content


def test_admins_rate_a_source_and_its_domain_is_normalised(admin_client_role):
    source = SourceFactory(reliability="unknown")
    response = admin_client_role.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        {
            "name": source.name,
            "kind": source.kind,
            "domain": "WWW.Renamed.example",
            "homepage": "",
            "reliability": "mixed",
            "reliability_reason": "Corrections are slow.",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.domain, source.reliability, source.version) == ("renamed.example", "mixed", 2)


def test_a_rating_without_a_reason_is_refused_in_the_admin(admin_client_role):
    source = SourceFactory(reliability="unknown")
    response = admin_client_role.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        {"name": source.name, "kind": source.kind, "domain": source.domain, "reliability": "low"},
    )
    assert response.status_code == 200
    assert Source.objects.get(pk=source.pk).reliability == "unknown"


def test_citations_are_read_mostly_in_the_admin(admin_client_role):
    citation = CitationFactory()
    response = admin_client_role.get(reverse("admin:sources_citation_change", args=[citation.pk]))
    assert response.status_code == 200
    fields = response.context["adminform"].form.fields
    assert set(fields) == {"title", "note"}
    add = admin_client_role.get(reverse("admin:sources_citation_add"))
    assert add.status_code == 403


def test_editors_cannot_open_the_admin(editor_client):
    response = editor_client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 403

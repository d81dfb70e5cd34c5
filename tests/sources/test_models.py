"""The database constraints of sources and citations: each refuses a bad row."""

import pytest

from sources.models import Citation, Source
from tests.constraints import assert_update_refused, named_constraints
from tests.factories import CitationFactory, PassageCitationFactory, SourceFactory

pytestmark = pytest.mark.django_db

TESTED = {
    "source_kind_valid",
    "source_reliability_valid",
    "source_domain_lowercase_host",
    "source_name_not_blank",
    "citation_stance_valid",
    "citation_url_http",
    "citation_archive_url_http",
    "citation_url_or_article_span",
}


def test_every_named_constraint_of_sources_and_citations_has_a_test():
    assert named_constraints(Source, Citation) == TESTED


def test_a_source_of_an_unknown_kind_is_refused():
    assert_update_refused(SourceFactory(), "source_kind_valid", kind="oracle")


def test_a_source_with_an_unknown_reliability_is_refused():
    assert_update_refused(SourceFactory(), "source_reliability_valid", reliability="stellar")


@pytest.mark.parametrize("domain", ["Stats.Example.gov", "stats.example.gov.", "-stats.gov", ""])
def test_a_source_domain_that_is_not_a_lower_case_host_name_is_refused(domain):
    assert_update_refused(SourceFactory(), "source_domain_lowercase_host", domain=domain)


def test_a_source_name_of_only_spaces_is_refused():
    assert_update_refused(SourceFactory(), "source_name_not_blank", name=" \t")


def test_a_citation_with_an_unknown_stance_is_refused():
    assert_update_refused(CitationFactory(), "citation_stance_valid", stance="shrugs")


def test_a_cited_address_that_is_not_http_is_refused():
    citation = CitationFactory()
    assert_update_refused(citation, "citation_url_http", url="javascript:alert(1)")


def test_an_archive_address_that_is_not_http_is_refused():
    citation = CitationFactory()
    assert_update_refused(citation, "citation_archive_url_http", archive_url="ftp://archive.org/x")


def test_a_citation_with_neither_an_address_nor_a_passage_is_refused():
    assert_update_refused(CitationFactory(), "citation_url_or_article_span", url="")


def test_a_citation_with_both_an_address_and_a_passage_is_refused():
    citation = PassageCitationFactory()
    url = "https://stats.example.gov/report"
    assert_update_refused(citation, "citation_url_or_article_span", url=url)


def test_a_cited_passage_that_ends_where_it_starts_is_refused():
    citation = PassageCitationFactory()
    end = citation.cited_start
    assert_update_refused(citation, "citation_url_or_article_span", cited_end=end)

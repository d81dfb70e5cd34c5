"""Linking a cited URL to its source, and the rules for web addresses."""

import pytest

from project.errors import InvalidInput
from sources.models import Source
from sources.services.sources import (
    check_web_url,
    domain_from_url,
    normalise_domain,
    source_for_url,
)
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_url_links_to_the_source_of_its_exact_domain():
    source = SourceFactory(domain="ons.example")
    assert source_for_url(url="https://ons.example/releases/1") == source


def test_a_url_on_a_subdomain_links_to_the_parent_domain_source():
    source = SourceFactory(domain="ons.gov.example")
    assert source_for_url(url="https://data.ons.gov.example/series/7") == source


def test_the_nearest_parent_domain_wins():
    SourceFactory(domain="gov.example")
    nearer = SourceFactory(domain="ons.gov.example")
    assert source_for_url(url="https://data.ons.gov.example/x") == nearer


def test_www_and_case_do_not_make_a_new_source():
    source = SourceFactory(domain="ledger.example")
    assert source_for_url(url="https://WWW.Ledger.Example/a") == source
    assert Source.objects.count() == 1


def test_a_url_on_an_unknown_domain_creates_an_unrated_source_named_after_it():
    source = source_for_url(url="https://www.fresh-outlet.example/story")
    assert (source.name, source.domain, source.kind, source.reliability) == (
        "fresh-outlet.example",
        "fresh-outlet.example",
        "other",
        "unknown",
    )


def test_a_second_url_on_a_new_domain_reuses_the_source_created_for_the_first():
    first = source_for_url(url="https://fresh.example/a")
    assert source_for_url(url="https://fresh.example/b") == first
    assert Source.objects.count() == 1


def test_a_bare_top_level_domain_source_never_swallows_other_domains():
    Source.objects.create(name="Top level", domain="example")
    source = source_for_url(url="https://news.example/a")
    assert source.domain == "news.example"


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://example.org/report", "https://example.org/report"),
        ("http://example.org", "http://example.org"),
        ("HTTPS://Example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("https://example.org:8443/path", "https://example.org:8443/path"),
        ("https://192.0.2.10/report", "https://192.0.2.10/report"),
        ("https://example.org/a%20b?x=%41", "https://example.org/a%20b?x=%41"),
    ],
)
def test_http_and_https_addresses_are_accepted_as_uris(url, stored):
    assert check_web_url(url) == stored


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://bücher.example/liste", "https://xn--bcher-kva.example/liste"),
        ("https://example.org/straße?q=ü#süd", "https://example.org/stra%C3%9Fe?q=%C3%BC#s%C3%BCd"),
        (
            'https://example.org/a<b>"c"{d}|e^f`g',
            "https://example.org/a%3Cb%3E%22c%22%7Bd%7D%7Ce%5Ef%60g",
        ),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("https://example.org/a#b#c", "https://example.org/a#b%23c"),
    ],
)
def test_characters_a_uri_cannot_hold_are_percent_encoded_on_the_way_in(url, stored):
    assert check_web_url(url) == stored


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("https://example.org/a\\b", "backslash (\\)"),
        ("https://example.org/a report.pdf", "space"),
        ("https://example.org/a\tb", "tab"),
        ("https://example.org/a\u200bb", "U+200B"),
    ],
)
def test_characters_that_cannot_appear_are_refused_by_name(url, named):
    with pytest.raises(InvalidInput) as refused:
        check_web_url(url)
    assert f"cannot hold: {named}" in refused.value.message


def test_an_address_is_trimmed():
    assert check_web_url("  https://example.org/a  ") == "https://example.org/a"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:alert(document.cookie)", "javascript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("ftp://files.example.org/report.pdf", "ftp"),
        ("file:///etc/passwd", "file"),
        ("mailto:desk@example.org", "mailto"),
        ("vbscript:msgbox", "vbscript"),
    ],
)
def test_other_schemes_are_refused_by_name(url, scheme):
    with pytest.raises(InvalidInput) as refused:
        check_web_url(url)
    assert f"“{scheme}:” links are refused" in refused.value.message
    assert "Only http and https" in refused.value.message


@pytest.mark.parametrize("url", ["example.org/report", "//example.org/report", "/local/path"])
def test_an_address_without_a_scheme_is_refused(url):
    with pytest.raises(InvalidInput, match="must start with http:// or https://"):
        check_web_url(url)


@pytest.mark.parametrize("url", ["https://", "http:///path", "https://:80/x"])
def test_an_address_without_a_host_is_refused(url):
    with pytest.raises(InvalidInput, match="no host name"):
        check_web_url(url)


def test_an_address_longer_than_2000_characters_is_refused():
    url = "https://example.org/" + "a" * 1981
    assert len(url) == 2001
    with pytest.raises(InvalidInput, match="2001 characters long; at most 2000"):
        check_web_url(url)


def test_an_address_of_exactly_2000_characters_is_accepted():
    url = "https://example.org/" + "a" * 1980
    assert check_web_url(url) == url


def test_an_address_with_a_password_is_refused():
    with pytest.raises(InvalidInput, match="user name or password"):
        check_web_url("https://user:secret@example.org/")


def test_an_empty_address_is_refused():
    with pytest.raises(InvalidInput, match="Give the web address"):
        check_web_url("   ")


def test_the_error_names_the_field_it_concerns():
    with pytest.raises(InvalidInput) as refused:
        check_web_url("ftp://example.org", field="archive_url")
    assert list(refused.value.errors) == ["archive_url"]


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://Example.ORG/a", "example.org"),
        ("https://www.example.org/a", "example.org"),
        ("https://WWW.Example.org:8080/a", "example.org"),
        ("https://data.ons.example/a", "data.ons.example"),
        ("https://bücher.example/", "xn--bcher-kva.example"),
        ("https://www.BÜCHER.example/", "xn--bcher-kva.example"),
        ("https://example.org./a", "example.org"),
        ("https://192.0.2.10/a", "192.0.2.10"),
    ],
)
def test_domains_are_normalised(url, domain):
    assert domain_from_url(url) == domain


def test_www_alone_before_a_top_level_domain_is_kept():
    assert normalise_domain("www.org") == "www.org"


def test_a_port_is_dropped_from_a_typed_domain():
    assert normalise_domain("News.Example.org:443") == "news.example.org"


@pytest.mark.parametrize("host", ["", "exa mple.org", "a..b", "-bad-.example", "[::1]"])
def test_what_is_not_a_host_name_is_refused(host):
    with pytest.raises(InvalidInput) as refused:
        normalise_domain(host)
    assert list(refused.value.errors) == ["domain"]

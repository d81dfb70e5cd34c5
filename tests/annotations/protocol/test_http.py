"""The protocol's HTTP vocabulary, as pure functions: Accept, Prefer, Slug, Link, entity tags."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import NotAcceptable

from annotations.protocol.http import (
    ANNOTATION_MEDIA_TYPE,
    ContainerPreference,
    Containment,
    check_if_match,
    container_preference,
    link_header,
    negotiate_media_type,
    slug_from_header,
)
from project.errors import InvalidInput, PreconditionFailed

LDP = "http://www.w3.org/ns/ldp#"
OA = "http://www.w3.org/ns/oa#"


def _accepting(accept: str | None):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    return RequestFactory().get("/annotations/", **headers)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, ANNOTATION_MEDIA_TYPE),
        ("application/ld+json", ANNOTATION_MEDIA_TYPE),
        ("application/json;q=0.9, application/ld+json;q=0.5", "application/json"),
        ("application/*", ANNOTATION_MEDIA_TYPE),
    ],
)
def test_the_media_type_follows_accept(accept, chosen):
    assert negotiate_media_type(_accepting(accept)) == chosen


def test_an_accept_that_refuses_every_offer_is_not_acceptable():
    with pytest.raises(NotAcceptable):
        negotiate_media_type(_accepting("application/json;q=0, application/ld+json;q=0"))


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        (None, ContainerPreference()),
        ("respond-async", ContainerPreference()),
        (
            f'return=representation; include="{LDP}PreferMinimalContainer"',
            ContainerPreference(minimal=True),
        ),
        (
            f'return=representation;include="{OA}PreferContainedIRIs"',
            ContainerPreference(containment=Containment.IRIS),
        ),
        (
            f'RETURN=Representation; include="{LDP}PreferMinimalContainer '
            f'{OA}PreferContainedDescriptions"',
            ContainerPreference(minimal=True, containment=Containment.DESCRIPTIONS),
        ),
        (
            f'wait=5, return=representation; include="{OA}PreferContainedIRIs"',
            ContainerPreference(containment=Containment.IRIS),
        ),
        (f'return=minimal; include="{LDP}PreferMinimalContainer"', ContainerPreference()),
    ],
)
def test_container_preferences_are_read_from_prefer(prefer, expected):
    assert container_preference(prefer) == expected


def test_contained_iris_and_descriptions_together_are_refused():
    prefer = (
        f'return=representation; include="{OA}PreferContainedIRIs {OA}PreferContainedDescriptions"'
    )
    with pytest.raises(InvalidInput):
        container_preference(prefer)


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("my_first_annotation", "my_first_annotation"),
        ('"My First Annotation!"', "my-first-annotation"),
        ("caf%C3%A9-note", "cafe-note"),
        ("  -port-  ", "port"),
        ("2024-report", "2024-report"),
        ("2024", ""),
        ("verified", ""),
        ("日本語", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_a_slug_becomes_a_safe_path_segment_or_nothing(slug, name):
    assert slug_from_header(slug) == name


@given(st.text(max_size=300))
def test_any_slug_gives_a_segment_the_database_accepts(slug):
    name = slug_from_header(slug)
    assert name == "" or (
        len(name) <= 100
        and not name.isdigit()
        and name[0].isalnum()
        and all(char.isascii() and (char.isalnum() or char in "-_") for char in name)
        and name == name.lower()
    )


def test_links_are_written_in_order():
    header = link_header(
        ("http://a.example/", "type"), ("http://b.example/", f"{LDP}constrainedBy")
    )
    assert (
        header == f'<http://a.example/>; rel="type", <http://b.example/>; rel="{LDP}constrainedBy"'
    )


@pytest.mark.parametrize("header", [None, "*", " * "])
def test_no_if_match_or_a_star_checks_nothing(header):
    assert check_if_match(header, '"1-abc"') is False


@pytest.mark.parametrize("header", ['"1-abc"', '"0-zzz", "1-abc"', ' "1-abc" '])
def test_a_matching_if_match_is_checked_against_the_version(header):
    assert check_if_match(header, '"1-abc"') is True


@pytest.mark.parametrize("header", ['"1-abd"', 'W/"1-abc"', "1-abc", "garbage"])
def test_any_other_if_match_is_a_failed_precondition(header):
    with pytest.raises(PreconditionFailed):
        check_if_match(header, '"1-abc"')

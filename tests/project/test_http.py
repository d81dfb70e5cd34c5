"""project/http.py: what clients send, parsed safely, and the entity tags of versioned resources."""

from enum import StrEnum

import pytest
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from project.errors import InvalidInput
from project.http import (
    form_version,
    if_match_version,
    query_choice,
    safe_next,
    versioned_etag,
    whole_number_or_none,
)


def _request(if_match: str | None) -> Request:
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    return Request(APIRequestFactory().patch("/", **headers))


def test_a_versioned_etag_names_the_version_and_the_representation():
    assert versioned_etag(3, b"{}").startswith('"3-')
    assert versioned_etag(3, b"{}") != versioned_etag(3, b"[]")


@pytest.mark.parametrize("header", [versioned_etag(7, b"{}"), '"7"', "7", 'W/"7"'])
def test_if_match_names_the_version_of_a_versioned_etag_or_a_bare_version(header):
    assert if_match_version(_request(header)) == 7


@pytest.mark.parametrize("header", [None, "*"])
def test_no_if_match_or_a_star_names_no_version(header):
    assert if_match_version(_request(header)) is None


@pytest.mark.parametrize("header", ['"seven"', '"7-XYZ"', '"7", "8"'])
def test_an_if_match_that_is_not_an_etag_of_ours_is_refused(header):
    with pytest.raises(InvalidInput, match="If-Match must be"):
        if_match_version(_request(header))


@pytest.mark.parametrize(
    ("text", "number"), [("12", 12), ("0", 0), ("", None), (None, None), ("1.5", None), ("²", None)]
)
def test_whole_number_or_none(text, number):
    assert whole_number_or_none(text) == number


@pytest.mark.parametrize(
    ("posted", "version"), [({"version": "4"}, 4), ({"version": "x"}, None), ({}, None)]
)
def test_form_version_is_the_version_a_form_sent_back(posted, version):
    assert form_version(RequestFactory().post("/", posted)) == version


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/review/claims/3/", "/review/claims/3/"),
        ("https://elsewhere.example/", "/fallback/"),
        ("//elsewhere.example/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_goes_only_to_this_site(next_url, expected):
    request = RequestFactory().post("/", {"next": next_url})
    assert safe_next(request, "/fallback/") == expected


class _Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


def test_query_choice_names_a_member_or_nothing():
    assert query_choice({"colour": "red"}, "colour", _Colour) is _Colour.RED
    assert query_choice({}, "colour", _Colour) is None


def test_query_choice_refuses_anything_else_listing_the_choices():
    with pytest.raises(InvalidInput) as refused:
        query_choice({"colour": "green"}, "colour", _Colour, what="a colour")
    assert refused.value.message == "colour 'green' is not a colour; use one of: red, blue."

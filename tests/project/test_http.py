"""project/http.py: what clients send, parsed safely, and the entity tags of versioned resources."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from project.errors import InvalidInput
from project.http import if_match_version, versioned_etag


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

import pytest
from django.urls import reverse
from django.utils.text import Truncator

from project.html import href_with_id, truncate_chars
from project.routes import path_with_id


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "x" * 10,
        "x" * 11,
        "e\u0301" * 8,  # decomposed: NFC makes 8 characters of 16 code points
        "a" + "\u0301" * 20,  # combining marks do not count
        "ab\u0301cdefghijklmnop",
    ],
)
def test_truncate_chars_gives_what_truncatechars_gives(text):
    assert truncate_chars(text, 10) == Truncator(text).chars(10)


def test_href_with_id_fills_the_id_into_the_reversed_url():
    assert href_with_id("claim-detail")(42) == reverse("claim-detail", args=[42])


def test_path_with_id_fills_the_id_into_the_route_reversed_once():
    assert path_with_id("article-detail")(7) == reverse("article-detail", args=[7])

"""A client's W3C annotation read into what a claim is made of (no database)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import UnsupportedMediaType

from annotations.anchoring import TextPositionSelector, TextQuoteSelector
from annotations.protocol.incoming import annotation_from_json
from project.errors import Conflict, InvalidInput

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
TARGET = {
    "source": "https://news.example.org/harbour",
    "selector": {"type": "TextQuoteSelector", "exact": "rose by 12 percent"},
}


def _document(**fields) -> dict:
    return {"@context": CONTEXT, "type": "Annotation", "target": TARGET} | fields


def test_the_target_gives_the_source_and_the_selectors():
    document = _document(
        target={
            "type": "SpecificResource",
            "source": " https://news.example.org/harbour ",
            "selector": [
                {"type": "TextPositionSelector", "start": 3, "end": 9},
                {"type": "TextQuoteSelector", "exact": "abcdef"},
            ],
        }
    )
    annotation = annotation_from_json(document)
    assert annotation.target_source == "https://news.example.org/harbour"
    assert annotation.position == TextPositionSelector(3, 9)
    assert annotation.quote == TextQuoteSelector("abcdef", "", "")


def test_a_list_of_one_target_is_read_like_the_target():
    assert annotation_from_json(_document(target=[TARGET])).target_source == TARGET["source"]


def test_bodies_are_read_by_purpose():
    annotation = annotation_from_json(
        _document(
            body=[
                {"type": "TextualBody", "purpose": "tagging", "value": "ports"},
                {"purpose": "tagging", "value": "economy"},
                {"type": "TextualBody", "purpose": "describing", "value": "It rose."},
                {
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": "Check.",
                    "format": "text/plain",
                },
                {"type": "SpecificResource", "purpose": "linking", "source": "https://x.example/"},
            ]
        )
    )
    assert annotation.tags == ("ports", "economy")
    assert (annotation.text, annotation.note) == ("It rose.", "Check.")


def test_body_value_is_a_comment_without_a_motivation():
    assert annotation_from_json(_document(bodyValue="Nice.")).note == "Nice."


def test_a_body_without_purpose_takes_a_text_motivation():
    annotation = annotation_from_json(
        _document(motivation="describing", body={"type": "TextualBody", "value": "It rose."})
    )
    assert annotation.text == "It rose."


def test_an_annotation_without_bodies_is_a_bare_span():
    annotation = annotation_from_json(_document())
    assert (annotation.text, annotation.note, annotation.tags) == ("", "", ())


def test_canonical_via_and_id_are_kept():
    annotation = annotation_from_json(
        _document(canonical="urn:uuid:1", via="https://a.example/1", id="https://a.example/2")
    )
    assert (annotation.canonical, annotation.via, annotation.document_id) == (
        "urn:uuid:1",
        "https://a.example/1",
        "https://a.example/2",
    )


def test_the_context_may_be_a_list_or_absent():
    assert annotation_from_json(
        _document(**{"@context": [CONTEXT, "http://www.w3.org/ns/ldp.jsonld"]})
    )
    document = _document()
    del document["@context"]
    assert annotation_from_json(document)


@pytest.mark.parametrize(
    "document",
    [
        [],
        "an annotation",
        _document(type="Note"),
        _document(**{"@context": "https://schema.org/"}),
    ],
    ids=["a list", "a string", "another type", "another context"],
)
def test_what_is_not_a_w3c_annotation_is_unsupported(document):
    with pytest.raises(UnsupportedMediaType):
        annotation_from_json(document)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": None}, "target"),
        ({"target": "https://news.example.org/harbour"}, "target"),
        ({"target": [TARGET, TARGET]}, "target"),
        ({"target": {"source": "https://x.example/"}}, "target"),
        ({"target": {"selector": TARGET["selector"]}}, "target"),
        ({"target": {"source": "x", "selector": {"type": "XPathSelector"}}}, "selector"),
        ({"body": "https://x.example/body"}, "body"),
        ({"body": [1]}, "body"),
        ({"body": {"purpose": "describing", "value": 3}}, "body"),
        ({"body": {"purpose": "commenting", "type": "Image", "value": "x"}}, "body"),
        ({"body": {"purpose": ["tagging"], "value": "x"}}, "body"),
        (
            {
                "body": [
                    {"purpose": "commenting", "value": "a"},
                    {"purpose": "commenting", "value": "b"},
                ]
            },
            "body",
        ),
        ({"canonical": 5}, "canonical"),
        ({"via": "no scheme"}, "via"),
        ({"id": "https://a.example/" + "x" * 2000}, "id"),
    ],
)
def test_what_cannot_be_a_claim_is_invalid_naming_the_field(fields, field):
    with pytest.raises(InvalidInput) as refused:
        annotation_from_json(_document(**fields))
    assert set(refused.value.errors) == {field}


def test_an_assessing_body_is_a_conflict():
    with pytest.raises(Conflict):
        annotation_from_json(_document(body={"purpose": "assessing", "value": "True"}))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
ANNOTATION_KEYS = st.sampled_from(
    ["@context", "type", "id", "target", "body", "bodyValue", "motivation", "canonical", "via"]
)


@given(st.dictionaries(ANNOTATION_KEYS, JSON_VALUES, max_size=9))
def test_any_json_document_is_read_or_refused_with_a_client_error(document):
    with contextlib.suppress(InvalidInput, Conflict, UnsupportedMediaType):
        annotation_from_json(document)


@given(JSON_VALUES)
def test_any_target_is_read_or_refused_with_a_client_error(target):
    with contextlib.suppress(InvalidInput, UnsupportedMediaType):
        annotation_from_json(_document(target=target))

"""Tests for W3C text selector anchoring (pure Python, no database)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import (
    CONTEXT_LENGTH,
    CONTEXT_MAX_LENGTH,
    AnchorError,
    Segment,
    Span,
    TextPositionSelector,
    TextQuoteSelector,
    build_selectors,
    codepoint_to_utf16_offset,
    parse_selectors,
    resolve,
    segments,
    utf16_to_codepoint_offset,
)

# No example database: every run starts fresh instead of replaying examples saved locally.
PROPERTY = settings(max_examples=200, deadline=None, database=None)

GRIN = "😀"  # U+1F600, one code point, two UTF-16 units
FRENCH_FLAG = "🇫🇷"  # two regional indicators: two code points, four UTF-16 units

# A small alphabet makes repeated quotes likely; any character keeps it honest. Only a
# repetitive text longer than twice the context leaves a quote ambiguous despite its context.
characters = st.sampled_from(["a", "b", " ", GRIN, "é", "e\u0301", FRENCH_FLAG]) | st.characters(
    exclude_categories=("Cs",)
)
varied_texts = st.lists(characters, max_size=80).map("".join)
repetitive_texts = st.builds(
    str.__mul__, st.lists(characters, min_size=1, max_size=3).map("".join), st.integers(1, 60)
)
texts = varied_texts | repetitive_texts


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, Span]:
    text = draw(texts.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, Span(start, end)


@st.composite
def text_and_keyed_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, Span]]]:
    text = draw(texts.filter(bool))
    starts = st.integers(0, len(text) - 1)
    spans = []
    for key, start in enumerate(draw(st.lists(starts, max_size=12))):
        spans.append((key, Span(start, draw(st.integers(start + 1, len(text))))))
    return text, spans


def anchor_error(function: Callable[..., object], /, *args: object, **kwargs: object) -> str:
    with pytest.raises(AnchorError) as caught:
        function(*args, **kwargs)
    return str(caught.value)


def fitting_occurrences(text: str, quote: TextQuoteSelector) -> list[int]:
    """Brute-force oracle: every start where the quote and its context match the text."""
    length = len(quote.exact)
    return [
        start
        for start in range(len(text) - length + 1)
        if text[start : start + length] == quote.exact
        and text[:start].endswith(quote.prefix)
        and text[start + length :].startswith(quote.suffix)
    ]


# Span and JSON ------------------------------------------------------------------------------


def test_span_quote_slices_the_text_by_code_points() -> None:
    assert Span(2, 7).quote(f"{GRIN} claim text") == "claim"


def test_position_selector_serialises_to_w3c_json() -> None:
    assert TextPositionSelector(3, 9).to_json() == {
        "type": "TextPositionSelector",
        "start": 3,
        "end": 9,
    }


def test_quote_selector_serialises_to_w3c_json() -> None:
    assert TextQuoteSelector("fox", prefix="brown ", suffix=" jumps").to_json() == {
        "type": "TextQuoteSelector",
        "exact": "fox",
        "prefix": "brown ",
        "suffix": " jumps",
    }


def test_parse_accepts_a_list_of_both_selectors() -> None:
    data = [
        {"type": "TextQuoteSelector", "exact": "fox", "prefix": "a ", "suffix": "!"},
        {"type": "TextPositionSelector", "start": 2, "end": 5},
    ]
    assert parse_selectors(data) == (
        TextPositionSelector(2, 5),
        TextQuoteSelector("fox", "a ", "!"),
    )


def test_parse_accepts_a_single_selector_object() -> None:
    data = {"type": "TextPositionSelector", "start": 0, "end": 4}
    assert parse_selectors(data) == (TextPositionSelector(0, 4), None)


def test_parse_defaults_missing_prefix_and_suffix_to_empty() -> None:
    data = [{"type": "TextQuoteSelector", "exact": "fox"}]
    assert parse_selectors(data) == (None, TextQuoteSelector("fox", "", ""))


def test_parse_rejects_a_string() -> None:
    message = anchor_error(parse_selectors, "TextPositionSelector")
    assert message == "selectors must be a selector object or a list of them, not a string"


def test_parse_rejects_an_empty_list() -> None:
    assert anchor_error(parse_selectors, []) == "the list of selectors is empty"


def test_parse_rejects_a_list_item_that_is_not_an_object() -> None:
    data = [{"type": "TextPositionSelector", "start": 0, "end": 1}, None]
    assert anchor_error(parse_selectors, data) == "selector 1 must be an object, not null"


def test_parse_rejects_a_selector_without_type() -> None:
    assert anchor_error(parse_selectors, {"exact": "fox"}) == "a selector has no 'type'"


def test_parse_rejects_an_unknown_selector_type() -> None:
    message = anchor_error(parse_selectors, [{"type": "CssSelector", "value": "p"}])
    assert message == (
        "unknown selector type 'CssSelector'; expected TextPositionSelector or TextQuoteSelector"
    )


def test_parse_rejects_two_selectors_of_the_same_type() -> None:
    data = [
        {"type": "TextPositionSelector", "start": 0, "end": 1},
        {"type": "TextPositionSelector", "start": 2, "end": 3},
    ]
    assert anchor_error(parse_selectors, data) == (
        "more than one TextPositionSelector was given; send at most one of each type"
    )


def test_parse_rejects_unexpected_fields() -> None:
    data = {"type": "TextQuoteSelector", "exact": "fox", "refinedBy": {}, "Prefix": "a"}
    assert anchor_error(parse_selectors, data) == (
        "TextQuoteSelector has unexpected fields: 'Prefix', 'refinedBy'"
    )


def test_parse_rejects_a_position_without_end() -> None:
    data = {"type": "TextPositionSelector", "start": 0}
    assert anchor_error(parse_selectors, data) == "TextPositionSelector is missing 'end'"


@pytest.mark.parametrize(
    ("value", "json_type"),
    [(True, "a boolean"), (1.0, "a number"), ("1", "a string"), (None, "null")],
)
def test_parse_rejects_a_position_offset_that_is_not_an_integer(
    value: object, json_type: str
) -> None:
    data = {"type": "TextPositionSelector", "start": value, "end": 4}
    assert anchor_error(parse_selectors, data) == (
        f"TextPositionSelector 'start' must be an integer, not {json_type}"
    )


def test_parse_rejects_a_negative_position_offset() -> None:
    data = {"type": "TextPositionSelector", "start": 0, "end": -3}
    assert anchor_error(parse_selectors, data) == (
        "TextPositionSelector 'end' must not be negative (got -3)"
    )


def test_parse_rejects_a_quote_without_exact() -> None:
    data = {"type": "TextQuoteSelector", "prefix": "a"}
    assert anchor_error(parse_selectors, data) == "TextQuoteSelector is missing 'exact'"


def test_parse_rejects_a_quote_context_that_is_not_a_string() -> None:
    data = {"type": "TextQuoteSelector", "exact": "fox", "suffix": ["!"]}
    assert anchor_error(parse_selectors, data) == (
        "TextQuoteSelector 'suffix' must be a string, not a list"
    )


# Building selectors -------------------------------------------------------------------------


def test_build_selectors_keeps_thirty_two_code_points_of_context_each_side() -> None:
    text = "p" * 50 + "CLAIM" + "s" * 50
    position, quote = build_selectors(text, Span(50, 55))
    assert position == TextPositionSelector(50, 55)
    assert quote == TextQuoteSelector("CLAIM", "p" * CONTEXT_LENGTH, "s" * CONTEXT_LENGTH)


def test_build_selectors_shortens_context_at_the_edges_of_the_text() -> None:
    _, quote = build_selectors("the claim.", Span(4, 9))
    assert quote == TextQuoteSelector("claim", "the ", ".")


def test_build_selectors_rejects_a_span_beyond_the_text() -> None:
    message = anchor_error(build_selectors, "short", Span(2, 9))
    assert message == "end 9 is beyond the end of the text (5 code points)"


# Resolving a position -----------------------------------------------------------------------

TEXT = "The minister said unemployment fell. The minister said prices fell."


def test_position_inside_the_text_resolves_to_its_span() -> None:
    assert resolve(TEXT, position=TextPositionSelector(4, 12), quote=None) == Span(4, 12)


def test_position_ending_beyond_the_text_is_rejected() -> None:
    text = "x" * 100
    message = anchor_error(resolve, text, position=TextPositionSelector(90, 120), quote=None)
    assert message == "end 120 is beyond the end of the text (100 code points)"


def test_empty_position_is_rejected() -> None:
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(7, 7), quote=None)
    assert message == "the span 7–7 is empty"


def test_position_ending_before_its_start_is_rejected() -> None:
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(9, 3), quote=None)
    assert message == "end 3 is before start 9"


def test_negative_position_is_rejected() -> None:
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(-1, 3), quote=None)
    assert message == "start -1 is negative"


def test_resolving_without_any_selector_is_rejected() -> None:
    message = anchor_error(resolve, TEXT, position=None, quote=None)
    assert message == ("no selector was given; send a TextPositionSelector or a TextQuoteSelector")


# Resolving a quote --------------------------------------------------------------------------


def test_quote_matching_once_resolves_without_context() -> None:
    quote = TextQuoteSelector("unemployment")
    assert resolve(TEXT, position=None, quote=quote) == Span(18, 30)


def test_quote_matching_once_resolves_even_if_its_context_has_changed() -> None:
    quote = TextQuoteSelector("unemployment", prefix="The president said ")
    assert resolve(TEXT, position=None, quote=quote) == Span(18, 30)


def test_quote_not_in_the_text_is_not_found() -> None:
    message = anchor_error(resolve, TEXT, position=None, quote=TextQuoteSelector("inflation"))
    assert message == "quote not found: “inflation” does not occur in the text"


def test_empty_quote_is_rejected() -> None:
    message = anchor_error(resolve, TEXT, position=None, quote=TextQuoteSelector(""))
    assert message == "the quote is empty"


def test_quote_matching_twice_without_context_is_ambiguous() -> None:
    message = anchor_error(resolve, TEXT, position=None, quote=TextQuoteSelector("fell"))
    assert message == (
        "the quote “fell” occurs more than once in the text; "
        "a prefix or suffix is needed to say which one is meant"
    )


def test_overlapping_occurrences_of_a_quote_make_it_ambiguous() -> None:
    message = anchor_error(resolve, "aaa", position=None, quote=TextQuoteSelector("aa"))
    assert message.startswith("the quote “aa” occurs more than once in the text;")


def test_overlapping_occurrences_with_context_pick_the_one_that_fits() -> None:
    assert resolve("aaab", quote=TextQuoteSelector("aa", suffix="b")) == Span(1, 3)


@pytest.mark.parametrize("side", ["prefix", "suffix"])
def test_context_longer_than_the_limit_is_refused_with_the_limit_named(side: str) -> None:
    quote = TextQuoteSelector("fell", **{side: "x" * (CONTEXT_MAX_LENGTH + 1)})
    message = anchor_error(resolve, TEXT, position=None, quote=quote)
    assert message.startswith(f"the {side} is {CONTEXT_MAX_LENGTH + 1} code points long;")
    assert f"at most {CONTEXT_MAX_LENGTH} are accepted" in message


def test_context_as_long_as_the_limit_is_accepted() -> None:
    text = "x" * CONTEXT_MAX_LENGTH + "fell fell"
    quote = TextQuoteSelector("fell", prefix="x" * CONTEXT_MAX_LENGTH)
    assert resolve(text, quote=quote) == Span(CONTEXT_MAX_LENGTH, CONTEXT_MAX_LENGTH + 4)


def test_prefix_picks_one_of_several_occurrences() -> None:
    quote = TextQuoteSelector("fell", prefix="prices ")
    assert resolve(TEXT, position=None, quote=quote) == Span(62, 66)


def test_suffix_picks_one_of_several_occurrences() -> None:
    quote = TextQuoteSelector("The minister said", suffix=" u")
    assert resolve(TEXT, position=None, quote=quote) == Span(0, 17)


def test_context_matching_several_occurrences_is_still_ambiguous() -> None:
    quote = TextQuoteSelector("minister", prefix="The ", suffix=" said")
    message = anchor_error(resolve, TEXT, position=None, quote=quote)
    assert message == (
        "the quote “minister” occurs more than once in the text and more than one of them has "
        "the given prefix and suffix; a longer prefix or suffix is needed to say which one is meant"
    )


def test_context_matching_no_occurrence_is_rejected() -> None:
    quote = TextQuoteSelector("fell", suffix=" sharply")
    message = anchor_error(resolve, TEXT, position=None, quote=quote)
    assert message == (
        "the quote “fell” occurs more than once in the text, "
        "but none of them has the given prefix and suffix"
    )


def test_long_quotes_are_truncated_in_messages() -> None:
    quote = TextQuoteSelector("a" * 30 + "b" * 30)
    message = anchor_error(resolve, TEXT, position=None, quote=quote)
    assert message == (f"quote not found: “{'a' * 20}…{'b' * 20}” does not occur in the text")


# Resolving a position and a quote together --------------------------------------------------


def test_position_and_quote_that_agree_resolve_to_the_position() -> None:
    position, quote = build_selectors(TEXT, Span(62, 66))
    assert resolve(TEXT, position=position, quote=quote) == Span(62, 66)


def test_position_decides_between_occurrences_of_an_ambiguous_quote() -> None:
    position = TextPositionSelector(31, 35)
    assert resolve(TEXT, position=position, quote=TextQuoteSelector("fell")) == Span(31, 35)


def test_quote_disagreeing_with_the_position_shows_the_text_there() -> None:
    message = anchor_error(
        resolve, TEXT, position=TextPositionSelector(4, 12), quote=TextQuoteSelector("minster")
    )
    assert message == (
        "the quote does not match the text at 4–12: "
        "the text there is “minister”, the quote is “minster”"
    )


def test_text_shown_for_a_disagreeing_quote_is_truncated() -> None:
    message = anchor_error(
        resolve, TEXT, position=TextPositionSelector(0, 60), quote=TextQuoteSelector("The")
    )
    assert message == (
        "the quote does not match the text at 0–60: "
        "the text there is “The minister said un… minister said price”, the quote is “The”"
    )


def test_prefix_disagreeing_with_the_position_shows_the_text_before_it() -> None:
    quote = TextQuoteSelector("fell", prefix="prices ")
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(31, 35), quote=quote)
    assert message == (
        "the prefix does not match the text before 31: "
        "the text there is “oyment ”, the prefix is “prices ”"
    )


def test_prefix_longer_than_the_text_before_the_position_disagrees() -> None:
    quote = TextQuoteSelector("The", prefix="Yesterday ")
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(0, 3), quote=quote)
    assert message == (
        "the prefix does not match the text before 0: "
        "the text there is “”, the prefix is “Yesterday ”"
    )


def test_suffix_disagreeing_with_the_position_shows_the_text_after_it() -> None:
    quote = TextQuoteSelector("fell", suffix=" again")
    message = anchor_error(resolve, TEXT, position=TextPositionSelector(62, 66), quote=quote)
    assert message == (
        "the suffix does not match the text after 66: the text there is “.”, the suffix is “ again”"
    )


def test_invalid_position_is_reported_before_the_quote_is_compared() -> None:
    message = anchor_error(
        resolve, TEXT, position=TextPositionSelector(60, 99), quote=TextQuoteSelector("fell")
    )
    assert message == "end 99 is beyond the end of the text (67 code points)"


# Astral characters and combining marks ------------------------------------------------------


def test_offsets_after_an_emoji_count_it_as_one_code_point() -> None:
    text = f"{GRIN} Inflation is 2%."
    position, quote = build_selectors(text, Span(2, 11))
    assert position == TextPositionSelector(2, 11)
    assert quote == TextQuoteSelector("Inflation", f"{GRIN} ", " is 2%.")


def test_quote_after_an_emoji_resolves_to_code_point_offsets() -> None:
    text = f"{GRIN}{GRIN} Inflation is 2%."
    assert resolve(text, quote=TextQuoteSelector("Inflation")) == Span(3, 12)


def test_utf16_offset_after_an_emoji_is_one_more_than_the_code_point_offset() -> None:
    text = f"{GRIN} Inflation"
    assert codepoint_to_utf16_offset(text, 2) == 3
    assert utf16_to_codepoint_offset(text, 3) == 2


def test_utf16_offsets_drift_by_one_per_astral_character() -> None:
    text = f"a{GRIN}b{FRENCH_FLAG}c"  # the flag is two astral code points
    assert [codepoint_to_utf16_offset(text, cp) for cp in range(len(text) + 1)] == [
        0, 1, 3, 4, 6, 8, 9,
    ]  # fmt: skip


def test_utf16_offset_inside_a_surrogate_pair_is_rejected() -> None:
    message = anchor_error(utf16_to_codepoint_offset, f"a{GRIN}b", 2)
    assert message == "UTF-16 offset 2 falls inside the surrogate pair of '😀' at code point 1"


def test_utf16_offset_beyond_the_text_is_rejected() -> None:
    message = anchor_error(utf16_to_codepoint_offset, GRIN, 3)
    assert message == "UTF-16 offset 3 is beyond the end of the text (2 UTF-16 code units)"


def test_negative_utf16_offset_is_rejected() -> None:
    assert anchor_error(utf16_to_codepoint_offset, "abc", -1) == "UTF-16 offset -1 is negative"


def test_code_point_offset_beyond_the_text_is_rejected() -> None:
    message = anchor_error(codepoint_to_utf16_offset, GRIN, 2)
    assert message == "code point offset 2 is beyond the end of the text (1 code points)"


def test_combining_marks_are_separate_code_points() -> None:
    text = "cafe\u0301 au lait"  # "é" as "e" plus a combining acute accent
    assert resolve(text, quote=TextQuoteSelector("au")) == Span(6, 8)


def test_combining_marks_do_not_shift_utf16_offsets() -> None:
    text = "cafe\u0301 au lait"
    assert codepoint_to_utf16_offset(text, 6) == 6


def test_quotes_are_not_unicode_normalised() -> None:
    # Canonical text is NFC; normalising here would silently move every offset.
    text = unicodedata.normalize("NFC", "cafe\u0301 au lait")
    quote = TextQuoteSelector("cafe\u0301")
    message = anchor_error(resolve, text, quote=quote)
    assert message == "quote not found: “cafe\u0301” does not occur in the text"


# Segments -----------------------------------------------------------------------------------


def test_text_without_spans_is_one_uncovered_segment() -> None:
    assert segments(10, []) == [Segment(0, 10, ())]


def test_empty_text_has_no_segments() -> None:
    assert segments(0, []) == []


def test_disjoint_spans_alternate_with_uncovered_segments() -> None:
    assert segments(10, [("a", Span(1, 3)), ("b", Span(5, 7))]) == [
        Segment(0, 1, ()),
        Segment(1, 3, ("a",)),
        Segment(3, 5, ()),
        Segment(5, 7, ("b",)),
        Segment(7, 10, ()),
    ]


def test_adjacent_spans_do_not_share_a_segment() -> None:
    assert segments(4, [("a", Span(0, 2)), ("b", Span(2, 4))]) == [
        Segment(0, 2, ("a",)),
        Segment(2, 4, ("b",)),
    ]


def test_overlapping_spans_share_the_overlap() -> None:
    assert segments(10, [("a", Span(0, 6)), ("b", Span(4, 10))]) == [
        Segment(0, 4, ("a",)),
        Segment(4, 6, ("a", "b")),
        Segment(6, 10, ("b",)),
    ]


def test_nested_spans_split_the_outer_span() -> None:
    assert segments(10, [("outer", Span(0, 10)), ("inner", Span(3, 5))]) == [
        Segment(0, 3, ("outer",)),
        Segment(3, 5, ("outer", "inner")),
        Segment(5, 10, ("outer",)),
    ]


def test_segment_keys_follow_the_order_the_spans_were_given() -> None:
    assert segments(6, [("late", Span(2, 6)), ("early", Span(0, 6))]) == [
        Segment(0, 2, ("early",)),
        Segment(2, 6, ("late", "early")),
    ]


def test_identical_spans_share_every_segment() -> None:
    assert segments(3, [(1, Span(0, 3)), (2, Span(0, 3))]) == [Segment(0, 3, (1, 2))]


def test_zero_width_span_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^the span for 'a' \(4–4\) is empty or reversed$"):
        segments(10, [("a", Span(4, 4))])


def test_span_beyond_the_text_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^the span for 'a' \(8–12\) is outside the text"):
        segments(10, [("a", Span(8, 12))])


def test_negative_span_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^the span for 'a' \(-2–3\) is outside the text"):
        segments(10, [("a", Span(-2, 3))])


def test_negative_text_length_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^text length -1 is negative$"):
        segments(-1, [])


def test_a_thousand_overlapping_spans_over_a_long_text() -> None:
    spans = [(key, Span(key * 25, key * 25 + 25_000)) for key in range(1_000)]
    result = segments(50_000, spans)
    assert len(result) == 2_000
    assert result[999] == Segment(24_975, 25_000, tuple(range(1_000)))
    assert result[-1] == Segment(49_975, 50_000, ())


# Properties ---------------------------------------------------------------------------------


@PROPERTY
@given(text_and_span())
def test_built_quote_is_the_text_of_the_span_with_adjacent_context(
    case: tuple[str, Span],
) -> None:
    text, span = case
    _, quote = build_selectors(text, span)
    assert quote.exact == text[span.start : span.end]
    assert text[: span.start].endswith(quote.prefix)
    assert text[span.end :].startswith(quote.suffix)
    assert len(quote.prefix) == min(CONTEXT_LENGTH, span.start)
    assert len(quote.suffix) == min(CONTEXT_LENGTH, len(text) - span.end)


@PROPERTY
@given(text_and_span())
def test_built_position_alone_resolves_to_the_span(case: tuple[str, Span]) -> None:
    text, span = case
    position, _ = build_selectors(text, span)
    assert resolve(text, position=position) == span


@PROPERTY
@given(text_and_span())
def test_built_selectors_together_resolve_to_the_span(case: tuple[str, Span]) -> None:
    text, span = case
    position, quote = build_selectors(text, span)
    assert resolve(text, position=position, quote=quote) == span


@PROPERTY
@given(text_and_span())
def test_built_quote_alone_resolves_to_the_span_unless_ambiguous(
    case: tuple[str, Span],
) -> None:
    text, span = case
    _, quote = build_selectors(text, span)
    fitting = fitting_occurrences(text, quote)
    if len(fitting) == 1:
        assert resolve(text, quote=quote) == span
    else:
        message = anchor_error(resolve, text, quote=quote)
        assert len(fitting) > 1
        assert "more than one of them has the given prefix and suffix" in message


@PROPERTY
@given(text_and_span())
def test_built_selectors_survive_a_json_round_trip(case: tuple[str, Span]) -> None:
    text, span = case
    position, quote = build_selectors(text, span)
    assert parse_selectors([position.to_json(), quote.to_json()]) == (position, quote)


@PROPERTY
@given(texts, st.data())
def test_code_point_offsets_round_trip_through_utf16(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    utf16 = codepoint_to_utf16_offset(text, offset)
    assert utf16 == len(text[:offset].encode("utf-16-le")) // 2
    assert utf16_to_codepoint_offset(text, utf16) == offset


@PROPERTY
@given(texts, st.data())
def test_utf16_offsets_round_trip_unless_inside_a_surrogate_pair(
    text: str, data: st.DataObject
) -> None:
    encoded = text.encode("utf-16-le")
    offset = data.draw(st.integers(0, len(encoded) // 2))
    try:
        prefix = encoded[: offset * 2].decode("utf-16-le")
    except UnicodeDecodeError:  # the cut leaves half a surrogate pair
        anchor_error(utf16_to_codepoint_offset, text, offset)
    else:
        assert utf16_to_codepoint_offset(text, offset) == len(prefix)
        assert codepoint_to_utf16_offset(text, len(prefix)) == offset


@PROPERTY
@given(text_and_keyed_spans())
def test_segments_concatenate_to_the_text(case: tuple[str, list[tuple[int, Span]]]) -> None:
    text, spans = case
    assert "".join(text[s.start : s.end] for s in segments(len(text), spans)) == text


@PROPERTY
@given(text_and_keyed_spans())
def test_segments_carrying_a_key_join_to_its_span(
    case: tuple[str, list[tuple[int, Span]]],
) -> None:
    text, spans = case
    result = segments(len(text), spans)
    for key, span in spans:
        joined = "".join(text[s.start : s.end] for s in result if key in s.keys)
        assert joined == span.quote(text)


@PROPERTY
@given(text_and_keyed_spans())
def test_segment_keys_are_exactly_the_covering_spans_in_order(
    case: tuple[str, list[tuple[int, Span]]],
) -> None:
    text, spans = case
    for segment in segments(len(text), spans):
        covering = tuple(
            key for key, span in spans if span.start <= segment.start and segment.end <= span.end
        )
        assert segment.keys == covering

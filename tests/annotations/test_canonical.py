import hashlib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.canonical import (
    MAX_ELEMENTS,
    MAX_NESTING,
    Block,
    CanonicalDocument,
    TooComplex,
    TooDeeplyNested,
    canonicalize,
    canonicalize_html,
    canonicalize_markdown,
    canonicalize_plain_text,
    guess_format,
)

HOSTILE_HTML = """<!doctype html>
<html><head><title>Harmless title</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>alert(1)</script></head>
<body>
<p>Before the trap.<script>alert(1)</script></p>
<p><img src=x onerror=alert(1)>An image sat here.</p>
<p><a href="javascript:alert(1)">click</a> to continue.</p>
<iframe src="https://example.com/frame">framed fallback</iframe>
<style>.hidden { display: none }</style>
<p onclick="alert(1)">After the trap.</p>
</body></html>"""


def block_texts(doc: CanonicalDocument) -> list[str]:
    return [doc.block_text(block) for block in doc.blocks]


def paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", text) for text in texts]


def kinds_and_texts(doc: CanonicalDocument) -> list[tuple[str, str]]:
    return [(block.kind, doc.block_text(block)) for block in doc.blocks]


def assert_well_formed(doc: CanonicalDocument) -> None:
    """The invariants every canonical document must satisfy, whatever its source."""
    text = doc.text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert "\t" not in text
    assert "\n\n\n" not in text
    assert not text.startswith("\n")
    assert not text.endswith("\n")
    assert all(char == "\n" or unicodedata.category(char) != "Cc" for char in text)
    assert all(line == line.rstrip() for line in text.split("\n"))
    previous_end = -2
    for block in doc.blocks:
        assert block.start == previous_end + 2
        assert block.start < block.end
        assert "\n\n" not in doc.block_text(block)
        previous_end = block.end
    assert "\n\n".join(block_texts(doc)) == text


# --- Plain text ------------------------------------------------------------------------


def test_plain_text_paragraphs_become_paragraph_blocks():
    doc = canonicalize_plain_text("First paragraph.\n\nSecond paragraph.")
    assert kinds_and_texts(doc) == paragraphs("First paragraph.", "Second paragraph.")


def test_crlf_line_endings_become_newlines():
    doc = canonicalize_plain_text("One\r\ntwo\r\n\r\nThree\r\n")
    assert doc.text == "One\ntwo\n\nThree"


def test_lone_cr_line_endings_become_newlines():
    doc = canonicalize_plain_text("One\rtwo\r\rThree\r")
    assert doc.text == "One\ntwo\n\nThree"


def test_single_newlines_inside_a_plain_text_paragraph_are_kept():
    poem = "Roses lean on the fence,\nthe fence leans on the wind."
    assert block_texts(canonicalize_plain_text(poem)) == [poem]


def test_runs_of_blank_lines_become_a_single_blank_line():
    doc = canonicalize_plain_text("Top\n\n\n\n  \n\t\nBottom")
    assert doc.text == "Top\n\nBottom"


def test_trailing_spaces_and_tabs_are_stripped_from_each_line():
    assert canonicalize_plain_text("Line one \t \nLine two\t").text == "Line one\nLine two"


def test_leading_indentation_is_kept():
    assert canonicalize_plain_text("Verse\n    indented verse").text == "Verse\n    indented verse"


def test_tabs_become_single_spaces():
    assert canonicalize_plain_text("a\tb\t\tc").text == "a b  c"


def test_leading_and_trailing_blank_lines_are_removed_without_a_final_newline():
    assert canonicalize_plain_text("\n\n  \nBody text\n\n\n").text == "Body text"


def test_control_characters_other_than_newline_and_tab_are_removed():
    assert canonicalize_plain_text("a\x00b\x07c\x1bd\x7fe\x9ff").text == "abcdef"


def test_byte_order_marks_inside_the_text_are_removed():
    assert canonicalize_plain_text("\ufeffStart and\ufeff end").text == "Start and end"


def test_paragraph_separator_character_starts_a_new_block():
    doc = canonicalize_plain_text("One\u2029Two")
    assert block_texts(doc) == ["One", "Two"]


def test_line_separator_character_becomes_a_newline():
    assert canonicalize_plain_text("One\u2028Two").text == "One\nTwo"


def test_combining_marks_are_composed_to_nfc():
    doc = canonicalize_plain_text("Cafe\u0301 au lait")
    assert doc.text == "Caf\u00e9 au lait"


def test_combining_mark_separated_by_a_control_character_is_still_composed():
    assert canonicalize_plain_text("e\x00\u0301").text == "\u00e9"


def test_zero_width_joiner_sequences_are_kept():
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
    assert canonicalize_plain_text(f"Family: {family}").text == f"Family: {family}"


def test_right_to_left_text_and_bidi_marks_are_kept():
    text = "\u05e9\u05dc\u05d5\u05dd \u200f\u0645\u0631\u062d\u0628\u0627"
    assert canonicalize_plain_text(text).text == text


def test_lone_surrogates_become_replacement_characters():
    doc = canonicalize_plain_text("bad \ud800 half")
    assert doc.text == "bad \ufffd half"
    assert doc.content_hash


def test_block_after_an_emoji_starts_at_its_code_point_offset():
    doc = canonicalize_plain_text("\U0001f600 smile\n\nNext")
    assert doc.blocks[1] == Block("paragraph", start=9, end=13)
    assert doc.text[9:13] == "Next"


def test_astral_characters_count_as_one_offset_each():
    doc = canonicalize_plain_text("\U0001d518\U0001d52b\U0001d526\n\nafter")
    assert doc.blocks[0] == Block("paragraph", start=0, end=3)
    assert doc.blocks[1].start == 5


def test_plain_text_has_an_empty_title_and_no_metadata():
    doc = canonicalize_plain_text("# Looks like a heading\n\nbut is text")
    assert (doc.title, doc.metadata) == ("", {})


def test_whitespace_only_text_gives_an_empty_document():
    doc = canonicalize_plain_text(" \n\t\r\n ")
    assert (doc.text, doc.blocks) == ("", ())


def test_content_hash_is_the_sha256_of_the_utf8_text():
    doc = canonicalize_plain_text("Caf\u00e9 \U0001f600")
    assert doc.content_hash == hashlib.sha256("Caf\u00e9 \U0001f600".encode()).hexdigest()


def test_equivalent_inputs_share_a_content_hash():
    composed = canonicalize_plain_text("Caf\u00e9\r\n")
    decomposed = canonicalize_plain_text("Cafe\u0301  \n\n")
    assert composed.content_hash == decomposed.content_hash


# --- Plain text properties ---------------------------------------------------------------

TRICKY_CHARACTERS = st.sampled_from(
    [
        "\n", "\r", "\r\n", " ", "\t", "\x00", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",
        "\ufeff", "e", "\u0301", "\u0323", "\u00e9", "\u200d", "\u200f", "\U0001f600",
        "\U0001f469", "\u05d0", "\u0627", "\u1100", "\u1161", "\u00a0", "\u3000",
    ]
)  # fmt: skip
ARBITRARY_TEXT = st.lists(st.one_of(TRICKY_CHARACTERS, st.characters()), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(ARBITRARY_TEXT)
def test_plain_text_output_is_always_well_formed(raw: str):
    assert_well_formed(canonicalize_plain_text(raw))


@settings(max_examples=200, deadline=None)
@given(ARBITRARY_TEXT)
def test_canonicalizing_canonical_plain_text_is_idempotent(raw: str):
    doc = canonicalize_plain_text(raw)
    again = canonicalize_plain_text(doc.text)
    assert again.text == doc.text
    assert again.blocks == doc.blocks


@settings(max_examples=100, deadline=None)
@given(ARBITRARY_TEXT)
def test_markdown_output_is_always_well_formed(raw: str):
    assert_well_formed(canonicalize_markdown(raw))


@settings(max_examples=100, deadline=None)
@given(ARBITRARY_TEXT)
def test_html_output_is_always_well_formed(raw: str):
    assert_well_formed(canonicalize_html(raw))


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_atx_headings_become_heading_blocks_with_their_level():
    doc = canonicalize_markdown("# Top\n\n### Third level\n\nBody.")
    assert [(block.kind, block.level) for block in doc.blocks] == [
        ("heading", 1),
        ("heading", 3),
        ("paragraph", 0),
    ]
    assert block_texts(doc) == ["Top", "Third level", "Body."]


def test_markdown_setext_headings_become_heading_blocks():
    doc = canonicalize_markdown("Big title\n=========\n\nSmaller\n-------\n")
    assert [(block.level, doc.block_text(block)) for block in doc.blocks] == [
        (1, "Big title"),
        (2, "Smaller"),
    ]


def test_markdown_title_is_the_first_heading_of_any_level():
    doc = canonicalize_markdown("Intro line.\n\n## The real title\n\n# Later heading")
    assert doc.title == "The real title"


def test_markdown_without_headings_has_an_empty_title():
    assert canonicalize_markdown("Just prose.").title == ""


def test_markdown_emphasis_is_reduced_to_its_text():
    doc = canonicalize_markdown("Some *soft*, **strong** and ~~odd~~ _words_.")
    assert doc.text == "Some soft, strong and ~~odd~~ words."


def test_markdown_link_is_reduced_to_its_text():
    doc = canonicalize_markdown("Read [the report](https://example.org/report) today.")
    assert doc.text == "Read the report today."


def test_markdown_javascript_link_is_reduced_to_its_text():
    doc = canonicalize_markdown("[click](javascript:alert(1)) here")
    assert doc.text == "click here"


def test_markdown_image_is_reduced_to_its_alt_text():
    doc = canonicalize_markdown("See ![a *red* kite](kite.png) above.")
    assert doc.text == "See a red kite above."


def test_markdown_inline_code_keeps_its_content():
    assert canonicalize_markdown("Call `make <all>` first.").text == "Call make <all> first."


def test_markdown_raw_inline_html_tags_are_dropped():
    doc = canonicalize_markdown('A <span class="x">quiet</span> word.<br>')
    assert doc.text == "A quiet word."


def test_markdown_inline_script_content_is_dropped():
    doc = canonicalize_markdown("Safe <script>alert(1)</script>text.")
    assert doc.text == "Safe text."


def test_markdown_html_block_is_reduced_to_its_text():
    doc = canonicalize_markdown("<div>\n<p>Inside a div</p>\n<style>p {}</style>\n</div>\n")
    assert doc.text == "Inside a div"


def test_markdown_entities_are_decoded():
    assert canonicalize_markdown("Fish &amp; chips &copy; &#233;").text == "Fish & chips © é"


def test_markdown_bullet_list_items_are_blocks_with_a_bullet_marker():
    doc = canonicalize_markdown("- apples\n- pears\n* plums\n")
    assert block_texts(doc) == ["• apples", "• pears", "• plums"]


def test_markdown_ordered_list_items_are_numbered_from_the_list_start():
    doc = canonicalize_markdown("3. third\n4. fourth\n")
    assert block_texts(doc) == ["3. third", "4. fourth"]


def test_markdown_nested_list_items_are_separate_unindented_blocks():
    doc = canonicalize_markdown("- outer\n  1. inner\n- next\n")
    assert block_texts(doc) == ["• outer", "1. inner", "• next"]


def test_markdown_loose_list_item_paragraphs_after_the_first_have_no_marker():
    doc = canonicalize_markdown("- first para\n\n  second para\n- other\n")
    assert block_texts(doc) == ["• first para", "second para", "• other"]


def test_markdown_deeply_nested_list_keeps_its_text():
    source = "\n".join("  " * depth + f"- level {depth}" for depth in range(12)) + "\n\nAfter."
    doc = canonicalize_markdown(source)
    assert block_texts(doc)[-2:] == ["• level 11", "After."]


def test_markdown_blockquote_becomes_a_paragraph_without_marker():
    doc = canonicalize_markdown("> Quoted words\n> continue here.\n")
    assert kinds_and_texts(doc) == paragraphs("Quoted words continue here.")


def test_markdown_soft_line_breaks_become_spaces():
    assert canonicalize_markdown("wrapped\nline").text == "wrapped line"


def test_markdown_hard_line_breaks_stay_newlines():
    assert canonicalize_markdown("first  \nsecond\\\nthird").text == "first\nsecond\nthird"


def test_markdown_fenced_code_keeps_its_lines_and_indentation():
    doc = canonicalize_markdown("```python\ndef f(x):\n    return x < 2\n```\n")
    assert kinds_and_texts(doc) == paragraphs("def f(x):\n    return x < 2")


def test_markdown_code_with_blank_lines_is_split_into_blocks():
    doc = canonicalize_markdown("```\nfirst()\n\nsecond()\n```\n")
    assert block_texts(doc) == ["first()", "second()"]


def test_markdown_table_rows_become_blocks_with_cells_separated_by_bars():
    doc = canonicalize_markdown("| Name | Age |\n|------|-----|\n| Ada  | 36  |\n")
    assert block_texts(doc) == ["Name | Age", "Ada | 36"]


def test_markdown_crlf_input_is_normalized():
    assert canonicalize_markdown("# Head\r\n\r\nBody\r\n").text == "Head\n\nBody"


# --- HTML --------------------------------------------------------------------------------


def test_html_script_content_is_absent_from_the_text():
    assert "alert" not in canonicalize_html(HOSTILE_HTML).text


def test_html_style_content_is_absent_from_the_text():
    text = canonicalize_html(HOSTILE_HTML).text
    assert "display" not in text
    assert "background" not in text


def test_html_iframe_content_is_absent_from_the_text():
    assert "framed fallback" not in canonicalize_html(HOSTILE_HTML).text


def test_html_javascript_link_keeps_its_text():
    assert "click to continue." in block_texts(canonicalize_html(HOSTILE_HTML))


def test_html_event_handler_attributes_leave_no_trace():
    doc = canonicalize_html(HOSTILE_HTML)
    assert "onerror" not in doc.text
    assert "onclick" not in doc.text


def test_hostile_html_leaves_only_readable_prose():
    doc = canonicalize_html(HOSTILE_HTML)
    assert block_texts(doc) == [
        "Before the trap.",
        "An image sat here.",
        "click to continue.",
        "After the trap.",
    ]


def test_html_text_never_contains_tags():
    doc = canonicalize_html("<div><p>One <em>two</em></p><ul><li>three</li></ul></div>")
    assert "<" not in doc.text
    assert ">" not in doc.text


def test_html_escaped_markup_is_kept_as_literal_text():
    assert canonicalize_html("<p>Use &lt;b&gt; for bold.</p>").text == "Use <b> for bold."


def test_html_headings_become_heading_blocks_with_their_level():
    doc = canonicalize_html("<h1>Main</h1><p>Text</p><h4>Minor</h4>")
    assert [(block.kind, block.level, doc.block_text(block)) for block in doc.blocks] == [
        ("heading", 1, "Main"),
        ("paragraph", 0, "Text"),
        ("heading", 4, "Minor"),
    ]


def test_html_block_elements_delimit_blocks():
    doc = canonicalize_html(
        "<article>Lead<section><p>One</p><div>Two</div></section>"
        "<blockquote>Three</blockquote><figure><figcaption>Four</figcaption></figure></article>"
    )
    assert block_texts(doc) == ["Lead", "One", "Two", "Three", "Four"]


def test_html_inline_elements_do_not_split_words():
    assert canonicalize_html("<p><b>bold</b>ly <i>go</i>ing</p>").text == "boldly going"


def test_html_whitespace_is_collapsed_as_a_browser_would():
    doc = canonicalize_html("<p>\n   Lots   of\n\t space \n  <b> here </b> too  </p>")
    assert doc.text == "Lots of space here too"


def test_html_no_break_spaces_are_kept():
    assert canonicalize_html("<p>10&nbsp;km</p>").text == "10\u00a0km"


def test_html_pre_keeps_its_whitespace():
    doc = canonicalize_html("<pre>x  =  1\n    indented</pre>")
    assert doc.text == "x  =  1\n    indented"


def test_html_br_becomes_a_newline_within_the_block():
    doc = canonicalize_html("<p>12 Long Road<br>Smalltown<br/>\n  Countryland</p>")
    assert kinds_and_texts(doc) == paragraphs("12 Long Road\nSmalltown\nCountryland")


def test_html_entities_are_decoded():
    assert canonicalize_html("<p>Fish &amp; chips &eacute; &#x1F600;</p>").text == (
        "Fish & chips é \U0001f600"
    )


@pytest.mark.parametrize(
    "element",
    [
        "<nav>Menu</nav>",
        "<footer>Footer</footer>",
        "<form><label>Name</label></form>",
        "<button>Press</button>",
        "<noscript>Enable JS</noscript>",
        "<template><p>Later</p></template>",
        "<svg><text>Vector</text></svg>",
        "<object>Plugin</object>",
        "<p hidden>Hidden</p>",
        "<!-- Comment -->",
    ],
)
def test_html_non_content_elements_are_dropped_with_their_content(element: str):
    assert canonicalize_html(f"<p>Kept</p>{element}").text == "Kept"


def test_html_list_items_get_bullets_and_numbers():
    doc = canonicalize_html(
        '<ul><li><p>Milk</p><p>semi-skimmed</p></li><li>Eggs<ol start="2"><li>brown</li>'
        "<li>white</li></ol></li></ul>"
    )
    assert block_texts(doc) == ["• Milk", "semi-skimmed", "• Eggs", "2. brown", "3. white"]


def test_html_table_rows_become_blocks_with_cells_separated_by_bars():
    doc = canonicalize_html(
        "<table><tr><th>City</th><th>Rain</th></tr><tr><td>Oslo</td><td> </td>"
        "<td>High</td></tr></table>"
    )
    assert block_texts(doc) == ["City | Rain", "Oslo | High"]


def test_html_definition_lists_delimit_blocks():
    assert block_texts(canonicalize_html("<dl><dt>Term</dt><dd>Meaning</dd></dl>")) == [
        "Term",
        "Meaning",
    ]


def test_html_title_comes_from_the_title_element():
    doc = canonicalize_html("<title> Page \n title </title><h1>Heading</h1>")
    assert doc.title == "Page title"


def test_html_title_falls_back_to_the_first_h1():
    doc = canonicalize_html("<h2>Kicker</h2><h1>The <em>actual</em> headline</h1><h1>Other</h1>")
    assert doc.title == "The actual headline"


def test_html_title_is_not_in_the_text():
    assert canonicalize_html("<title>Tab text</title><p>Body</p>").text == "Body"


def test_html_metadata_is_extracted():
    doc = canonicalize_html(
        """<html lang="en-GB"><head>
        <link rel="canonical" href="https://news.example/story">
        <meta name="author" content="Jo Writer">
        <meta property="og:site_name" content="Example News">
        <meta property="article:published_time" content="2024-03-05T10:00:00Z">
        </head><body><p>Story</p></body></html>"""
    )
    assert doc.metadata == {
        "url": "https://news.example/story",
        "author": "Jo Writer",
        "publisher": "Example News",
        "published": "2024-03-05T10:00:00Z",
        "language": "en-GB",
    }


def test_html_metadata_holds_only_keys_that_were_found():
    assert canonicalize_html("<p>No head at all</p>").metadata == {}


def test_html_non_http_canonical_url_is_ignored_in_favour_of_og_url():
    doc = canonicalize_html(
        '<link rel="canonical" href="javascript:alert(1)">'
        '<meta property="og:url" content="http://example.org/a"><p>x</p>'
    )
    assert doc.metadata["url"] == "http://example.org/a"


def test_html_url_without_http_scheme_is_not_recorded():
    doc = canonicalize_html('<meta property="og:url" content="ftp://example.org/a"><p>x</p>')
    assert "url" not in doc.metadata


def test_html_author_falls_back_to_article_author():
    doc = canonicalize_html('<meta property="article:author" content="Sam Reporter"><p>x</p>')
    assert doc.metadata["author"] == "Sam Reporter"


def test_html_published_date_falls_back_to_time_in_the_article():
    doc = canonicalize_html(
        '<time datetime="1999-01-01">old</time>'
        '<article><p>On <time datetime="2023-11-02">2 November</time>.</p></article>'
    )
    assert doc.metadata["published"] == "2023-11-02"


def nested_divs(depth: int) -> str:
    return "<div>" * depth + "deep" + "</div>" * depth


def test_html_nested_up_to_the_limit_is_read():
    # The parser adds <html> and <body> around the upload.
    assert canonicalize_html(nested_divs(MAX_NESTING - 2)).text == "deep"


def test_html_nested_deeper_than_the_limit_is_refused_with_the_limit_named():
    with pytest.raises(TooDeeplyNested, match=f"more than {MAX_NESTING} levels deep"):
        canonicalize_html(nested_divs(5000))


def test_html_with_more_elements_than_the_limit_is_refused_before_it_is_parsed():
    with pytest.raises(TooComplex, match=f"{MAX_ELEMENTS + 1:,} elements"):
        canonicalize_html("<p>a" * (MAX_ELEMENTS + 1))


def test_html_with_as_many_elements_as_the_limit_is_read():
    assert len(canonicalize_html("<p>a" * (MAX_ELEMENTS - 2)).blocks) == MAX_ELEMENTS - 2


def test_markdown_nested_deeper_than_the_limit_is_refused_not_cut_short():
    with pytest.raises(TooDeeplyNested):
        canonicalize_markdown(">" * 150 + " quoted\n\nAfter.")


def test_markdown_with_a_run_of_unclosed_brackets_is_refused_as_too_complex():
    with pytest.raises(TooComplex, match="never close"):
        canonicalize_markdown("[" * 50_000)


def test_markdown_with_ordinary_markup_on_every_line_is_read():
    line = (
        "Some *emphasis*, **strong**, `code`, [a link](https://example.org/a) and ![alt](x.png).\n"
    )
    assert canonicalize_markdown(line * 2000).text.startswith("Some emphasis, strong, code")


def test_markdown_raw_html_counts_towards_the_element_limit():
    with pytest.raises(TooComplex, match="elements"):
        canonicalize_markdown("<b>a</b>" * (MAX_ELEMENTS + 1))


def test_html_fragment_without_html_or_body_is_accepted():
    assert canonicalize_html("Loose text <p>and a paragraph</p>").text == (
        "Loose text\n\nand a paragraph"
    )


# --- Dispatch and format guessing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("text", "<b>*hi*</b>"), ("markdown", "hi"), ("html", "*hi*")],
)
def test_canonicalize_dispatches_on_the_format(fmt, expected: str):
    assert canonicalize("<b>*hi*</b>", fmt).text == expected


def test_canonicalize_rejects_an_unknown_format():
    with pytest.raises(ValueError, match="Unknown format"):
        canonicalize("x", "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("notes.txt", "<html><p>Tagged</p></html>", "text"),
        ("README.md", "<html><p>Tagged</p></html>", "markdown"),
        ("essay.markdown", "Plain words", "markdown"),
        ("page.HTML", "Plain words", "html"),
        ("page.htm", "Plain words", "html"),
    ],
)
def test_a_known_extension_decides_the_format_whatever_the_content(
    filename: str, content: str, expected: str
):
    assert guess_format(filename, content) == expected


def test_doctype_makes_an_unnamed_upload_html():
    assert guess_format(None, "\n<!DOCTYPE html><title>x</title>") == "html"


def test_block_tags_make_an_upload_with_an_unknown_extension_html():
    assert guess_format("article.dat", "Some <p>text</p> here") == "html"


def test_prose_mentioning_angle_brackets_is_plain_text():
    assert guess_format(None, "If a < b and b > c, then a < c.") == "text"


def test_markdown_without_a_markdown_extension_is_treated_as_plain_text():
    assert guess_format("notes", "# Title\n\n* item") == "text"

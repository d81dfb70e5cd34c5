"""project/html.py: templates whose holes escape every value, the one call of mark_safe, and
output equal to what a Django template gives for the same markup."""

import ast
import html
from pathlib import Path

import orjson
import pytest
from django.template import engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from project.html import (
    Markup,
    html_integers,
    html_join,
    html_template,
    json_script,
    safe,
    safe_join_ascii,
    truncate_chars,
)

REPO = Path(__file__).resolve().parents[2]
DJANGO = engines["django"]


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


def test_a_value_is_escaped_in_content_and_in_attributes():
    link = html_template('<a href="{}" title="{}">{}</a>')
    markup = link('/x?a=1&b="2"', "it's", "<script>alert(1)</script>")
    assert markup == (
        '<a href="/x?a=1&amp;b=&quot;2&quot;" title="it&#x27;s">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    )


def test_markup_built_here_goes_into_a_hole_as_it_is():
    chip = html_template('<span class="chip">{}</span>')
    item = html_template("<li>{}</li>")
    assert item(chip("a&b")) == '<li><span class="chip">a&amp;b</span></li>'


def test_a_plain_string_that_looks_like_markup_is_escaped_in_a_join():
    assert html_join(["<b>", Markup("<i>x</i>")], separator=" & ") == "&lt;b&gt; &amp; <i>x</i>"


@pytest.mark.parametrize(
    "markup",
    [
        "<a href={}>x</a>",  # an unquoted attribute value
        '<{} class="x">',  # a tag name
        '<p class="x" {}>',  # a whole attribute
        "<p class='{}'>",  # single quotes
        '<p class="x"',  # an unfinished tag
    ],
)
def test_a_hole_that_could_open_a_tag_or_an_attribute_is_refused(markup):
    with pytest.raises(ValueError):
        html_template(markup)


def test_only_markup_built_here_is_made_safe():
    with pytest.raises(TypeError):
        safe("<b>not built here</b>")
    assert isinstance(safe(Markup("<b>x</b>")), SafeString)


def test_markup_handed_to_a_template_without_safe_is_escaped_there():
    rendered = DJANGO.from_string("{{ value }}").render({"value": Markup("<b>x</b>")})
    assert rendered == "&lt;b&gt;x&lt;/b&gt;"


def test_json_in_a_script_element_cannot_close_it_and_reads_back_the_same():
    data = {"claim": "</script><script>alert(1)</script> & <!--", "n": 1}
    element = json_script(data, script_type="application/ld+json")
    content = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in content and ">" not in content and "&" not in content
    assert orjson.loads(content) == data


# Against Django's own templates, on any text ------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
VALUE = st.one_of(TEXT, st.integers(), TEXT.map(lambda text: mark_safe(text)))  # noqa: S308


@given(start=st.integers(min_value=0), text=TEXT)
def test_a_segment_is_what_a_django_template_writes(start, text):
    segment = html_template('<span data-offset="{}">{}</span>')
    reference = DJANGO.from_string('<span data-offset="{{ start }}">{{ text }}</span>')
    assert segment(start, text) == reference.render({"start": start, "text": text})


@given(values=st.lists(VALUE, min_size=1, max_size=6))
def test_any_values_fill_the_holes_as_a_django_template_fills_its_variables(values):
    markup = "".join(f'<b title="{{}}">{{}}</b>{index}' for index in range(len(values)))
    template = html_template(markup)
    reference = DJANGO.from_string(
        "".join(f'<b title="{{{{ v{i} }}}}">{{{{ v{i} }}}}</b>{i}' for i in range(len(values)))
    )
    context = {f"v{index}": value for index, value in enumerate(values)}
    doubled = [value for value in values for _ in range(2)]
    assert template(*doubled) == reference.render(context)


@given(texts=st.lists(TEXT, max_size=8), separator=st.sampled_from(["", "\n  ", ", ", "&"]))
def test_a_join_is_what_a_django_loop_writes(texts, separator):
    reference = DJANGO.from_string(
        "{% for text in texts %}{{ text }}{% if not forloop.last %}{{ separator }}{% endif %}"
        "{% endfor %}"
    )
    assert html_join(texts, separator) == reference.render({"texts": texts, "separator": separator})


# mark_safe in exactly one place --------------------------------------------------------------


def _calls(name: str) -> list[str]:
    found = []
    for folder in ("annotations", "sources", "project"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    called = node.func
                    called_name = getattr(called, "id", getattr(called, "attr", None))
                    if called_name == name:
                        found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_mark_safe_is_called_in_one_place_only():
    (call,) = _calls("mark_safe")
    assert call.startswith("project/html.py:")


def test_no_code_makes_safe_strings_or_formats_html_on_its_own():
    assert _calls("SafeString") == []
    assert _calls("format_html") == []


def test_no_template_turns_escaping_off():
    for path in sorted((REPO / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text and "autoescape off" not in text, path


def test_an_integer_hole_writes_digits_and_takes_nothing_else():
    item = html_template('<li id="claim-{:d}" data-offset="{:d}">{}</li>')
    assert item(12, -3, "<b>") == '<li id="claim-12" data-offset="-3">&lt;b&gt;</li>'
    for value in ("12", 1.5, Markup("1"), mark_safe("1")):  # noqa: S308
        with pytest.raises(TypeError):
            item(value, 0, "")


def test_a_list_of_integers_is_markup_of_their_digits():
    assert html_integers([3, 10, 2]) == "3 10 2"
    assert type(html_integers([1])) is Markup
    with pytest.raises(TypeError):
        html_integers([1, "2"])


@given(values=st.lists(TEXT, max_size=6))
def test_an_ascii_join_reads_back_as_the_same_document_in_ascii(values):
    joined = safe_join_ascii(values, separator="·")
    assert joined.isascii() or any("\x80" <= c <= "\x9f" for c in "".join(values))
    assert isinstance(joined, SafeString)
    assert html.unescape(joined) == "·".join(values)


def test_an_ascii_join_writes_characters_beyond_ascii_as_references():
    assert safe_join_ascii(["€5 ✓", Markup("<b>é</b>")]) == "&#8364;5 &#10003;<b>&#233;</b>"


def test_markup_holding_a_c1_control_character_is_left_as_it_is():
    # HTML reads the reference &#128; as "€" (Windows-1252), not as the control character.
    assert safe_join_ascii(["\x80 €"]) == "\x80 €"

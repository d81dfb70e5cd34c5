"""The citation picker's text: the blocks of the cited revision, each element with
`data-offset` holding exactly the canonical text from that offset (static/js/cite_picker.js
maps a selection back to code points with it, as selection.js does on the article page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django import template
from django.utils.safestring import SafeString

from annotations.selectors.citable_articles import TextBlock
from project.html import html_join, html_template, safe

register = template.Library()

_HEADING: Final = html_template(
    '<h3 class="picker__block picker__block--heading" data-offset="{}">{}</h3>'
)
_PARAGRAPH: Final = html_template('<p class="picker__block" data-offset="{}">{}</p>')


@register.simple_tag
def picker_text(blocks: Iterable[TextBlock]) -> SafeString:
    """The blocks with no whitespace between tags, so the text maps exactly to offsets."""
    return safe(
        html_join(
            (_HEADING if block.is_heading else _PARAGRAPH)(block.start, block.text)
            for block in blocks
        )
    )

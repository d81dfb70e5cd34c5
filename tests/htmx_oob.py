"""htmx's out-of-band swaps, applied to a page without a browser: what the page becomes once an
answer made only of `hx-swap-oob` elements is swapped in, so a test can compare it with the page
rendered afresh. The swap styles the app answers with: `true` (the element with the same id,
outer HTML), `outerHTML:<selector>`, and `beforebegin:` / `beforeend:<selector>`, which insert
the oob element's children, as htmx does."""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, Tag


class MissingTarget(AssertionError):
    pass


def oob_elements(answer: str) -> list[Tag]:
    """The answer's top-level elements, each of which must be an out-of-band swap."""
    soup = BeautifulSoup(answer, "html.parser")
    elements = [child for child in soup.children if isinstance(child, Tag)]
    for element in elements:
        if not element.has_attr("hx-swap-oob"):
            raise AssertionError(f"not an out-of-band element: {str(element)[:120]}")
    return elements


def apply_oob(page: str, answer: str) -> BeautifulSoup:
    soup = BeautifulSoup(page, "html.parser")
    for element in oob_elements(answer):
        value = element["hx-swap-oob"]
        del element["hx-swap-oob"]
        style, _, selector = value.partition(":")
        if value == "true":
            style, selector = "outerHTML", f"#{element['id']}"
        target = soup.select_one(selector)
        if target is None:
            raise MissingTarget(f"{value!r}: nothing on the page matches {selector!r}")
        if style == "outerHTML":
            target.replace_with(copy.copy(element))
        elif style == "beforebegin":
            for child in list(element.children):
                target.insert_before(copy.copy(child))
        elif style == "beforeend":
            for child in list(element.children):
                target.append(copy.copy(child))
        else:
            raise AssertionError(f"a swap style the app does not answer with: {value!r}")
    return soup

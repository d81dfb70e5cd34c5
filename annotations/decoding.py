"""Turn the bytes of an uploaded article into a ``str``.

Pure Python, no Django: the caller enforces size limits and decides what to do with
:class:`UnreadableUpload` (its ``reason`` is a stable code, its ``message`` is for people).
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Final, Literal

from charset_normalizer import from_bytes

UnreadableReason = Literal["empty", "binary", "undecodable", "no_text"]

_MESSAGES: Final[dict[UnreadableReason, str]] = {
    "empty": "The file is empty.",
    "binary": "This looks like a binary file (for example a PDF or an image), not text.",
    "undecodable": "The file's text encoding could not be recognised.",
    "no_text": "The file contains no readable text.",
}

# UTF-32 LE's BOM starts with UTF-16 LE's, so the longer marks must be tried first.
_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Most binary formats contain NUL bytes, which are caught separately; signatures catch the
# rest (a PDF can be pure ASCII) and name the common culprits explicitly.
_MAGIC_NUMBERS: Final[tuple[bytes, ...]] = (
    b"%PDF",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",  # ZIP, and so docx, odt, epub
    b"PK\x05\x06",  # empty ZIP
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: legacy .doc, .xls
    b"\x1f\x8b",  # gzip
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x7fELF",
)


class UnreadableUpload(ValueError):
    """The upload cannot be turned into text; ``reason`` says why."""

    def __init__(self, reason: UnreadableReason) -> None:
        self.reason: UnreadableReason = reason
        self.message: str = _MESSAGES[reason]
        super().__init__(self.message)


def decode_upload(data: bytes) -> str:
    """Decode an uploaded text file, stripping any byte order mark.

    Order: byte order mark, then binary sniffing, then strict UTF-8, then detection by
    charset-normalizer. Strict UTF-8 goes first because it is by far the most common
    encoding and detectors misjudge short UTF-8 samples.
    """
    if not data:
        raise UnreadableUpload("empty")
    text = _decode_with_bom(data)
    if text is None:
        if _looks_binary(data):
            raise UnreadableUpload("binary")
        text = _decode_utf8(data)
    if text is None:
        text = _decode_detected(data)
    if not text:
        raise UnreadableUpload("empty")
    if not _has_readable_character(text):
        raise UnreadableUpload("no_text")
    return text


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                # A BOM followed by invalid data is not worth second-guessing.
                raise UnreadableUpload("undecodable") from None
    return None


def _looks_binary(data: bytes) -> bool:
    # Text in single- or multi-byte encodings other than UTF-16/32 never contains NUL.
    return data.startswith(_MAGIC_NUMBERS) or b"\x00" in data


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableUpload("undecodable")
    return str(best)


def _has_readable_character(text: str) -> bool:
    # Category C covers control, format, private-use and unassigned code points.
    return any(
        not char.isspace() and not unicodedata.category(char).startswith("C") for char in text
    )

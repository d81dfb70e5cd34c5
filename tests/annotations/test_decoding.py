import codecs
import random

import pytest

from annotations.decoding import UnreadableUpload, decode_upload

RUSSIAN = (
    "Вчера вечером в нашем городе прошёл сильный дождь. Улицы быстро наполнились водой, "
    "и многие жители остались дома. Утром солнце снова светило над крышами, а дети "
    "побежали в школу через большие лужи."
)
FRENCH = (
    "L'été dernier, nous sommes allés à la mer avec toute la famille. Le matin, "
    "nous prenions un café crème près du port ; l'après-midi, les enfants jouaient "
    "sur la plage pendant que leur grand-mère lisait à l'ombre."
)
MIXED = "Grüße, 東京, مرحبا, 😀 and plain ASCII."


def reason_for(data: bytes) -> str:
    with pytest.raises(UnreadableUpload) as excinfo:
        decode_upload(data)
    return excinfo.value.reason


def test_utf8_without_bom_is_decoded():
    assert decode_upload(MIXED.encode("utf-8")) == MIXED


def test_utf8_with_bom_is_decoded_without_the_bom():
    assert decode_upload(codecs.BOM_UTF8 + MIXED.encode("utf-8")) == MIXED


def test_short_utf8_is_decoded_as_utf8_rather_than_guessed():
    assert decode_upload("Déjà vu.".encode()) == "Déjà vu."


def test_utf16_le_with_bom_is_decoded():
    assert decode_upload(codecs.BOM_UTF16_LE + MIXED.encode("utf-16-le")) == MIXED


def test_utf16_be_with_bom_is_decoded():
    assert decode_upload(codecs.BOM_UTF16_BE + MIXED.encode("utf-16-be")) == MIXED


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
)
def test_utf32_with_bom_is_decoded(bom: bytes, encoding: str):
    assert decode_upload(bom + MIXED.encode(encoding)) == MIXED


def test_windows_1251_russian_text_is_detected():
    assert decode_upload(RUSSIAN.encode("windows-1251")) == RUSSIAN


def test_latin1_french_text_is_detected():
    assert decode_upload(FRENCH.encode("latin-1")) == FRENCH


def test_line_endings_are_left_for_canonicalization():
    assert decode_upload(b"one\r\ntwo\rthree") == "one\r\ntwo\rthree"


def test_empty_file_is_rejected_as_empty():
    assert reason_for(b"") == "empty"


def test_file_holding_only_a_bom_is_rejected_as_empty():
    assert reason_for(codecs.BOM_UTF8) == "empty"


def test_whitespace_only_file_is_rejected_as_having_no_text():
    assert reason_for(b" \r\n\t  \n") == "no_text"


def test_control_characters_only_file_is_rejected_as_having_no_text():
    assert reason_for(b"\x01\x02\x1b \x7f\n") == "no_text"


def test_zero_width_characters_only_file_is_rejected_as_having_no_text():
    assert reason_for("\u200b\u200d\ufeff".encode()) == "no_text"


def test_pdf_magic_bytes_are_rejected_as_binary():
    assert reason_for(b"%PDF-1.7\n%comment\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") == "binary"


def test_png_magic_bytes_are_rejected_as_binary():
    assert reason_for(b"\x89PNG\r\n\x1a\n" + b"IHDR") == "binary"


@pytest.mark.parametrize(
    "header",
    [b"\xff\xd8\xff\xe0JFIF", b"GIF89a", b"PK\x03\x04word/document.xml"],
    ids=["jpeg", "gif", "zip"],
)
def test_other_known_magic_numbers_are_rejected_as_binary(header: bytes):
    assert reason_for(header + b"rest of file") == "binary"


def test_random_bytes_with_nul_bytes_are_rejected_as_binary():
    rng = random.Random(20240101)
    assert reason_for(rng.randbytes(512) + b"\x00" + rng.randbytes(512)) == "binary"


def test_utf16_without_bom_is_rejected_as_binary():
    assert reason_for("Hello there".encode("utf-16-le")) == "binary"


def test_invalid_data_after_a_bom_is_rejected_as_undecodable():
    assert reason_for(codecs.BOM_UTF8 + b"ok \xff\xfe not utf-8") == "undecodable"


def test_unreadable_upload_is_a_value_error_carrying_reason_and_message():
    with pytest.raises(ValueError, match="The file is empty.") as excinfo:
        decode_upload(b"")
    assert isinstance(excinfo.value, UnreadableUpload)
    assert excinfo.value.reason == "empty"
    assert excinfo.value.message == "The file is empty."

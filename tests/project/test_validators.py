"""project/validators.py: the checks the services share."""

import pytest

from project.errors import InvalidInput
from project.validators import refuse_control_characters, refuse_unknown_fields


def test_an_update_naming_only_known_fields_passes():
    refuse_unknown_fields({"name": "x"}, {"name", "domain"}, what="Sources")


def test_an_update_naming_unknown_fields_is_refused_naming_them_all():
    with pytest.raises(InvalidInput) as refused:
        refuse_unknown_fields({"size": 1, "name": "x", "colour": 2}, ("name",), what="Sources")
    assert refused.value.message == "Sources have no field colour, size."


def test_a_control_character_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        refuse_control_characters(note="ok", text="a\x07b")
    assert refused.value.errors == {"text": ["Contains a control character (U+0007); remove it."]}

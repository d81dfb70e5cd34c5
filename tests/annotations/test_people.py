"""A person is named the same everywhere: full name, else username."""

import pytest
from django.template import Context, Template

from annotations.people import display_name, display_name_of
from tests.factories import user_factory


def test_a_person_with_a_full_name_is_called_by_it():
    assert display_name_of(username="mq", first_name="Mara", last_name="Quill") == "Mara Quill"


def test_a_person_without_a_name_is_called_by_their_username():
    assert display_name_of(username="mq", first_name="", last_name="") == "mq"


def test_one_name_alone_is_enough():
    assert display_name_of(username="mq", first_name="", last_name="Quill") == "Quill"


def test_nobody_is_the_system():
    assert display_name(None) == "the system"


@pytest.mark.django_db
def test_a_user_and_the_template_filter_give_the_same_name():
    named, unnamed = user_factory(first_name="Ada", last_name="Byron"), user_factory()
    unnamed.first_name = unnamed.last_name = ""
    template = Template("{{ named|display_name }}/{{ unnamed|display_name }}")
    rendered = template.render(Context({"named": named, "unnamed": unnamed}))
    assert rendered == f"Ada Byron/{unnamed.username}"
    assert rendered == f"{display_name(named)}/{display_name(unnamed)}"

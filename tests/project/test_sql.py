import pytest

from annotations.models import Claim
from project.sql import any_of, int_array
from tests.factories import ClaimFactory, article_with_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    article = article_with_text("Alpha beta gamma delta.")
    return [ClaimFactory(article=article, start=start, end=start + 4) for start in (0, 6, 11)]


def test_any_of_keeps_the_rows_whose_column_holds_one_of_the_values(claims):
    first, second, _ = claims
    found = Claim.objects.filter(any_of(Claim, "id", [first.pk, second.pk, 999_999]))
    assert sorted(found.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


def test_any_of_names_a_foreign_key_by_its_field_and_sends_the_values_as_one_parameter(claims):
    article_id = claims[0].article_id
    found = Claim.objects.filter(any_of(Claim, "article", range(article_id, article_id + 500)))
    assert found.count() == 3
    _, params = found.query.sql_with_params()
    assert params == (int_array(range(article_id, article_id + 500)),)


def test_the_array_is_written_as_one_literal_of_integers_only():
    assert int_array([3, 1, 2]) == "{3,1,2}"
    assert int_array([]) == "{}"
    with pytest.raises(TypeError):
        int_array([1, "2}"])

import pytest

from annotations.anchoring import Span
from annotations.demo_claims import CONTROLLED_TAGS, load_demo_claims
from annotations.models import Claim, Tag
from annotations.roles import Role
from tests.factories import UserFactory, markdown_article

pytestmark = pytest.mark.django_db

FIRST = """# Library hours

The city library will open on Sundays from June, the mayor said on Monday. Visits fell by 14 percent
during the renovation. A new reading room seats 80 people.

## Funding

The change costs 250,000 euros a year because of extra staff. Critics said the money should go to
school libraries instead.
"""
SECOND = """The river festival drew 30,000 visitors, organisers said. Hotels were fully booked for
the weekend. Traffic on the bridge rose by a third compared with last year.

The festival will return next August, the council expects.
"""


@pytest.fixture
def articles():
    return [markdown_article(FIRST), markdown_article(SECOND)]


@pytest.fixture
def editors():
    return [UserFactory(roles=(Role.EDITOR,)), UserFactory(roles=(Role.EDITOR,))]


def test_each_article_gets_three_to_five_draft_claims_on_its_own_sentences(articles, editors):
    load_demo_claims(articles=articles, editors=editors)
    for article in articles:
        claims = list(article.claims.all())
        assert 3 <= len(claims) <= 5
        for claim in claims:
            assert claim.status == "draft"
            assert article.current_revision.text[claim.start : claim.end] == claim.exact


def test_each_article_has_a_pair_of_overlapping_claims(articles, editors):
    load_demo_claims(articles=articles, editors=editors)
    for article in articles:
        spans = [Span(claim.start, claim.end) for claim in article.claims.all()]
        assert any(a != b and a.start < b.end and b.start < a.end for a in spans for b in spans)


def test_demo_claims_are_tagged_and_the_desk_tags_are_controlled(articles, editors):
    claims = load_demo_claims(articles=articles, editors=editors)
    assert all(claim.tags.exists() for claim in claims)
    controlled = set(Tag.objects.filter(is_controlled=True).values_list("name", flat=True))
    assert controlled == set(CONTROLLED_TAGS)


def test_loading_again_adds_no_claims(articles, editors):
    load_demo_claims(articles=articles, editors=editors)
    count = Claim.objects.count()
    assert load_demo_claims(articles=articles, editors=editors) == []
    assert Claim.objects.count() == count

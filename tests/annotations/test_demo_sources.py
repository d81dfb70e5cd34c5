import pytest

from annotations.demo_sources import DEMO_SOURCES, load_demo_sources_and_citations
from sources.models import Citation, Source
from sources.vocabulary import Stance
from tests.factories import ArticleFactory, ClaimFactory, other_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(editor):
    article = ArticleFactory()
    claims = [ClaimFactory(article=article, start=0, end=20), ClaimFactory(article=article)]
    articles = [article, other_article()]
    load_demo_sources_and_citations(claims=claims, articles=articles, editor=editor)
    return claims


def test_demo_sources_are_fictional_and_varied(demo):
    sources = Source.objects.filter(domain__in=[source.domain for source in DEMO_SOURCES])
    assert 6 <= sources.count() <= 8
    assert all(source.domain.endswith((".example", ".example.org")) for source in sources)
    assert len({source.kind for source in sources}) >= 5
    assert len({source.reliability for source in sources}) >= 3


def test_demo_citations_cover_every_stance_on_the_first_claim(demo):
    stances = set(demo[0].citations.values_list("stance", flat=True))
    assert stances == {stance.value for stance in Stance}


def test_the_demo_cites_a_passage_of_another_article(demo):
    passage = Citation.objects.get(cited_revision__isnull=False)
    assert passage.claim == demo[0]
    assert passage.cited_revision.article_id != demo[0].article_id


def test_an_unknown_domain_in_the_demo_gets_an_unrated_source(demo):
    assert Source.objects.filter(reliability="unknown", kind="other").exists()


def test_loading_the_demo_twice_adds_nothing(demo, editor):
    count = Citation.objects.count()
    load_demo_sources_and_citations(claims=demo, articles=[], editor=editor)
    assert Citation.objects.count() == count

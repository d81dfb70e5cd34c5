import pytest

from annotations.demo import load_demo_data
from annotations.demo_seen_before import FOLLOW_UP_CLAIMS, FOLLOW_UP_METADATA, load_demo_seen_before
from annotations.models import Article, Claim, ClaimLink
from annotations.selectors.similarity import similar_to_claim

pytestmark = pytest.mark.django_db


def test_the_demo_follow_up_repeats_library_claims_and_links_the_first():
    load_demo_data()
    follow_up = Article.objects.get(title=FOLLOW_UP_METADATA.title)
    first = Claim.objects.get(article=follow_up, text=FOLLOW_UP_CLAIMS[0])
    (link,) = ClaimLink.objects.filter(claim=first)
    assert link.same_as.exact.startswith("Millbrook Central Library will open on Sundays")
    best = similar_to_claim(claim=first)[0]
    assert (best.pk, best.linked, best.likely_same) == (link.same_as_id, True, True)


def test_loading_the_demo_follow_up_twice_adds_nothing():
    load_demo_data()
    count = Claim.objects.count()
    editor = Article.objects.get(title=FOLLOW_UP_METADATA.title).uploaded_by
    assert load_demo_seen_before(editor=editor) == []
    assert Claim.objects.count() == count

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.anchoring import Span, segments
from annotations.models import ArticleRevision
from annotations.selectors.claims import (
    ClaimFilters,
    ReadingClaim,
    article_reading_view,
    blocks_extent,
    claim_count_on_revision,
    claim_following,
    claim_list,
    claims_for_article,
    claims_overlapping,
    reading_blocks,
    tag_suggestions,
)
from annotations.workflow import ClaimStatus
from sources.selectors.evidence import evidence_summary, summary_of
from tests.factories import (
    ArticleRevisionFactory,
    CitationFactory,
    ClaimFactory,
    TagFactory,
    UserFactory,
    article_with_text,
    many_claims,
    markdown_article,
)

pytestmark = pytest.mark.django_db

TEXT = "Alpha beta gamma delta.\n\nEpsilon zeta eta theta."


@pytest.fixture
def article():
    return article_with_text(TEXT)


def segments_of(view):
    return [
        [(segment.text, segment.claim_ids) for segment in block.segments] for block in view.blocks
    ]


# claims_for_article -------------------------------------------------------------------------


def test_claims_come_in_document_order(article):
    late = ClaimFactory(article=article, start=25, end=32)
    early = ClaimFactory(article=article, start=0, end=5)
    assert [claim.pk for claim in claims_for_article(article=article)] == [early.pk, late.pk]


def test_claims_of_older_revisions_are_left_out(article):
    old = ClaimFactory(article=article, start=0, end=5)
    newer = ArticleRevisionFactory(article=article, text=TEXT + " Iota.")
    article.current_revision = newer
    article.save()
    assert old.pk not in [claim.pk for claim in claims_for_article(article=article)]


def test_claims_come_as_rows_of_what_the_reading_page_shows(article):
    claim = ClaimFactory(article=article, start=0, end=5, text="Alpha", status="submitted")
    assert claims_for_article(article=article) == [
        ReadingClaim(
            pk=claim.pk,
            start=0,
            end=5,
            status="submitted",
            text="Alpha",
            tag_names=(),
            evidence=evidence_summary(claim_id=claim.pk),
        )
    ]


def test_claims_carry_their_evidence_summary(article):
    claim = ClaimFactory(article=article, start=0, end=5)
    CitationFactory(claim=claim, stance="conflicts")
    CitationFactory(claim=claim, stance="context")
    evidence = claims_for_article(article=article)[0].evidence
    assert (evidence.claim_id, evidence.stance_counts) == (claim.pk, (0, 1, 1))


def test_a_claim_without_citations_carries_an_empty_evidence_summary(article):
    claim = ClaimFactory(article=article, start=0, end=5)
    evidence = claims_for_article(article=article)[0].evidence
    assert (evidence.claim_id, evidence.total) == (claim.pk, 0)


def test_claims_carry_the_names_of_their_tags_in_order(article):
    ClaimFactory(article=article, start=0, end=5, tags=[TagFactory(name="b"), TagFactory(name="a")])
    assert claims_for_article(article=article)[0].tag_names == ("a", "b")


def test_a_claim_without_tags_has_no_tag_names(article):
    ClaimFactory(article=article, start=0, end=5)
    assert claims_for_article(article=article)[0].tag_names == ()


def test_claims_for_an_article_take_two_queries_however_many(article, django_assert_num_queries):
    many_claims(article, 50, tags=[TagFactory(), TagFactory()])
    with django_assert_num_queries(2):
        claims = claims_for_article(article=article)
        assert all(len(claim.tag_names) == 2 for claim in claims)


# The reading view ---------------------------------------------------------------------------


def test_text_without_claims_is_one_plain_segment_per_block(article):
    view = article_reading_view(article=article)
    assert segments_of(view) == [
        [("Alpha beta gamma delta.", ())],
        [("Epsilon zeta eta theta.", ())],
    ]


def test_overlapping_claims_both_cover_the_shared_text(article):
    first = ClaimFactory(article=article, start=0, end=10)  # Alpha beta
    second = ClaimFactory(article=article, start=6, end=16)  # beta gamma
    view = article_reading_view(article=article)
    assert segments_of(view)[0] == [
        ("Alpha ", (first.pk,)),
        ("beta", (first.pk, second.pk)),
        (" gamma", (second.pk,)),
        (" delta.", ()),
    ]


def test_a_nested_claim_gives_the_shared_text_its_status(article):
    ClaimFactory(article=article, start=0, end=23)
    ClaimFactory(article=article, start=6, end=10, status=ClaimStatus.SUBMITTED.value)
    segment = article_reading_view(article=article).blocks[0].segments[1]
    assert (segment.text, segment.status, segment.depth) == ("beta", "submitted", 2)


def test_a_claim_across_two_paragraphs_is_highlighted_in_both(article):
    claim = ClaimFactory(article=article, start=17, end=32)  # "delta.\n\nEpsilon"
    view = article_reading_view(article=article)
    assert segments_of(view)[0][-1] == ("delta.", (claim.pk,))
    assert segments_of(view)[1][0] == ("Epsilon", (claim.pk,))


def test_headings_become_h2_to_h4_by_level():
    article = markdown_article("# One\n\n## Two\n\n### Three\n\n#### Four\n\nBody text.")
    tags = [block.tag for block in article_reading_view(article=article).blocks]
    assert tags == ["h2", "h3", "h4", "h4", "p"]


def test_the_reading_view_carries_the_evidence_summary_of_each_claim(article):
    cited = ClaimFactory(article=article, start=0, end=5)
    uncited = ClaimFactory(article=article, start=6, end=10)
    CitationFactory.create_batch(2, claim=cited)
    evidence = {claim.pk: claim.evidence for claim in article_reading_view(article=article).claims}
    assert (evidence[cited.pk].total, evidence[uncited.pk].total) == (2, 0)


def test_a_newer_revision_is_noticed_when_reading_an_older_one(article):
    first = article.current_revision
    ArticleRevisionFactory(article=article, text=TEXT + " Kappa.")
    view = article_reading_view(article=article, revision=first)
    assert view.has_newer_revision
    assert view.latest_revision_number == 2


def test_the_reading_view_takes_the_same_queries_for_1_or_200_claims(
    django_assert_num_queries, article
):
    other = article_with_text(TEXT)
    many_claims(article, 1)
    many_claims(other, 200)
    with django_assert_num_queries(3):
        article_reading_view(article=article)
    with django_assert_num_queries(3):
        article_reading_view(article=other)


# claim_list ---------------------------------------------------------------------------------


def test_the_list_filters_by_article_status_and_creator(article):
    author = UserFactory(username="ines")
    wanted = ClaimFactory(article=article, created_by=author, status="submitted")
    ClaimFactory(article=article, created_by=author)
    ClaimFactory(article=article, status="submitted")
    filters = ClaimFilters(article=article.pk, status=ClaimStatus.SUBMITTED, creator="ines")
    assert list(claim_list(filters)) == [wanted]


def test_the_list_filters_by_tag_in_any_case_without_changing_citation_counts(article):
    tagged = ClaimFactory(article=article, tags=[TagFactory(name="Health"), TagFactory()])
    CitationFactory.create_batch(3, claim=tagged)
    ClaimFactory(article=article)
    (found,) = claim_list(ClaimFilters(tag="health"))
    assert (found, found.citation_count) == (tagged, 3)


def test_the_list_shows_newest_first(article):
    older = ClaimFactory(article=article)
    newer = ClaimFactory(article=article)
    assert list(claim_list(ClaimFilters())) == [newer, older]


# tag_suggestions ----------------------------------------------------------------------------


def test_controlled_tags_are_suggested_first():
    TagFactory(name="economy")
    TagFactory(name="ecology", is_controlled=True)
    assert [tag.name for tag in tag_suggestions("ec")] == ["ecology", "economy"]


def test_tags_starting_with_the_prefix_come_before_those_containing_it():
    TagFactory(name="public health")
    TagFactory(name="health")
    assert [tag.name for tag in tag_suggestions("HEAL")] == ["health", "public health"]


def test_among_free_tags_the_most_used_come_first(article):
    TagFactory(name="rare")
    popular = TagFactory(name="regular")
    ClaimFactory.create_batch(2, article=article, tags=[popular])
    assert [tag.name for tag in tag_suggestions("r")] == ["regular", "rare"]


def test_unmatched_tags_are_not_suggested():
    TagFactory(name="transport")
    assert tag_suggestions("zzz") == []


# What a new claim changes -------------------------------------------------------------------


def test_claims_overlapping_a_span_are_those_sharing_a_character_with_it(article):
    ClaimFactory(article=article, start=0, end=5)  # Alpha
    touching = ClaimFactory(article=article, start=0, end=7)  # Alpha b
    inside = ClaimFactory(article=article, start=6, end=10)  # beta
    ClaimFactory(article=article, start=11, end=16)  # gamma
    rows = claims_overlapping(revision=article.current_revision, span=Span(6, 11))
    assert [row.pk for row in rows] == [touching.pk, inside.pk]


def test_claims_overlapping_leave_out_other_revisions(article):
    ClaimFactory(article=article, start=0, end=5)
    newer = ArticleRevisionFactory(article=article, number=2, text=TEXT + " More.")
    assert claims_overlapping(revision=newer, span=Span(0, 23)) == []


def test_claims_overlapping_take_two_queries_however_many_claims(
    article, django_assert_num_queries
):
    many_claims(article, 50)
    with django_assert_num_queries(2):
        claims_overlapping(revision=article.current_revision, span=Span(0, 23))


def test_the_extent_of_a_span_runs_from_its_first_block_to_its_last(article):
    revision = article.current_revision
    assert blocks_extent(revision, Span(6, 10)) == Span(0, 23)
    assert blocks_extent(revision, Span(17, 32)) == Span(0, 48)
    assert blocks_extent(revision, Span(27, 31)) == Span(25, 48)


def test_blocks_within_a_span_are_only_those_it_touches_cut_as_the_whole_page_cuts_them(article):
    ClaimFactory(article=article, start=0, end=10)
    ClaimFactory(article=article, start=17, end=32)
    revision = article.current_revision
    claims = claims_overlapping(revision=revision, span=blocks_extent(revision, Span(27, 31)))
    [block] = reading_blocks(revision, claims, within=Span(27, 31))
    assert block == article_reading_view(article=article).blocks[1]


def test_the_claim_following_another_is_the_next_in_reading_order(article):
    first = ClaimFactory(article=article, start=0, end=5)
    same_start_longer = ClaimFactory(article=article, start=0, end=10)
    same_span_later = ClaimFactory(article=article, start=0, end=10, text="Another reading")
    later = ClaimFactory(article=article, start=6, end=10)
    assert claim_following(claim=first) == same_start_longer.pk
    assert claim_following(claim=same_start_longer) == same_span_later.pk
    assert claim_following(claim=same_span_later) == later.pk
    assert claim_following(claim=later) is None


def test_the_count_on_a_revision_counts_only_its_claims(article):
    many_claims(article, 3)
    ArticleRevisionFactory(article=article, number=2, text=TEXT + " More.")
    assert claim_count_on_revision(revision=article.current_revision) == 3


# The sweep that cuts the blocks, against the whole text's segments clipped to each block -----

STATUSES = [status.value for status in ClaimStatus]


@st.composite
def blocks_and_claims(draw):
    cuts = sorted(draw(st.sets(st.integers(1, 59), min_size=1, max_size=8)))
    edges = [0, *cuts, 60]
    # Blocks with a gap of two characters or none between them, like "\n\n" between paragraphs.
    blocks = []
    for start, end in itertools.pairwise(edges):
        if end - start > 2 and draw(st.booleans()):
            end -= 2
        blocks.append({"kind": "paragraph", "start": start, "end": end, "level": 0})
    spans = draw(st.lists(st.tuples(st.integers(0, 59), st.integers(1, 30)), max_size=12))
    claims = [
        ReadingClaim(
            pk,
            start,
            min(start + length, 60),
            draw(st.sampled_from(STATUSES)),
            "",
            (),
            summary_of(pk, ()),
        )
        for pk, (start, length) in enumerate(spans, start=1)
    ]
    return blocks, sorted(claims, key=lambda claim: (claim.start, claim.end, claim.pk))


@given(
    case=blocks_and_claims(), within=st.none() | st.tuples(st.integers(0, 59), st.integers(1, 20))
)
def test_blocks_are_cut_as_the_text_s_segments_clipped_to_each_block(case, within):
    blocks, claims = case
    revision = ArticleRevision(text="x" * 60, blocks=blocks)
    span = None if within is None else Span(within[0], min(within[0] + within[1], 60))
    by_pk = {claim.pk: claim for claim in claims}

    def innermost_status(keys):
        # Starts last; of those, ends first; of those, the first marked.
        if not keys:
            return ""
        return by_pk[max(keys, key=lambda pk: (by_pk[pk].start, -by_pk[pk].end, -pk))].status

    expected = []
    pieces = segments(60, [(claim.pk, Span(claim.start, claim.end)) for claim in claims])
    for block in blocks:
        if span is not None and not (block["start"] < span.end and span.start < block["end"]):
            continue
        expected.append(
            [
                (max(piece.start, block["start"]), piece.keys, innermost_status(piece.keys))
                for piece in pieces
                if piece.start < block["end"] and block["start"] < piece.end
            ]
        )
    cut = reading_blocks(revision, claims, within=span)
    assert [[(s.start, s.claim_ids, s.status) for s in block.segments] for block in cut] == expected

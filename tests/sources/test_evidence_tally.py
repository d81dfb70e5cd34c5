"""The evidence tallies (`EvidenceTally`), kept by the triggers of sources migration 0008: after
any write to citations or sources, each claim's tally is what counting its citations gives."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.models import Citation, EvidenceTally, Source
from sources.selectors.evidence import evidence_summary
from sources.vocabulary import Reliability, Stance
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, article_with_text

pytestmark = pytest.mark.django_db

STANCES = [stance.value for stance in Stance]
LEVELS = [level.value for level in Reliability]


def counted(claim_id: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The claim's counts by stance and by reliability, counted from its citations."""
    citations = Citation.objects.filter(claim_id=claim_id).select_related("source")
    stances = tuple(sum(c.stance == stance for c in citations) for stance in STANCES)
    levels = tuple(
        sum((c.source.reliability if c.source else "unknown") == level for c in citations)
        for level in LEVELS
    )
    return stances, levels


def tallied(claim_id: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    summary = evidence_summary(claim_id=claim_id)
    return summary.stance_counts, summary.reliability_counts


def claims(count: int) -> list:
    """`count` claims on one article (articles with the same text are refused)."""
    article = article_with_text("Alpha beta gamma delta epsilon.")
    return [ClaimFactory(article=article, start=index, end=index + 5) for index in range(count)]


@pytest.fixture
def sources():
    return {level: SourceFactory(reliability=level, domain=f"{level}.example") for level in LEVELS}


def test_a_claim_without_citations_has_no_tally():
    claim = ClaimFactory()
    assert not EvidenceTally.objects.filter(claim=claim).exists()
    assert tallied(claim.pk) == ((0, 0, 0), (0, 0, 0, 0))


def test_added_citations_are_tallied_by_stance_and_by_reliability(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="corroborates", source=sources["high"])
    CitationFactory(claim=claim, stance="corroborates", source=sources["low"])
    CitationFactory(claim=claim, stance="context", source=sources["high"])
    assert tallied(claim.pk) == ((2, 0, 1), (2, 0, 1, 0))


def test_a_citation_without_a_source_is_tallied_as_unknown_reliability(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="conflicts", source=None, url="https://example.org/a")
    assert tallied(claim.pk) == ((0, 1, 0), (0, 0, 0, 1))


def test_a_citation_whose_stance_changes_moves_to_its_new_stance(sources):
    citation = CitationFactory(stance="corroborates", source=sources["mixed"])
    citation.stance = "conflicts"
    citation.save()
    assert tallied(citation.claim_id) == ((0, 1, 0), (0, 1, 0, 0))


def test_a_citation_whose_source_changes_moves_to_that_source_s_reliability(sources):
    citation = CitationFactory(source=sources["high"])
    citation.source = sources["low"]
    citation.save()
    assert tallied(citation.claim_id) == ((1, 0, 0), (0, 0, 1, 0))


def test_an_edit_that_changes_neither_stance_nor_source_leaves_the_tally_as_it_was(sources):
    citation = CitationFactory(source=sources["high"])
    citation.note = "Checked again."
    citation.save()
    assert tallied(citation.claim_id) == ((1, 0, 0), (1, 0, 0, 0))


def test_deleted_citations_leave_the_tally(sources):
    claim = ClaimFactory()
    kept = CitationFactory(claim=claim, source=sources["high"])
    CitationFactory(claim=claim, stance="conflicts", source=sources["low"]).delete()
    assert tallied(claim.pk) == ((1, 0, 0), (1, 0, 0, 0))
    kept.delete()
    assert tallied(claim.pk) == ((0, 0, 0), (0, 0, 0, 0))


def test_a_source_whose_reliability_changes_moves_every_claim_s_citations_of_it(sources):
    first, second = claims(2)
    CitationFactory(claim=first, source=sources["mixed"])
    CitationFactory(claim=first, source=sources["mixed"], stance="conflicts")
    CitationFactory(claim=second, source=sources["mixed"])
    CitationFactory(claim=second, source=sources["high"])
    Source.objects.filter(pk=sources["mixed"].pk).update(reliability="low")
    assert tallied(first.pk) == ((1, 1, 0), (0, 0, 2, 0))
    assert tallied(second.pk) == ((2, 0, 0), (1, 0, 1, 0))


def test_a_source_edit_that_keeps_its_reliability_leaves_the_tallies_as_they_were(sources):
    citation = CitationFactory(source=sources["high"])
    Source.objects.filter(pk=sources["high"].pk).update(name="Renamed")
    assert tallied(citation.claim_id) == ((1, 0, 0), (1, 0, 0, 0))


def test_citations_added_in_one_statement_are_tallied_per_claim(sources):
    claim_rows = claims(3)
    Citation.objects.bulk_create(
        Citation(
            claim=claim_rows[index % 3],
            stance=STANCES[index % 3],
            source=sources[LEVELS[index % 4]],
            url=f"https://example.org/{index}",
            created_by=claim_rows[0].created_by,
        )
        for index in range(30)
    )
    for claim in claim_rows:
        assert tallied(claim.pk) == counted(claim.pk)


def test_deleting_a_claim_with_citations_deletes_its_tally(sources):
    claim = CitationFactory(source=sources["high"]).claim
    claim.delete()
    assert not EvidenceTally.objects.filter(claim_id=claim.pk).exists()


def test_the_database_refuses_a_tally_whose_stances_and_reliabilities_disagree(sources):
    claim = CitationFactory(source=sources["high"]).claim
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceTally.objects.filter(claim=claim).update(corroborates=2)
    assert tallied(claim.pk) == ((1, 0, 0), (1, 0, 0, 0))


def test_the_database_refuses_a_negative_count(sources):
    claim = CitationFactory(source=sources["high"]).claim
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceTally.objects.filter(claim=claim).update(corroborates=-1, reliability_high=-1)
    assert tallied(claim.pk) == ((1, 0, 0), (1, 0, 0, 0))


_writes = st.lists(
    st.tuples(
        st.sampled_from(["add", "restance", "resource", "delete", "reliability"]),
        st.integers(0, 2),  # which claim
        st.integers(0, 3),  # which stance or source
    ),
    max_size=12,
)


@settings(max_examples=30, deadline=None)
@given(writes=_writes)
def test_after_any_writes_each_tally_is_what_counting_the_citations_gives(writes):
    levels = [SourceFactory(reliability=level) for level in LEVELS]
    written = claims(3)
    for kind, which_claim, which in writes:
        claim = written[which_claim]
        citation = Citation.objects.filter(claim=claim).order_by("pk").last()
        if kind == "add" or citation is None:
            source = levels[which] if which < 3 else None
            url = f"https://example.org/{which}"
            CitationFactory(claim=claim, stance=STANCES[which % 3], source=source, url=url)
        elif kind == "restance":
            Citation.objects.filter(pk=citation.pk).update(stance=STANCES[which % 3])
        elif kind == "resource":
            Citation.objects.filter(pk=citation.pk).update(source=levels[which])
        elif kind == "delete":
            citation.delete()
        else:
            Source.objects.filter(pk=levels[which].pk).update(reliability=LEVELS[which_claim])
    for claim in written:
        assert tallied(claim.pk) == counted(claim.pk)


# At the same time -----------------------------------------------------------------------------


def _at_once(*writes):
    """Run each write in its own thread and connection, started together."""
    start = threading.Barrier(len(writes))

    def run(write):
        try:
            start.wait(5)
            write()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[write]) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)


@pytest.mark.django_db(transaction=True)
def test_citations_added_to_one_claim_at_the_same_time_are_all_tallied():
    source = SourceFactory(reliability="high")
    claim = ClaimFactory()

    def add(number):
        def write():
            with transaction.atomic():
                for index in range(5):
                    CitationFactory(
                        claim=claim, source=source, url=f"https://example.org/{number}/{index}"
                    )

        return write

    _at_once(*(add(number) for number in range(4)))
    assert tallied(claim.pk) == ((20, 0, 0), (20, 0, 0, 0)) == counted(claim.pk)


@pytest.mark.django_db(transaction=True)
def test_a_citation_added_while_its_source_s_reliability_changes_is_tallied_under_the_new_one():
    source = SourceFactory(reliability="high")
    claim = ClaimFactory()
    CitationFactory(claim=claim, source=source, url="https://example.org/first")
    changed = threading.Event()

    def change_reliability():
        with transaction.atomic():
            Source.objects.filter(pk=source.pk).update(reliability="low")
            changed.set()
            threading.Event().wait(0.3)  # the citation's insert waits for this to commit

    def add_citation():
        changed.wait(5)
        CitationFactory(claim=claim, source=source, url="https://example.org/second")

    _at_once(change_reliability, add_citation)
    assert tallied(claim.pk) == ((2, 0, 0), (0, 0, 2, 0)) == counted(claim.pk)

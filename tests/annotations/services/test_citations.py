import datetime

import pytest
from django.utils import timezone

from annotations.roles import Role
from annotations.services.citations import citation_create, citation_delete, citation_update
from annotations.workflow import ClaimStatus
from project.errors import Conflict, InvalidInput, NotAllowed, PreconditionFailed
from sources.models import Citation, Source
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    claim_in,
    other_article,
)

pytestmark = pytest.mark.django_db


def cite(user, claim, **values):
    values.setdefault("stance", "corroborates")
    if "cited_revision" not in values:
        values.setdefault("url", "https://stats.example/report")
    return citation_create(user=user, claim=claim, **values)


# Web evidence ---------------------------------------------------------------------------------


def test_an_editor_cites_a_web_page(editor):
    claim = ClaimFactory()
    citation = cite(
        editor,
        claim,
        url="https://stats.example/annual",
        title="Annual port statistics",
        quote="Volumes rose by 12 percent.",
        location="Table 3",
        accessed_on=datetime.date(2024, 5, 2),
        archive_url="https://archive.example.org/stats",
        note="The primary source.",
    )
    citation.refresh_from_db()
    assert (citation.stance, citation.url, citation.created_by) == (
        "corroborates",
        "https://stats.example/annual",
        editor,
    )
    assert citation.source.domain == "stats.example"


def test_citing_links_the_known_source_of_the_domain(editor):
    source = SourceFactory(domain="ons.gov.example")
    citation = cite(editor, ClaimFactory(), url="https://data.ons.gov.example/series")
    assert citation.source == source


def test_citing_an_unknown_domain_adds_its_source(editor):
    citation = cite(editor, ClaimFactory(), url="https://www.brand-new.example/a")
    assert Source.objects.get(domain="brand-new.example") == citation.source


def test_adding_evidence_makes_the_editor_a_contributor(editor):
    claim = ClaimFactory()
    cite(editor, claim)
    assert editor in claim.contributors.all()


def test_adding_evidence_bumps_the_claim_version(editor):
    claim = ClaimFactory()
    cite(editor, claim)
    assert claim.version == 2
    claim.refresh_from_db()
    assert claim.version == 2


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://f.example/x"])
def test_a_citation_with_a_non_web_address_is_refused(editor, url):
    claim = ClaimFactory()
    with pytest.raises(InvalidInput) as refused:
        cite(editor, claim, url=url)
    assert "Only http and https" in refused.value.errors["url"][0]
    assert not Citation.objects.exists()


def test_an_archive_address_follows_the_same_rules(editor):
    with pytest.raises(InvalidInput) as refused:
        cite(editor, ClaimFactory(), archive_url="javascript:void(0)")
    assert list(refused.value.errors) == ["archive_url"]


def test_an_unknown_stance_is_refused(editor):
    with pytest.raises(InvalidInput) as refused:
        cite(editor, ClaimFactory(), stance="agrees")
    assert "stance" in refused.value.errors


def test_evidence_needs_a_url_or_a_passage(editor):
    with pytest.raises(InvalidInput, match="Give the URL"):
        citation_create(user=editor, claim=ClaimFactory(), stance="context")


def test_an_access_date_in_the_future_is_refused(editor):
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(InvalidInput) as refused:
        cite(editor, ClaimFactory(), accessed_on=next_week)
    assert "future" in refused.value.errors["accessed_on"][0]


def test_todays_access_date_is_accepted(editor):
    citation = cite(editor, ClaimFactory(), accessed_on=timezone.localdate())
    assert citation.accessed_on == timezone.localdate()


def test_a_too_long_title_is_refused(editor):
    with pytest.raises(InvalidInput) as refused:
        cite(editor, ClaimFactory(), title="t" * 501)
    assert "title" in refused.value.errors


def test_a_failed_citation_leaves_no_source_behind(editor):
    with pytest.raises(InvalidInput):
        cite(editor, ClaimFactory(), url="https://new.example/a", title="t" * 501)
    assert not Source.objects.filter(domain="new.example").exists()


# Who may, and when ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["reader", "reviewer", "admin_user"])
def test_only_editors_add_evidence(request, fixture):
    user = request.getfixturevalue(fixture)
    with pytest.raises(NotAllowed):
        cite(user, ClaimFactory())


@pytest.mark.parametrize(
    "status",
    [ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.VERIFIED, ClaimStatus.REJECTED],
)
def test_evidence_of_a_claim_out_of_the_editors_hands_is_frozen(editor, status):
    claim = claim_in(status, citations=0)
    with pytest.raises(Conflict) as refused:
        cite(editor, claim)
    assert refused.value.current == status.value
    assert refused.value.allowed == ["changes_requested", "draft"]
    assert "Reopen the claim" in refused.value.message


def test_evidence_may_be_added_when_changes_were_requested(editor):
    claim = claim_in(ClaimStatus.CHANGES_REQUESTED, citations=0)
    assert cite(editor, claim).pk


def test_evidence_of_a_verified_claim_cannot_be_changed(editor):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    with pytest.raises(Conflict):
        citation_update(user=editor, citation=citation, data={"note": "Later thoughts."})


def test_evidence_of_a_verified_claim_cannot_be_removed(editor):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    with pytest.raises(Conflict):
        citation_delete(user=editor, citation=citation)
    assert Citation.objects.filter(pk=citation.pk).exists()


# Passages of other articles -------------------------------------------------------------------


def test_an_editor_cites_a_passage_of_another_article(editor):
    claim = ClaimFactory()
    cited = other_article(url="https://docks.example/news/1")
    revision = cited.current_revision
    citation = cite(
        editor,
        claim,
        stance="conflicts",
        cited_revision=revision,
        cited_start=0,
        cited_end=12,
        cited_exact="Dock workers",
    )
    assert (citation.cited_revision, citation.cited_exact, citation.url) == (
        revision,
        "Dock workers",
        "",
    )
    assert citation.source.domain == "docks.example"


def test_the_quote_of_a_passage_may_be_left_out(editor):
    revision = other_article().current_revision
    citation = cite(editor, ClaimFactory(), cited_revision=revision, cited_start=0, cited_end=4)
    assert citation.cited_exact == "Dock"


def test_a_quote_that_does_not_match_the_passage_is_refused(editor):
    revision = other_article().current_revision
    with pytest.raises(InvalidInput) as refused:
        cite(
            editor,
            ClaimFactory(),
            cited_revision=revision,
            cited_start=0,
            cited_end=12,
            cited_exact="Port workers",
        )
    assert "does not match" in refused.value.errors["cited_exact"][0]


def test_a_passage_beyond_the_text_is_refused(editor):
    revision = other_article().current_revision
    with pytest.raises(InvalidInput, match="beyond the end"):
        cite(editor, ClaimFactory(), cited_revision=revision, cited_start=5, cited_end=100_000)


def test_a_passage_of_the_claims_own_article_is_refused(editor):
    claim = ClaimFactory()
    with pytest.raises(InvalidInput) as refused:
        cite(editor, claim, cited_revision=claim.revision, cited_start=30, cited_end=40)
    assert "claim's own article" in refused.value.errors["cited_revision"][0]


def test_a_passage_and_a_url_together_are_refused(editor):
    revision = other_article().current_revision
    with pytest.raises(InvalidInput, match="not both"):
        cite(
            editor,
            ClaimFactory(),
            url="https://x.example/",
            cited_revision=revision,
            cited_start=0,
            cited_end=4,
        )


def test_a_passage_takes_no_title_of_its_own(editor):
    revision = other_article().current_revision
    with pytest.raises(InvalidInput) as refused:
        cite(
            editor,
            ClaimFactory(),
            cited_revision=revision,
            cited_start=0,
            cited_end=4,
            title="My title",
        )
    assert "title" in refused.value.errors


# Editing and removing -------------------------------------------------------------------------


def test_editing_evidence_relinks_its_source_when_the_url_moves(editor):
    citation = CitationFactory()
    updated = citation_update(
        user=editor, citation=citation, data={"url": "https://elsewhere.example/a"}
    )
    assert updated.source.domain == "elsewhere.example"
    assert updated.version == 2


def test_editing_evidence_checks_it_as_a_whole(editor):
    citation = CitationFactory()
    with pytest.raises(InvalidInput):
        citation_update(user=editor, citation=citation, data={"url": "ftp://x.example/"})
    citation.refresh_from_db()
    assert citation.url.startswith("https://")


def test_editing_evidence_bumps_the_claim_and_records_the_editor(editor):
    citation = CitationFactory()
    citation_update(user=editor, citation=citation, data={"stance": "context"})
    claim = citation.claim
    claim.refresh_from_db()
    assert claim.version == 2
    assert editor in claim.contributors.all()


def test_a_stale_edit_is_refused(editor):
    citation = CitationFactory()
    with pytest.raises(PreconditionFailed):
        citation_update(
            user=editor,
            citation=citation,
            data={"note": "x"},
            expected_version=citation.version + 1,
        )


def test_removing_evidence_deletes_it_and_bumps_the_claim(editor):
    citation = CitationFactory()
    citation_delete(user=editor, citation=citation)
    assert not Citation.objects.filter(pk=citation.pk).exists()
    citation.claim.refresh_from_db()
    assert citation.claim.version == 2


def test_a_reviewer_may_not_remove_evidence():
    reviewer = UserFactory(roles=(Role.REVIEWER,))
    with pytest.raises(NotAllowed):
        citation_delete(user=reviewer, citation=CitationFactory())

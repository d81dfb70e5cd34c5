"""Writes on sources by hand: add, change, delete, and who may."""

import pytest

from annotations.roles import Role
from annotations.services.sources import source_create, source_delete, source_update
from project.errors import Conflict, InvalidInput, NotAllowed, PreconditionFailed
from sources.models import Source
from tests.factories import CitationFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


# Creating sources -----------------------------------------------------------------------------


def test_an_editor_creates_a_source_with_a_normalised_domain(editor):
    source = source_create(user=editor, name="Port News", domain="WWW.Port-News.example:443")
    assert source.domain == "port-news.example"
    assert source.reliability == "unknown"


def test_the_domain_is_taken_from_the_homepage_when_not_given(editor):
    source = source_create(user=editor, name="Port News", homepage="https://www.port.example/")
    assert source.domain == "port.example"


def test_a_second_source_for_the_same_domain_is_refused(editor):
    SourceFactory(name="Port News", domain="port.example")
    with pytest.raises(Conflict, match="“Port News” already has the domain port.example"):
        source_create(user=editor, name="Port Daily", domain="www.PORT.example")


def test_a_source_needs_a_domain_or_homepage(editor):
    with pytest.raises(InvalidInput) as refused:
        source_create(user=editor, name="Nameless")
    assert "domain" in refused.value.errors


def test_a_homepage_with_another_scheme_is_refused(editor):
    with pytest.raises(InvalidInput) as refused:
        source_create(user=editor, name="Files", homepage="ftp://files.example/")
    assert "homepage" in refused.value.errors


def test_a_reader_may_not_create_sources(reader):
    with pytest.raises(NotAllowed):
        source_create(user=reader, name="Port News", domain="port.example")


def test_a_reviewer_may_not_create_sources(reviewer):
    with pytest.raises(NotAllowed):
        source_create(user=reviewer, name="Port News", domain="port.example")


def test_an_editor_may_not_rate_a_new_source(editor):
    with pytest.raises(NotAllowed, match="Only administrators"):
        source_create(
            user=editor,
            name="Port News",
            domain="port.example",
            reliability="high",
            reliability_reason="Trusted.",
        )


def test_an_admin_rates_a_new_source_with_a_reason(admin_user):
    source = source_create(
        user=admin_user,
        name="Port News",
        domain="port.example",
        reliability="low",
        reliability_reason="Published invented figures twice.",
    )
    assert (source.reliability, source.reliability_reason) == (
        "low",
        "Published invented figures twice.",
    )


def test_a_rating_without_a_reason_is_refused(admin_user):
    with pytest.raises(InvalidInput) as refused:
        source_create(user=admin_user, name="Port", domain="port.example", reliability="high")
    assert "reliability_reason" in refused.value.errors


# Updating and deleting ------------------------------------------------------------------------


def test_an_editor_renames_a_source_and_its_version_moves_on(editor):
    source = SourceFactory(name="port.example", domain="port.example", reliability="unknown")
    updated = source_update(user=editor, source=source, data={"name": "Port News"})
    assert (updated.name, updated.version) == ("Port News", 2)


def test_an_editor_may_not_change_the_reliability(editor):
    source = SourceFactory(reliability="unknown")
    with pytest.raises(NotAllowed):
        source_update(
            user=editor,
            source=source,
            data={"reliability": "high", "reliability_reason": "Looks fine."},
        )
    source.refresh_from_db()
    assert source.reliability == "unknown"


def test_an_editor_may_send_the_unchanged_reliability(editor):
    source = SourceFactory(reliability="high", reliability_reason="Official statistics.")
    source_update(user=editor, source=source, data={"name": "Renamed", "reliability": "high"})
    source.refresh_from_db()
    assert source.name == "Renamed"


def test_an_admin_changes_the_reliability(admin_user):
    source = SourceFactory(reliability="high", reliability_reason="Official.")
    source_update(
        user=admin_user,
        source=source,
        data={"reliability": "mixed", "reliability_reason": "Two retractions this year."},
    )
    source.refresh_from_db()
    assert source.reliability == "mixed"


def test_moving_a_source_onto_a_taken_domain_is_refused(editor):
    SourceFactory(domain="taken.example")
    source = SourceFactory(domain="free.example")
    with pytest.raises(Conflict):
        source_update(user=editor, source=source, data={"domain": "taken.example"})


def test_a_stale_version_is_refused(editor):
    source = SourceFactory()
    with pytest.raises(PreconditionFailed):
        source_update(user=editor, source=source, data={"name": "X"}, expected_version=7)


def test_an_unknown_field_is_refused(editor):
    with pytest.raises(InvalidInput, match="no field colour"):
        source_update(user=editor, source=SourceFactory(), data={"colour": "red"})


def test_an_admin_deletes_an_uncited_source(admin_user):
    source = SourceFactory()
    source_delete(user=admin_user, source=source)
    assert not Source.objects.filter(pk=source.pk).exists()


def test_a_cited_source_is_not_deleted(admin_user):
    citation = CitationFactory()
    with pytest.raises(Conflict, match="cited by 1 citation"):
        source_delete(user=admin_user, source=citation.source)


def test_an_editor_may_not_delete_sources(editor):
    with pytest.raises(NotAllowed):
        source_delete(user=editor, source=SourceFactory())


def test_a_superuser_counts_as_an_admin():
    superuser = UserFactory(is_superuser=True, roles=(Role.EDITOR,))
    source_delete(user=superuser, source=SourceFactory())

"""Every free-text field has a length limit, held by the services, the API and the database."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from annotations.anchoring import TextPositionSelector
from annotations.models import Claim
from annotations.services.citations import citation_create
from annotations.services.claims import claim_create
from project.errors import InvalidInput
from project.limits import CLAIM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH
from sources.models import Citation
from tests.factories import CitationFactory, ClaimFactory, article_with_text

pytestmark = pytest.mark.django_db

TEXT = "Rents rose 7 percent in the city last year.\n\nRents in the suburbs rose 3 percent."


def _position(phrase: str) -> dict:
    start = TEXT.index(phrase)
    return {"type": "TextPositionSelector", "start": start, "end": start + len(phrase)}


def test_a_claim_text_over_the_limit_is_a_400_naming_the_limit(editor_client):
    article = article_with_text(TEXT)
    body = {
        "article": article.pk,
        "selector": _position("Rents rose 7 percent"),
        "text": "x" * (CLAIM_TEXT_MAX_LENGTH + 1),
    }
    response = editor_client.post(reverse("api-claim-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert f"{CLAIM_TEXT_MAX_LENGTH}" in response.json()["errors"]["text"][0]
    assert not Claim.objects.exists()


def test_a_note_over_the_limit_is_refused_by_the_service_with_the_field_named(editor):
    article = article_with_text(TEXT)
    start = TEXT.index("Rents rose")
    with pytest.raises(InvalidInput) as refused:
        claim_create(
            user=editor,
            article=article,
            position=TextPositionSelector(start, start + 10),
            note="n" * (NOTE_MAX_LENGTH + 1),
        )
    assert f"At most {NOTE_MAX_LENGTH:,} characters" in refused.value.errors["note"][0]
    assert not Claim.objects.exists()


def test_a_quote_longer_than_a_claim_may_be_becomes_its_text_cut_at_a_word(editor):
    long_text = "word " * 1000 + "end."
    article = article_with_text(long_text)
    claim = claim_create(
        user=editor, article=article, position=TextPositionSelector(0, len(long_text))
    )
    assert len(claim.text) <= CLAIM_TEXT_MAX_LENGTH
    assert claim.text.endswith("word…")


def test_a_citation_quote_over_the_limit_is_refused_and_nothing_is_stored(editor):
    claim = ClaimFactory(created_by=editor)
    with pytest.raises(InvalidInput) as refused:
        citation_create(
            user=editor,
            claim=claim,
            stance="corroborates",
            url="https://example.org/report",
            quote="q" * (NOTE_MAX_LENGTH + 1),
        )
    assert "quote" in refused.value.errors
    assert not Citation.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("text", CLAIM_TEXT_MAX_LENGTH), ("note", NOTE_MAX_LENGTH), ("verdict_note", NOTE_MAX_LENGTH)],
)
def test_the_database_refuses_a_claim_field_over_its_limit(field, limit):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError, match=f"claim_{field}_max_length"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**{field: "x" * (limit + 1)})


@pytest.mark.parametrize("field", ["quote", "note"])
def test_the_database_refuses_a_citation_field_over_its_limit(field):
    citation = CitationFactory()
    with pytest.raises(IntegrityError, match=f"citation_{field}_max_length"), transaction.atomic():
        Citation.objects.filter(pk=citation.pk).update(**{field: "x" * (NOTE_MAX_LENGTH + 1)})


def test_the_api_schema_documents_the_limits():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    claim_input = schema["components"]["schemas"]["ClaimCreateRequest"]["properties"]
    assert claim_input["text"]["maxLength"] == CLAIM_TEXT_MAX_LENGTH
    assert claim_input["note"]["maxLength"] == NOTE_MAX_LENGTH

"""What the export sends as a URL parses as a URI: by an RDF library (rdflib, which refuses to
write an IRI with characters like `<` or `{`) and by `urllib.parse`."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit, urlunsplit

import orjson
import pytest
from django.urls import reverse
from rdflib import URIRef

from annotations.roles import Role
from annotations.services.citations import citation_create
from annotations.services.review import claim_submit, claim_take, claim_verify
from tests.factories import OwnArticleClaimFactory, PasswordlessUserFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("api-export-claims")
TYPED = 'https://data.example.org/tables/<2024>/"final"{v2}|x^y`z/straße?q=ü#süd'


def _urls(value: object) -> list[str]:
    """Every string in a JSON document that is an http(s) URL."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls(item)]
    return [value] if isinstance(value, str) and value.startswith(("http://", "https://")) else []


def _parses_as_a_uri(url: str) -> bool:
    try:
        URIRef(url).n3()  # rdflib raises for an IRI it cannot write as N-Triples/Turtle
    except Exception:  # noqa: BLE001 - rdflib raises a bare Exception
        return False
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and urlunsplit(parts) == url


def test_a_url_as_typed_would_not_parse():
    assert not _parses_as_a_uri(TYPED)


@pytest.fixture
def claim_citing_an_awkward_url():
    """A claim taken through the workflow with a citation whose URL was typed as `TYPED`."""
    editor = PasswordlessUserFactory(roles=(Role.EDITOR,))
    reviewer = PasswordlessUserFactory(roles=(Role.REVIEWER,))
    claim = OwnArticleClaimFactory(created_by=editor)
    citation_create(
        user=editor, claim=claim, stance="corroborates", url=TYPED, archive_url=TYPED + "&a"
    )
    claim = claim_submit(user=editor, claim=claim)
    claim = claim_take(user=reviewer, claim=claim)
    return claim_verify(user=reviewer, claim=claim, verdict="true")


@pytest.mark.parametrize("export_format", ["json", "jsonld", "claimreview", "ndjson", "csv"])
def test_every_exported_url_parses_as_a_uri(
    reader_client, claim_citing_an_awkward_url, export_format
):
    response = reader_client.get(EXPORT, {"format": export_format})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode())))
        urls = [url for row in rows for cell in row.values() for url in cell.split("; ")]
        urls = [url for url in urls if url.startswith("http")]
    elif export_format == "ndjson":
        urls = [url for line in body.splitlines() for url in _urls(orjson.loads(line))]
    else:
        urls = _urls(orjson.loads(body))
    if export_format != "claimreview":  # ClaimReview names the review and the article only
        assert any("data.example.org" in url for url in urls)
    assert [url for url in urls if not _parses_as_a_uri(url)] == []

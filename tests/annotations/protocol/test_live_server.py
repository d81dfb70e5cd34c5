"""The protocol over a real socket, spoken by an independent HTTP client (`requests`): the
server's headers as a client library parses them, HEAD without a body, and a whole
create-read-replace-delete cycle with entity tags."""

from __future__ import annotations

import pytest
import requests
from requests.utils import parse_header_links
from rest_framework.authtoken.models import Token

from annotations.roles import Role
from tests.annotations.protocol.conftest import ANNOTATION_TYPE, QUOTE
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

LDP = "http://www.w3.org/ns/ldp#"


@pytest.fixture
def session(transactional_db) -> requests.Session:
    editor = UserFactory(roles=(Role.EDITOR,), password=None)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.create(user=editor).key}"
    return session


@pytest.fixture
def article(transactional_db):
    return ArticleFactory()


def _links(response: requests.Response) -> list[tuple[str, str]]:
    return [(link["url"], link["rel"]) for link in parse_header_links(response.headers["Link"])]


def test_a_client_reads_the_containers_links_types_and_etag(live_server, session, article):
    ClaimFactory(article=article)
    response = session.get(f"{live_server.url}/annotations/", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == ANNOTATION_TYPE
    links = _links(response)
    assert (f"{LDP}BasicContainer", "type") in links
    assert ("http://www.w3.org/TR/annotation-protocol/", f"{LDP}constrainedBy") in links
    constraints = [
        url for url, rel in links if rel == f"{LDP}constrainedBy" and live_server.url in url
    ]
    assert requests.get(constraints[0], timeout=10).status_code == 200
    assert response.headers["ETag"].startswith('"')
    body = response.json()
    assert body["id"] == response.headers["Content-Location"] == f"{live_server.url}/annotations/"
    assert body["total"] == 1


def test_head_answers_the_headers_of_get_without_a_body(live_server, session, article):
    claim = ClaimFactory(article=article)
    url = f"{live_server.url}/annotations/{claim.pk}"
    get, head = session.get(url, timeout=10), session.head(url, timeout=10)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Link"] == get.headers["Link"] == f'<{LDP}Resource>; rel="type"'


def test_options_names_the_methods(live_server, session, article):
    claim = ClaimFactory(article=article)
    response = session.options(f"{live_server.url}/annotations/{claim.pk}", timeout=10)
    assert response.status_code == 200
    methods = {method.strip() for method in response.headers["Allow"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}


def test_create_read_replace_and_delete_over_http(live_server, session, article):
    document = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "canonical": "urn:uuid:live",
        "body": {"type": "TextualBody", "purpose": "describing", "value": "Cargo grew 12%."},
        "target": {
            "source": f"{live_server.url}/articles/{article.pk}/",
            "selector": {"type": "TextQuoteSelector", "exact": QUOTE},
        },
    }
    headers = {"Content-Type": ANNOTATION_TYPE, "Slug": "live"}
    created = session.post(
        f"{live_server.url}/annotations/", json=document, headers=headers, timeout=10
    )
    assert created.status_code == 201
    location = created.headers["Location"]
    assert location == f"{live_server.url}/annotations/live"

    read = session.get(location, timeout=10)
    assert read.json() == created.json()
    assert read.headers["ETag"] == created.headers["ETag"]
    assert (
        session.get(
            location, headers={"If-None-Match": read.headers["ETag"]}, timeout=10
        ).status_code
        == 304
    )

    changed = read.json()
    changed["body"] = {
        "type": "TextualBody",
        "purpose": "describing",
        "value": "Cargo grew by 12%.",
    }
    replace = {"Content-Type": ANNOTATION_TYPE, "If-Match": read.headers["ETag"]}
    replaced = session.put(location, json=changed, headers=replace, timeout=10)
    assert replaced.status_code == 200
    assert replaced.json()["body"][0]["value"] == "Cargo grew by 12%."
    assert session.put(location, json=changed, headers=replace, timeout=10).status_code == 412

    stale = session.delete(location, headers={"If-Match": read.headers["ETag"]}, timeout=10)
    assert stale.status_code == 412
    deleted = session.delete(location, headers={"If-Match": replaced.headers["ETag"]}, timeout=10)
    assert deleted.status_code == 204
    assert session.get(location, timeout=10).status_code == 410  # its name is never given again

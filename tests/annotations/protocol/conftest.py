"""The annotation containers' tests share an article, its claims and clients for each role."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import ArticleFactory, ClaimFactory

ANNOTATION_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CONTAINER = "/annotations/"
VERIFIED = "/annotations/verified/"
QUOTE = "cargo volumes rose by 12 percent"


@pytest.fixture
def article(editor):
    return ArticleFactory(uploaded_by=editor)


@pytest.fixture
def draft(article, editor):
    return ClaimFactory(article=article, created_by=editor, start=4, end=20)


@pytest.fixture
def editor_token(editor) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=editor).key}"}


def new_annotation(article, **overrides) -> dict[str, object]:
    """A W3C annotation that marks QUOTE in `article` (the factories' text), by its page URL."""
    document: dict[str, object] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "value": "Cargo rose 12% in 2024."},
            {"type": "TextualBody", "purpose": "tagging", "value": "shipping"},
        ],
        "target": {
            "source": f"http://testserver/articles/{article.pk}/",
            "selector": {"type": "TextQuoteSelector", "exact": QUOTE},
        },
    }
    return document | overrides


def send(client: Client, method: str, path: str, document: object, **headers):
    """`document` as JSON-LD (a str is sent as it is), with the given headers."""
    body = document if isinstance(document, str) else json.dumps(document)
    headers.setdefault("content_type", ANNOTATION_TYPE)
    return getattr(client, method)(path, body, **headers)

"""Who may open what: every route of the URLconf, for every kind of visitor, with exactly the
answer each must get. A route missing from the table fails the suite, so a new page or endpoint
cannot ship without deciding who may use it.

Visitors: anonymous, a signed-in user with no role (`reader`), an editor, a reviewer, an admin,
and the `author` of the claims in question (an editor and reviewer who marked them: the
four-eyes rule keeps them from reviewing their own claims). One world for the module, built
inside a transaction the module rolls back; every request runs in a savepoint rolled back after
it, so a write one visitor makes never changes what the next one sees.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from annotations.models import Claim, ClaimLink
from annotations.roles import Role
from annotations.services.articles import ArticleContent, article_revision_create
from annotations.workflow import ClaimStatus, Verdict
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

VISITORS = ("anonymous", "reader", "editor", "reviewer", "admin", "author")
LOGIN = "login"  # a redirect to the login page
ADMIN_ROUTES = "admin"  # the Django admin's routes, one entry for all of them

OTHER_ARTICLE_TEXT = "The pier reopened on Saturday after a winter of repairs to its deck."
CORRECTED_ARTICLE_TEXT = "The ferry resumed on Saturday after the storm damaged its ramp."


# Expectations -------------------------------------------------------------------------------


def answers(default: int | str, **by_visitor: int | str) -> dict[str, int | str]:
    return {visitor: by_visitor.get(visitor, default) for visitor in VISITORS}


def page(status: int = 200, **by_visitor: int | str) -> dict[str, int | str]:
    """A page for anyone signed in; anonymous visitors are sent to the login page."""
    return answers(status, anonymous=LOGIN, **by_visitor)


def api(status: int = 200, **by_visitor: int | str) -> dict[str, int | str]:
    """An API endpoint: anonymous clients get 401 (with `WWW-Authenticate: Token`)."""
    return answers(status, anonymous=401, **by_visitor)


def only(ok: int, *allowed: str, refused: int = 403, anonymous: int | str = 401) -> dict:
    return {
        visitor: (anonymous if visitor == "anonymous" else ok if visitor in allowed else refused)
        for visitor in VISITORS
    }


EDITORS = ("editor", "author")
UPLOADERS = ("editor", "admin", "author")
REVIEWERS_NOT_AUTHOR = ("reviewer",)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # formatted with the world's ids
    expected: dict[str, int | str]
    data: dict | None = None
    json: bool = True
    headers: dict[str, str] = field(default_factory=dict)


def get(path: str, expected: dict, **kwargs) -> Case:
    return Case("get", path, expected, **kwargs)


def post(path: str, expected: dict, data: dict | None = None, **kwargs) -> Case:
    return Case("post", path, expected, data or {}, **kwargs)


def form(path: str, expected: dict, data: dict | None = None) -> Case:
    return Case("post", path, expected, data or {}, json=False)


CLAIM_BODY = {
    "article": "{article}",
    "selector": {"type": "TextPositionSelector", "start": 4, "end": 20},
    "allow_duplicate": True,  # the span of the world's draft, kept as a second claim on purpose
}
CITATION_BODY = {"stance": "context", "url": "https://example.org/permissions"}


def annotation_body(start: int, end: int) -> dict:
    """A W3C annotation marking [start, end) of the world's article."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "permissions"},
        "target": {
            "source": "/articles/{article}/",
            "selector": {"type": "TextPositionSelector", "start": start, "end": end},
        },
    }


ANY = answers(200)

TABLE: dict[str, list[Case]] = {
    # Signing in and out, health, the admin ------------------------------------------------
    "login": [get("/login/", answers(302, anonymous=200))],
    "logout": [
        get("/logout/", answers(405, anonymous=LOGIN)),
        form("/logout/", answers(302)),
    ],
    "healthz": [get("/healthz", ANY)],
    # Everyone signed in changes their own password (an empty form is a 200 with errors).
    "password_change": [get("/password/", page()), form("/password/", page())],
    "password_change_done": [get("/password/changed/", page())],
    # Any /api/ address no endpoint matches: a problem-details 404 for everyone.
    "article-title-suggestion": [
        form("/articles/new/title/", only(200, *UPLOADERS, anonymous=LOGIN), {"text": "A text."})
    ],
    "api-not-found": [get("/api/v1/no-such-endpoint/", answers(404))],
    ADMIN_ROUTES: [
        get("/admin/", page(403, admin=200)),
        get("/admin/annotations/tag/", page(403, admin=200)),
        get("/admin/login/", answers(302)),
    ],
    # API documents ------------------------------------------------------------------------
    "api-schema": [get("/api/v1/schema/", api())],
    # Served by DRF: an anonymous browser gets 401, not the login page.
    "api-docs": [get("/api/v1/docs/", api())],
    "api-redoc": [get("/api/v1/redoc/", api())],
    "api-me": [get("/api/v1/me/", api())],
    # Articles API -------------------------------------------------------------------------
    "api-article-list": [
        get("/api/v1/articles/", api()),
        post("/api/v1/articles/", only(201, *UPLOADERS), {"text": "A new article to upload."}),
    ],
    "api-article-detail": [
        get("/api/v1/articles/{article}/", api()),
        Case("delete", "/api/v1/articles/{other_article}/", only(204, "admin")),
    ],
    "api-article-revisions": [
        get("/api/v1/articles/{article}/revisions/", api()),
        post(
            "/api/v1/articles/{article}/revisions/",
            only(201, *UPLOADERS),
            {"text": "A corrected text."},
        ),
    ],
    "api-article-revision-detail": [get("/api/v1/articles/{article}/revisions/1/", api())],
    # Claims API ---------------------------------------------------------------------------
    "api-claim-list": [
        get("/api/v1/claims/", api()),
        post("/api/v1/claims/", only(201, *EDITORS), CLAIM_BODY),
    ],
    "api-claim-detail": [
        get("/api/v1/claims/{draft}/", api()),
        Case("patch", "/api/v1/claims/{draft}/", only(200, *EDITORS), {"note": "Checked."}),
        Case("put", "/api/v1/claims/{draft}/", only(200, *EDITORS), CLAIM_BODY),
        Case("delete", "/api/v1/claims/{draft}/", only(204, *EDITORS)),
    ],
    "api-claim-submit": [post("/api/v1/claims/{draft}/submit/", only(200, *EDITORS))],
    "api-claim-take": [post("/api/v1/claims/{submitted}/take/", only(200, "reviewer"))],
    "api-claim-verify": [
        post("/api/v1/claims/{in_review}/verify/", only(200, "reviewer"), {"verdict": "mixed"})
    ],
    "api-claim-request-changes": [
        post(
            "/api/v1/claims/{in_review}/request-changes/",
            only(200, "reviewer"),
            {"comment": "Add the source."},
        )
    ],
    "api-claim-reject": [
        post("/api/v1/claims/{in_review}/reject/", only(200, "reviewer"), {"reason": "Opinion."})
    ],
    "api-claim-reopen": [post("/api/v1/claims/{verified}/reopen/", only(200, "reviewer"))],
    "api-claim-hand-back": [post("/api/v1/claims/{in_review}/hand-back/", only(200, "reviewer"))],
    "api-claim-history": [get("/api/v1/claims/{verified}/history/", api())],
    "api-claim-similar": [get("/api/v1/claims/{draft}/similar/", api())],
    "api-claim-links": [
        get("/api/v1/claims/{draft}/links/", api()),
        post("/api/v1/claims/{draft}/links/", only(201, *EDITORS), {"same_as": "{elsewhere}"}),
        post("/api/v1/claims/{verified}/links/", only(409, *EDITORS), {"same_as": "{elsewhere}"}),
    ],
    "api-claim-link-detail": [
        Case("delete", "/api/v1/claims/{draft}/links/{linked}/", only(204, *EDITORS)),
    ],
    "api-review-next": [
        # The author may review, but only claims of others: none is waiting for them.
        post("/api/v1/review/next/", only(200, "reviewer", "author") | {"author": 204})
    ],
    # Export -------------------------------------------------------------------------------
    "api-export-claims": [get("/api/v1/export/claims/", api())],
    "api-claim-jsonld": [
        get("/api/v1/claims/{verified}.jsonld", api()),
        get("/api/v1/claims/{draft}.jsonld", api(404)),
    ],
    "factcheck-detail": [
        get("/factchecks/{verified}/", ANY),
        get("/factchecks/{draft}/", answers(404)),
    ],
    # W3C Web Annotation Protocol: the containers and their annotations --------------------
    "annotation-container": [
        get("/annotations/", api()),
        post("/annotations/", only(201, *EDITORS), annotation_body(100, 120)),
    ],
    "annotation-container-verified": [
        get("/annotations/verified/", api()),
        post("/annotations/verified/", api(405), annotation_body(100, 120)),
    ],
    "annotation-detail": [
        get("/annotations/{draft}", api()),
        get("/annotations/{verified}", api()),
        Case("put", "/annotations/{draft}", only(200, *EDITORS), annotation_body(4, 20)),
        Case("put", "/annotations/{verified}", only(409, *EDITORS), annotation_body(70, 86)),
        Case("delete", "/annotations/{draft}", only(204, *EDITORS)),
        Case("delete", "/annotations/{submitted}", only(409, *EDITORS)),
    ],
    "annotation-constraints": [get("/annotation-protocol/constraints/", ANY)],
    # Sources and citations API ------------------------------------------------------------
    "api-source-list": [
        get("/api/v1/sources/", api()),
        post(
            "/api/v1/sources/",
            only(201, *UPLOADERS),
            {"name": "Tide tables", "domain": "tides.example.org"},
        ),
    ],
    "api-source-detail": [
        get("/api/v1/sources/{source}/", api()),
        Case("patch", "/api/v1/sources/{source}/", only(200, *UPLOADERS), {"kind": "academic"}),
        # The world's source is rated: its name, domain and homepage are the admins' (issue 17).
        Case("patch", "/api/v1/sources/{source}/", only(200, "admin"), {"name": "Renamed"}),
        Case(
            "patch",
            "/api/v1/sources/{source}/",
            only(200, "admin"),
            {"reliability": "low", "reliability_reason": "Corrections are rare."},
        ),
        Case("delete", "/api/v1/sources/{free_source}/", only(204, "admin")),
        Case("delete", "/api/v1/sources/{source}/", only(409, "admin")),
    ],
    "api-claim-citation-list": [
        get("/api/v1/claims/{draft}/citations/", api()),
        post("/api/v1/claims/{draft}/citations/", only(201, *EDITORS), CITATION_BODY),
        post("/api/v1/claims/{verified}/citations/", only(409, *EDITORS), CITATION_BODY),
    ],
    "api-claim-citation-detail": [
        get("/api/v1/claims/{draft}/citations/{citation}/", api()),
        Case(
            "patch",
            "/api/v1/claims/{draft}/citations/{citation}/",
            only(200, *EDITORS),
            {"note": "Page 4."},
        ),
        Case(
            "put",
            "/api/v1/claims/{draft}/citations/{citation}/",
            only(200, *EDITORS),
            CITATION_BODY,
        ),
        Case("delete", "/api/v1/claims/{draft}/citations/{citation}/", only(204, *EDITORS)),
    ],
    # Pages: home, articles ----------------------------------------------------------------
    "home": [get("/", page())],
    "article-list": [get("/articles/", page())],
    "article-upload": [
        get("/articles/new/", only(200, *UPLOADERS, anonymous=LOGIN)),
        form("/articles/new/", only(302, *UPLOADERS, anonymous=LOGIN), {"text": "Pasted text."}),
    ],
    "article-revision-upload": [
        get("/articles/{article}/revisions/new/", only(200, *UPLOADERS, anonymous=LOGIN)),
    ],
    "article-revisions": [
        get("/articles/{article}/revisions/", page(405)),
        form(
            "/articles/{article}/revisions/",
            only(302, *UPLOADERS, anonymous=LOGIN),
            {"text": "The corrected text of the article."},
        ),
    ],
    "article-delete": [
        get("/articles/{other_article}/delete/", only(200, "admin", anonymous=LOGIN)),
        form("/articles/{other_article}/delete/", only(302, "admin", anonymous=LOGIN)),
    ],
    "article-detail": [get("/articles/{article}/", page())],
    # Pages: claims ------------------------------------------------------------------------
    "claim-create": [
        get("/articles/{article}/claims/", page(405)),
        form(
            "/articles/{article}/claims/",
            only(302, *EDITORS, anonymous=LOGIN),
            # The span of the world's draft: kept as a second claim on purpose.
            {"start": 4, "end": 20, "exact": "{exact}", "allow_duplicate": "on"},
        ),
    ],
    "claim-detail": [get("/claims/{draft}/", page())],
    "claim-edit": [
        get("/claims/{draft}/edit/", only(200, *EDITORS, anonymous=LOGIN)),
        form("/claims/{draft}/edit/", only(302, *EDITORS, anonymous=LOGIN), {"text": "Edited."}),
    ],
    "claim-span": [
        get("/claims/{draft}/span/", page(405)),
        form(
            "/claims/{draft}/span/",
            only(302, *EDITORS, anonymous=LOGIN),
            {"start": 0, "end": 20, "exact": "{exact_start}"},
        ),
    ],
    "claim-delete": [
        get("/claims/{draft}/delete/", only(200, *EDITORS, anonymous=LOGIN)),
        form("/claims/{draft}/delete/", only(302, *EDITORS, anonymous=LOGIN)),
    ],
    "tag-suggestions": [get("/tags/suggestions/?q=ec", page())],
    "article-seen-before": [get("/articles/{article}/seen-before/?exact=pier", page())],
    "claim-link": [
        get("/claims/{draft}/links/", page(405)),
        form(
            "/claims/{draft}/links/",
            only(302, *EDITORS, anonymous=LOGIN),
            {"same_as": "{elsewhere}"},
        ),
        form(
            "/claims/{verified}/links/",
            only(409, *EDITORS, anonymous=LOGIN),
            {"same_as": "{elsewhere}"},
        ),
    ],
    "claim-unlink": [
        form("/claims/{draft}/links/{linked}/delete/", only(302, *EDITORS, anonymous=LOGIN)),
    ],
    "claim-reuse-evidence": [
        # Reusing needs a verified claim linked to it: the draft's link is to a draft.
        form(
            "/claims/{in_review}/reuse-evidence/{verified}/",
            only(409, "reviewer", anonymous=LOGIN) | {"editor": 409, "author": 409},
        ),
    ],
    # Pages: corrections -------------------------------------------------------------------
    "corrections-queue": [get("/corrections/", page())],
    "article-corrections": [get("/articles/{corrected_article}/revisions/2/corrections/", page())],
    "claim-correction-confirm": [
        get("/claims/{changed}/correction/confirm/", page(405)),
        form("/claims/{changed}/correction/confirm/", only(302, *EDITORS, anonymous=LOGIN)),
    ],
    "claim-correction-keep": [
        form("/claims/{changed}/correction/keep/", only(302, *EDITORS, anonymous=LOGIN)),
    ],
    # Pages: review ------------------------------------------------------------------------
    "review-queue": [get("/review/", page())],
    "review-mine": [get("/review/mine/", page())],
    "review-changes": [get("/review/changes/", page())],
    "review-verified": [get("/review/verified/", page())],
    "review-dashboard": [get("/review/dashboard/", page())],
    "review-take-next": [
        get("/review/next/", page(405)),
        form("/review/next/", only(302, "reviewer", "author", anonymous=LOGIN)),
    ],
    "review-claim": [get("/review/claims/{submitted}/", page())],
    "review-claim-action": [
        form("/review/claims/{submitted}/take/", only(302, "reviewer", anonymous=LOGIN)),
        form(
            "/review/claims/{in_review}/reject/",
            only(302, "reviewer", anonymous=LOGIN),
            {"reason": "Not checkable."},
        ),
        form("/review/claims/{draft}/submit/", only(302, *EDITORS, anonymous=LOGIN)),
        form("/review/claims/{in_review}/hand-back/", only(302, "reviewer", anonymous=LOGIN)),
        form("/review/claims/{draft}/release/", page(404)),
    ],
    # Pages: sources and citations ---------------------------------------------------------
    "source-list": [get("/sources/", page())],
    "source-detail": [get("/sources/{source}/", page())],
    "source-create": [
        get("/sources/new/", only(200, *UPLOADERS, anonymous=LOGIN)),
        form(
            "/sources/new/",
            only(302, *UPLOADERS, anonymous=LOGIN),
            {"name": "Harbour board", "kind": "other", "domain": "board.example.org"},
        ),
    ],
    "claim-evidence": [get("/sources/claims/{draft}/evidence/", page(302))],
    "citation-create": [
        get("/sources/claims/{draft}/citations/new/", only(200, *EDITORS, anonymous=LOGIN)),
        form(
            "/sources/claims/{draft}/citations/new/",
            only(302, *EDITORS, anonymous=LOGIN),
            CITATION_BODY,
        ),
    ],
    "citation-edit": [
        get("/sources/citations/{citation}/edit/", only(200, *EDITORS, anonymous=LOGIN)),
        form(
            "/sources/citations/{citation}/edit/",
            only(302, *EDITORS, anonymous=LOGIN),
            CITATION_BODY,
        ),
    ],
    "citation-delete": [
        get("/sources/citations/{citation}/delete/", only(200, *EDITORS, anonymous=LOGIN)),
        form("/sources/citations/{citation}/delete/", only(302, *EDITORS, anonymous=LOGIN)),
    ],
    "citation-article-picker": [
        get("/sources/cite/claim/{draft}/", only(200, *EDITORS, anonymous=LOGIN)),
    ],
}


# The URLconf --------------------------------------------------------------------------------


def _route_names(patterns, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if namespace == "admin" or str(pattern.pattern).startswith("admin/"):
                yield ADMIN_ROUTES
            else:
                yield pattern.name or str(pattern.pattern)


def test_every_route_of_the_urlconf_is_in_the_table():
    routes = set(_route_names(get_resolver().url_patterns))
    missing = sorted(routes - set(TABLE))
    assert not missing, f"Add these routes to TABLE, with who may use them: {missing}"
    assert not sorted(set(TABLE) - routes), "TABLE lists routes that no longer exist"


# The world ----------------------------------------------------------------------------------


@dataclass
class World:
    clients: dict[str, Client]
    ids: dict[str, object]


def _world() -> World:
    users = {
        "reader": UserFactory(password=None),
        "editor": UserFactory(roles=(Role.EDITOR,), password=None),
        "reviewer": UserFactory(roles=(Role.REVIEWER,), password=None),
        "admin": UserFactory(roles=(Role.ADMIN,), password=None),
        "author": UserFactory(roles=(Role.EDITOR, Role.REVIEWER), password=None),
    }
    author, reviewer = users["author"], users["reviewer"]
    article = ArticleFactory(uploaded_by=author)
    other_article = ArticleFactory(uploaded_by=author, text=OTHER_ARTICLE_TEXT)
    now = timezone.now()

    def claim(status: ClaimStatus, start: int, **fields) -> Claim:
        made = ClaimFactory(
            article=article,
            created_by=author,
            start=start,
            end=start + 16,
            status=status.value,
            **fields,
        )
        CitationFactory(claim=made)
        return made

    draft = claim(ClaimStatus.DRAFT, 4)
    elsewhere, linked = (
        ClaimFactory(article=other_article, created_by=author, start=start, end=start + 10)
        for start in (0, 20)
    )
    ClaimLink.objects.create(claim=draft, same_as=linked, created_by=author)
    submitted = claim(ClaimStatus.SUBMITTED, 30, submitted_at=now)
    in_review = claim(
        ClaimStatus.IN_REVIEW, 50, submitted_at=now, assigned_to=reviewer, assigned_at=now
    )
    verified = claim(
        ClaimStatus.VERIFIED,
        70,
        submitted_at=now,
        verdict=Verdict.TRUE.value,
        verified_by=reviewer,
        verified_at=now,
    )
    corrected_article = ArticleFactory(uploaded_by=author, text=CORRECTED_ARTICLE_TEXT)
    changed = ClaimFactory(article=corrected_article, created_by=author, start=4, end=30)
    article_revision_create(
        user=author,
        article=corrected_article,
        content=ArticleContent(CORRECTED_ARTICLE_TEXT.replace("Saturday", "Sunday"), "text"),
    )
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    text = article.current_revision.text
    ids = {
        "article": article.pk,
        "other_article": other_article.pk,
        "corrected_article": corrected_article.pk,
        "changed": changed.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "in_review": in_review.pk,
        "verified": verified.pk,
        "elsewhere": elsewhere.pk,
        "linked": linked.pk,
        "citation": draft.citations.get().pk,
        "source": draft.citations.get().source_id,
        "free_source": SourceFactory().pk,
        "exact": text[4:20],
        "exact_start": text[0:20],
    }
    return World(clients, ids)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# The table, asked -----------------------------------------------------------------------------


def _filled(value, ids: dict[str, object]):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: _filled(item, ids) for key, item in value.items()}
    return value


def _ask(client: Client, case: Case, ids: dict[str, object]):
    path = _filled(case.path, ids)
    data = _filled(case.data, ids)
    send: Callable = getattr(client, case.method)
    # A savepoint per request, and the cookies put back: what one visitor writes (signing out
    # included), the next request does not see.
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if case.method == "get":
            response = send(path)
        elif case.json:
            response = send(path, data or {}, content_type="application/json")
        else:
            response = send(path, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _matches(response, expected: int | str) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "/login/" in response["Location"]
    return response.status_code == expected


CASES = [
    pytest.param(name, case, id=f"{name}-{case.method}-{index}")
    for name, cases in TABLE.items()
    for index, case in enumerate(cases)
]


@pytest.mark.parametrize(("name", "case"), CASES)
def test_each_visitor_gets_exactly_the_allowed_answer(db, world, name, case):
    wrong = []
    for visitor in VISITORS:
        response = _ask(world.clients[visitor], case, world.ids)
        expected = case.expected[visitor]
        if not _matches(response, expected):
            wrong.append(f"{visitor}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{case.method.upper()} {case.path}: " + "; ".join(wrong)

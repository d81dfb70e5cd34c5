"""Every page that shows what people typed, opened in Chromium with the whole hostile corpus in
it at once: no payload runs, no dialog opens, no element is injected, the Content-Security-Policy
never has to block anything, and the strings are shown as text.

The API and page tests prove that the services store these strings exactly; here they are
inserted in bulk (seconds matter in a browser test): an article whose text holds every string
(and one uploaded as HTML), a claim per string with it as text, note and tag, and a verified
claim carrying a citation per string (title, quote, location, note, on a source named after
it) and a review history with every string as a comment.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from annotations.models import Article, Claim, ReviewEvent, Tag
from annotations.roles import Role
from annotations.services.articles import ArticleContent, ArticleMetadata, article_upload
from annotations.workflow import ClaimStatus, Verdict
from sources.models import Citation, Source
from tests.factories import UserFactory
from tests.security.browser_watch import BrowserWatch, squeezed
from tests.security.hostile_strings import BROWSER_CORPUS, XSS, must_be_refused

STORED = [value for value in BROWSER_CORPUS if not must_be_refused(value)]
HEADLINE = '<img src=x onerror="window.__xss=1"><b id="injected">Ferry</b> "record" \u202eeulav'
# A page shows short strings whole (lists shorten long ones): these must appear as text.
SHOWN_WHOLE = [value for value in STORED if len(value) <= 100]
STANCES = ("corroborates", "conflicts", "context")


@dataclass
class HostileWorld:
    desk: User
    article: Article
    html_article: Article
    showcase: Claim
    draft: Claim
    citation: Citation
    source: Source


def _fit(value: str, limit: int) -> str:
    """The string as a field of `limit` characters stores it (never blank)."""
    return " ".join(value.split())[:limit].strip() or "blank"


def _claims(article: Article, editor: User) -> list[Claim]:
    """A draft claim per string, each on its own paragraph of the article."""
    revision = article.current_revision
    text = revision.text
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            revision=revision,
            start=block["start"],
            end=block["end"],
            exact=text[block["start"] : block["end"]],
            prefix=text[max(0, block["start"] - 32) : block["start"]],
            suffix=text[block["end"] : block["end"] + 32],
            text=value,
            note=value,
            created_by=editor,
        )
        for block, value in zip(revision.blocks, STORED, strict=False)
    )
    names = {_fit(value, 60).lower(): _fit(value, 60) for value in STORED}
    tags = {
        tag.name.lower(): tag
        for tag in Tag.objects.bulk_create(Tag(name=n) for n in names.values())
    }
    Claim.tags.through.objects.bulk_create(
        Claim.tags.through(claim_id=claim.pk, tag_id=tags[_fit(claim.text, 60).lower()].pk)
        for claim in claims
    )
    Claim.contributors.through.objects.bulk_create(
        Claim.contributors.through(claim_id=claim.pk, user_id=editor.pk) for claim in claims
    )
    return claims


def _citations(claim: Claim, editor: User) -> list[Citation]:
    sources = Source.objects.bulk_create(
        Source(
            name=_fit(value, 200),
            domain=f"source{index}.example.org",
            reliability="mixed",
            reliability_reason=value,
        )
        for index, value in enumerate(STORED)
    )
    return Citation.objects.bulk_create(
        Citation(
            claim=claim,
            stance=STANCES[index % len(STANCES)],
            source=source,
            url=f"https://{source.domain}/report",
            title=value[:500],
            quote=value,
            location=value[:200],
            note=value,
            created_by=editor,
        )
        for index, (source, value) in enumerate(zip(sources, STORED, strict=True))
    )


def _verified_with_every_string_in_its_history(
    claim: Claim, *, editor: User, reviewer: User
) -> None:
    """Review events submit → take → request changes → submit … → verify, each comment a string
    of the corpus, then the claim as verified."""
    submit = (editor, "submit", ClaimStatus.DRAFT, ClaimStatus.SUBMITTED)
    rounds = itertools.cycle(
        [
            (reviewer, "take", ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW),
            (reviewer, "request_changes", ClaimStatus.IN_REVIEW, ClaimStatus.CHANGES_REQUESTED),
            (editor, "submit", ClaimStatus.CHANGES_REQUESTED, ClaimStatus.SUBMITTED),
        ]
    )
    steps = [submit, *itertools.islice(rounds, len(STORED) - 1)]
    while steps[-1][3] is not ClaimStatus.IN_REVIEW:
        steps.pop()
    events = [
        ReviewEvent(
            claim=claim,
            actor=actor,
            action=action,
            from_status=source.value,
            to_status=target.value,
            comment=value,
        )
        for (actor, action, source, target), value in zip(steps, STORED, strict=False)
    ]
    events.append(
        ReviewEvent(
            claim=claim,
            actor=reviewer,
            action="verify",
            from_status=ClaimStatus.IN_REVIEW.value,
            to_status=ClaimStatus.VERIFIED.value,
            verdict=Verdict.MIXED.value,
            comment=XSS[0],
        )
    )
    ReviewEvent.objects.bulk_create(events)
    # Straight to verified: the transition guard watches updates of the status column only
    # when they skip the diagram, and this one follows it.
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED.value, submitted_at=now)
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.IN_REVIEW.value, assigned_to=reviewer, assigned_at=now
    )
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.VERIFIED.value,
        verdict=Verdict.MIXED.value,
        verdict_note=XSS[0],
        verified_by=reviewer,
        verified_at=now,
        assigned_to=None,
        assigned_at=None,
    )


def _hostile_world() -> HostileWorld:
    editor = UserFactory(roles=(Role.EDITOR,), first_name=XSS[2], last_name=XSS[14])
    reviewer = UserFactory(roles=(Role.REVIEWER,), first_name=XSS[0], last_name=XSS[7])
    desk = UserFactory(roles=(Role.EDITOR, Role.REVIEWER, Role.ADMIN), first_name=XSS[20])
    article = article_upload(
        user=editor,
        content=ArticleContent(text="\n\n".join(STORED), source_format="text"),
        metadata=ArticleMetadata(
            title=HEADLINE,
            publisher=XSS[15],
            author=XSS[16],
            url="https://example.org/report?q=%22%3E%3Cb%20id=injected%3E",
        ),
    )
    html_article = article_upload(
        user=editor,
        content=ArticleContent(
            text="<p>Every hostile string as HTML.</p>"
            + "".join(f"<p>{value}</p>" for value in STORED),
            source_format="html",
        ),
        metadata=ArticleMetadata(title=XSS[8]),
    )
    claims = _claims(article, editor)
    showcase, draft = claims[0], claims[1]
    citations = _citations(showcase, editor)
    _verified_with_every_string_in_its_history(showcase, editor=editor, reviewer=reviewer)
    draft_citation = Citation.objects.create(
        claim=draft,
        stance="context",
        url="https://example.org/x",
        title=XSS[14],
        quote=XSS[18],
        created_by=editor,
    )
    now = timezone.now()
    # Half the claims wait in the review queue.
    Claim.objects.filter(pk__in=[claim.pk for claim in claims[2 : len(claims) // 2]]).update(
        status=ClaimStatus.SUBMITTED.value, submitted_at=now
    )
    return HostileWorld(
        desk=desk,
        article=article,
        html_article=html_article,
        showcase=showcase,
        draft=draft,
        citation=draft_citation,
        source=citations[0].source,
    )


def _missing(watch: BrowserWatch, path: str, expected: list[str]) -> None:
    shown = watch.main_text()
    for value in expected:
        if squeezed(value) not in shown:
            watch.problems.append(f"{path}: does not show {value[:60]!r} as text")


@pytest.fixture
def hostile_world(transactional_db) -> HostileWorld:
    return _hostile_world()


def test_pages_show_hostile_strings_as_inert_text(page, sign_in, hostile_world):
    world = hostile_world
    watch = BrowserWatch(page)
    sign_in(world.desk)
    watch.note("sign-in")

    showcase = world.showcase.pk
    pages_showing_everything = {
        f"/articles/{world.article.pk}/": SHOWN_WHOLE,
        f"/claims/{showcase}/": SHOWN_WHOLE,
        f"/review/claims/{showcase}/": SHOWN_WHOLE,
        f"/factchecks/{showcase}/": SHOWN_WHOLE,
    }
    for path, expected in pages_showing_everything.items():
        watch.visit(path)
        _missing(watch, path, expected)

    for path in [
        f"/articles/{world.html_article.pk}/",
        "/articles/",
        "/articles/?q=injected+script",
        f"/articles/{world.article.pk}/?reanchor={world.draft.pk}",
        f"/claims/{world.draft.pk}/",
        f"/claims/{world.draft.pk}/edit/",
        f"/sources/citations/{world.citation.pk}/edit/",
        "/review/",
        "/review/verified/",
        "/review/dashboard/",
        "/sources/",
        "/sources/?q=%3Cb",
        f"/sources/{world.source.pk}/",
        "/",
        "/api/v1/export/claims/?format=json",
        "/api/v1/export/claims/?format=jsonld",
        "/api/v1/export/claims/?format=claimreview",
        f"/api/v1/claims/{showcase}.jsonld",
        f"/api/v1/claims/{showcase}/history/?format=json",
    ]:
        watch.visit(path)

    page.context.clear_cookies()  # the public fact-check page, as an anonymous reader sees it
    watch.visit(f"/factchecks/{showcase}/")
    _missing(watch, "anonymous fact check", SHOWN_WHOLE)
    watch.assert_clean()

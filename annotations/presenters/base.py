"""What every export format shares: the site that absolute links point into, time stamps, and
the buffering of streamed output."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from django.conf import settings

from project.routes import path_with_segment

STREAM_CHUNK_BYTES: Final = 64 * 1024


ANNOTATION_CONTEXT: Final = "http://www.w3.org/ns/anno.jsonld"


@dataclass(frozen=True)
class Site:
    """Where the export is published: the base of absolute links, and the fact-checking
    organisation that signs the ClaimReviews."""

    base_url: str
    organization_name: str
    organization_url: str
    # Reversing a URL costs more than presenting the rest of a claim: once per route, then fill.
    _paths: dict[str, Callable[[str], str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def at(cls, base_url: str) -> Site:
        base_url = base_url.rstrip("/")
        return cls(
            base_url=base_url,
            organization_name=settings.FACTCHECK_ORGANIZATION_NAME,
            organization_url=settings.FACTCHECK_ORGANIZATION_URL or base_url,
        )

    def absolute(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def _link(self, route_name: str, segment: int | str) -> str:
        if route_name not in self._paths:
            self._paths[route_name] = path_with_segment(route_name)
        return f"{self.base_url}{self._paths[route_name](str(segment))}"

    def factcheck_url(self, claim_id: int) -> str:
        """The public page of a fact-check: no login needed."""
        return self._link("factcheck-detail", claim_id)

    def annotation_url(self, claim_id: int, slug: str = "") -> str:
        """The claim's IRI as a W3C Web Annotation: in the `/annotations/` container, named by
        the slug its client chose, or by its id."""
        return self._link("annotation-detail", slug or claim_id)

    def sample_links(self) -> tuple[str, ...]:
        """One link of each kind a claim's record holds, for a sample id: they change with the
        site's address and the URL configuration, and so does every record."""
        return (self.factcheck_url(0), self.annotation_url(0), self.article_url(0))

    def article_url(self, article_id: int) -> str:
        """The article's page in the app (for signed-in users)."""
        return self._link("article-detail", article_id)


def timestamp(moment: datetime, *, precise: bool = True) -> str:
    """ISO 8601 in UTC with a Z; to the microsecond unless `precise` is off."""
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="microseconds" if precise else "seconds").replace("+00:00", "Z")


def buffered(pieces: Iterable[bytes], size: int = STREAM_CHUNK_BYTES) -> Iterator[bytes]:
    """Join small pieces into chunks of about `size` bytes: fewer, larger writes to the socket."""
    buffer: list[bytes] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield b"".join(buffer)

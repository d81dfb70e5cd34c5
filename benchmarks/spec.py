"""What the benchmark's data set holds: the full size `make bench` measures, and a tiny one for
the test suite, built by the same code (benchmarks/dataset.py). No Django imports: the stamp is
compared before Django starts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace

from annotations.workflow import ClaimStatus

DATASET_VERSION = 1
"""Raise when the builder changes what it builds: a stored data set with another stamp is
rebuilt."""


@dataclass(frozen=True)
class DatasetSpec:
    articles: int = 100
    min_chars: int = 5_000
    max_chars: int = 50_000
    verified_claims: int = 100_000
    """Verified claims in the whole data set: exactly what a full export serves."""
    other_claims: tuple[tuple[ClaimStatus, int], ...] = (
        (ClaimStatus.DRAFT, 2_000),
        (ClaimStatus.SUBMITTED, 4_000),
        (ClaimStatus.IN_REVIEW, 2_000),
        (ClaimStatus.CHANGES_REQUESTED, 2_000),
        (ClaimStatus.REJECTED, 2_000),
    )
    """Claims in the other states, spread over the articles with the verified ones."""
    citations: int = 300_000
    heavy_claims: int = 1_000
    heavy_chars: int = 25_000
    sources: int = 250
    tags: int = 40
    controlled_tags: int = 10
    editors: int = 20
    reviewers: int = 16
    writers: int = 8
    seed: int = 2024

    def scaled(self, factor: int) -> DatasetSpec:
        """`factor` times the articles, claims and citations (the heavy article, the people,
        sources and tags stay as they are): `make bench BENCH_ARGS="--scale 10"`."""
        if factor == 1:
            return self
        return replace(
            self,
            articles=self.articles * factor,
            verified_claims=self.verified_claims * factor,
            other_claims=tuple((status, count * factor) for status, count in self.other_claims),
            citations=self.citations * factor,
        )

    @property
    def stamp(self) -> str:
        """Identifies what this spec builds with this version of the builder."""
        material = json.dumps([DATASET_VERSION, asdict(self)], sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()[:16]


FULL = DatasetSpec()
TINY = DatasetSpec(
    articles=3,
    min_chars=2_000,
    max_chars=4_000,
    verified_claims=120,
    other_claims=(
        (ClaimStatus.DRAFT, 10),
        (ClaimStatus.SUBMITTED, 20),
        (ClaimStatus.IN_REVIEW, 10),
        (ClaimStatus.CHANGES_REQUESTED, 10),
        (ClaimStatus.REJECTED, 10),
    ),
    citations=400,
    heavy_claims=60,
    heavy_chars=3_000,
    sources=5,
    tags=6,
    controlled_tags=2,
    editors=2,
    reviewers=2,
    writers=1,
)
"""Small enough for the test suite; built by the same code as FULL."""

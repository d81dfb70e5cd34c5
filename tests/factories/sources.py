"""Sources and citations: of web pages, and of passages of other articles."""

from __future__ import annotations

import factory

from tests.factories.articles import other_article


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Source"
        django_get_or_create = ("domain",)

    name = factory.Sequence(lambda n: f"Statistics Office {n}")
    domain = factory.Sequence(lambda n: f"stats{n}.example.gov")
    homepage = factory.LazyAttribute(lambda o: f"https://{o.domain}/")
    kind = "government_agency"
    reliability = "high"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Citation"

    # By path: the claims module builds claims with citations, so it imports this one.
    claim = factory.SubFactory("tests.factories.claims.ClaimFactory")
    stance = "corroborates"
    source = factory.SubFactory(SourceFactory)
    url = factory.LazyAttribute(lambda o: f"https://{o.source.domain}/report")
    title = "Annual port statistics"
    created_by = factory.LazyAttribute(lambda o: o.claim.created_by)


class PassageCitationFactory(CitationFactory):
    """A citation of the passage “Dock workers” of another article."""

    source = None
    url = ""
    title = ""
    cited_revision = factory.LazyFunction(lambda: other_article().current_revision)
    cited_start = 0
    cited_end = 12
    cited_exact = factory.LazyAttribute(
        lambda o: o.cited_revision.text[o.cited_start : o.cited_end]
    )

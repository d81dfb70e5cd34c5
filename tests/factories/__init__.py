"""The test suite's one factory kit: users, articles, claims, sources and citations, export rows.

Import from here (`from tests.factories import ClaimFactory, claim_in`); each module holds one
kind of object. Users that never sign in get no password (hashing one costs most of a test).
"""

from tests.factories.articles import (
    ARTICLE_TEXT,
    OTHER_ARTICLE_TEXT,
    ArticleFactory,
    ArticleRevisionFactory,
    article_with_text,
    distinct_article,
    indexed_article,
    markdown_article,
    other_article,
    paragraph_blocks,
    uploaded_file,
)
from tests.factories.claims import (
    ClaimFactory,
    OwnArticleClaimFactory,
    TagFactory,
    VerifiedClaimFactory,
    claim_in,
    many_claims,
)
from tests.factories.export import (
    ROW_TIME,
    cross_article_citation,
    export_article,
    export_citation,
    export_row,
    withdrawals_in_feed,
)
from tests.factories.similarity import claim_saying
from tests.factories.sources import CitationFactory, PassageCitationFactory, SourceFactory
from tests.factories.users import (
    TEST_PASSWORD,
    PasswordlessUserFactory,
    UserFactory,
    editor_factory,
    reviewer_factory,
    user_factory,
)

__all__ = [
    "ARTICLE_TEXT",
    "OTHER_ARTICLE_TEXT",
    "ROW_TIME",
    "TEST_PASSWORD",
    "ArticleFactory",
    "ArticleRevisionFactory",
    "CitationFactory",
    "ClaimFactory",
    "OwnArticleClaimFactory",
    "PassageCitationFactory",
    "PasswordlessUserFactory",
    "SourceFactory",
    "TagFactory",
    "UserFactory",
    "VerifiedClaimFactory",
    "article_with_text",
    "claim_in",
    "claim_saying",
    "cross_article_citation",
    "distinct_article",
    "editor_factory",
    "export_article",
    "export_citation",
    "export_row",
    "indexed_article",
    "many_claims",
    "markdown_article",
    "other_article",
    "paragraph_blocks",
    "reviewer_factory",
    "uploaded_file",
    "user_factory",
    "withdrawals_in_feed",
]

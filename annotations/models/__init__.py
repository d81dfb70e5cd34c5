from annotations.models.article import Article, ArticleRevision
from annotations.models.claim import Claim, ClaimTombstone, RetiredAnnotationName, Tag
from annotations.models.correction import ClaimCorrection, Resolution
from annotations.models.link import ClaimLink
from annotations.models.review import ReviewEvent

__all__ = [
    "Article",
    "ArticleRevision",
    "Claim",
    "ClaimCorrection",
    "ClaimLink",
    "ClaimTombstone",
    "Resolution",
    "RetiredAnnotationName",
    "ReviewEvent",
    "Tag",
]

from annotations.models.article import Article, ArticleRevision
from annotations.models.claim import Claim, RetiredAnnotationName, Tag
from annotations.models.correction import ClaimCorrection, Resolution
from annotations.models.export import ExportChange
from annotations.models.link import ClaimLink
from annotations.models.review import ReviewEvent

__all__ = [
    "Article",
    "ArticleRevision",
    "Claim",
    "ClaimCorrection",
    "ClaimLink",
    "ExportChange",
    "Resolution",
    "RetiredAnnotationName",
    "ReviewEvent",
    "Tag",
]

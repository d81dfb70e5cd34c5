from annotations.models.article import Article, ArticleRevision
from annotations.models.claim import Claim, RetiredAnnotationName, Tag
from annotations.models.export import ExportChange
from annotations.models.review import ReviewEvent

__all__ = [
    "Article",
    "ArticleRevision",
    "Claim",
    "ExportChange",
    "RetiredAnnotationName",
    "ReviewEvent",
    "Tag",
]

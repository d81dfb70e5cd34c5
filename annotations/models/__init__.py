from annotations.models.article import Article, ArticleRevision
from annotations.models.claim import Claim, ClaimTombstone, Tag
from annotations.models.review import ReviewEvent

__all__ = ["Article", "ArticleRevision", "Claim", "ClaimTombstone", "ReviewEvent", "Tag"]

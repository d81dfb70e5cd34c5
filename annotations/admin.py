"""The Django admin for annotations: articles are read-mostly (uploads and deletions go through
the article pages, which keep revisions, search and tombstones right); tags are curated here;
sign-in lockouts are seen and lifted here."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from annotations.models import Article, ArticleRevision, Tag
from annotations.services.articles import article_search_vector_refresh

REVISION_FIELDS = (
    "number",
    "content_hash",
    "source_format",
    "original_filename",
    "length",
    "created_by",
    "created_at",
)


class ArticleRevisionInline(admin.TabularInline):
    """Revisions are immutable: shown, never added, changed or deleted here."""

    model = ArticleRevision
    fields = REVISION_FIELDS
    readonly_fields = REVISION_FIELDS
    extra = 0
    can_delete = False
    ordering = ["number"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "publisher",
        "published_on",
        "current_revision__number",
        "uploaded_by",
        "created_at",
    )
    list_select_related = ("uploaded_by", "current_revision")
    list_filter = ("publisher", "language")
    search_fields = ("title", "publisher", "author")
    fields = (
        "title",
        "url",
        "publisher",
        "author",
        "published_on",
        "language",
        "uploaded_by",
        "current_revision",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("uploaded_by", "current_revision", "created_at", "updated_at")
    inlines = [ArticleRevisionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).defer("search_vector", "current_revision__text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The article's delete page says what goes with it and withdraws verified claims.
        return False

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        article_search_vector_refresh(article=obj)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "is_controlled", "description", "created_at")
    list_editable = ("is_controlled", "description")
    list_filter = ("is_controlled",)
    search_fields = ("name", "description")
    fields = ("name", "is_controlled", "description")


# Sign-in lockouts (django-axes, project/signin.py) ------------------------------------------

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class SignInLockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins by username and address, with whether they are locked out now (the
    "Locked out" filter); "Lift the lockout" forgets the selected failures at once."""

    # Who, from where, how many times and whether locked now; the user agent is on the detail.
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "status"]
    actions = ["lift_lockouts", *AccessAttemptAdmin.actions]

    @admin.action(description="Lift the lockout of the selected usernames and addresses")
    def lift_lockouts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        lifted = queryset.count()
        queryset.delete()
        self.message_user(
            request,
            f"Lifted {lifted} lockout record{'s' if lifted != 1 else ''}: they can sign in.",
        )

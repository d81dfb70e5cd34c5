"""Page forms: they check the shape of what a person typed; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User

from annotations.canonical import Format
from annotations.models.article import SourceFormat
from annotations.people import display_name
from annotations.selectors.articles import ArticleFilters, ArticleSort
from annotations.services.articles import FILE_FORMATS, ArticleMetadata

DETECT_FORMAT = ""


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ArticleTextForm(forms.Form):
    """The text of an article: an uploaded file or a pasted text, exactly one of them."""

    file = forms.FileField(
        label="File",
        required=False,
        help_text="A .txt, .md, .html or .htm file.",
        widget=forms.FileInput(attrs={"accept": ",".join(FILE_FORMATS)}),
    )
    text = forms.CharField(
        label="Or paste the text",
        required=False,
        strip=False,
        help_text="Plain text, Markdown or HTML.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    text_format = forms.ChoiceField(
        label="Pasted text is",
        required=False,
        choices=[(DETECT_FORMAT, "Detect automatically"), *SourceFormat.choices],
        help_text="Detection picks HTML when there are tags, Markdown when there are "
        "# headings or [links](…), else plain text.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_text = bool(cleaned.get("text", "").strip())
        if has_file and has_text:
            raise forms.ValidationError("Choose a file or paste the text, not both.")
        if not has_file and not has_text:
            raise forms.ValidationError("Choose a file or paste the article's text.")
        return cleaned

    @property
    def pasted_format(self) -> Format | None:
        return self.cleaned_data.get("text_format") or None


class ArticleUploadForm(ArticleTextForm):
    """A new article: its text and what is known about it."""

    title = forms.CharField(
        required=False,
        max_length=500,
        help_text="Leave empty to use the file's first heading or its <title>.",
    )
    url = forms.URLField(
        label="Original URL", required=False, max_length=2000, assume_scheme="https"
    )
    publisher = forms.CharField(required=False, max_length=200)
    author = forms.CharField(required=False, max_length=300)
    published_on = forms.DateField(label="Published date", required=False, widget=_DateInput())
    language = forms.CharField(
        required=False, max_length=35, help_text="A language tag such as en or pt-BR."
    )

    field_order = ["file", "text", "text_format"]

    def metadata(self) -> ArticleMetadata:
        return ArticleMetadata.from_cleaned(self.cleaned_data)


class ArticleFilterForm(forms.Form):
    """The list's search box, filters and sort. Invalid values are dropped, not fatal."""

    q = forms.CharField(label="Search", required=False, max_length=500)
    publisher = forms.ChoiceField(label="Publisher", required=False)
    published_from = forms.DateField(label="Published from", required=False, widget=_DateInput())
    published_to = forms.DateField(label="Published to", required=False, widget=_DateInput())
    uploader = forms.ChoiceField(label="Uploaded by", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        help_text="Automatic: best match when searching, else newest upload.",
        choices=[("", "Automatic")] + [(sort.value, sort.label) for sort in ArticleSort],
    )

    def __init__(self, data, *, publishers: list[str], uploaders: list[User]) -> None:
        super().__init__(data, label_suffix="")
        self.fields["publisher"].choices = [("", "Any publisher")] + [
            (publisher, publisher) for publisher in publishers
        ]
        self.fields["uploader"].choices = [("", "Anyone")] + [
            (user.get_username(), display_name(user)) for user in uploaders
        ]

    def filters(self) -> ArticleFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return ArticleFilters(
            query=data.get("q", ""),
            publisher=data.get("publisher", ""),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            uploaded_by=data.get("uploader", ""),
            sort=ArticleSort(data["sort"]) if "sort" in data else None,
        )

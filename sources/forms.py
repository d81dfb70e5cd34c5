"""Page forms for sources and citations: they check the shape of what a person typed; the
services (`sources/services/`) decide everything else and their errors land on these fields."""

from __future__ import annotations

from django import forms

from project.errors import DomainError
from project.limits import NOTE_MAX_LENGTH
from project.web_urls import URL_MAX_LENGTH
from sources.selectors.sources import SourceFilters
from sources.vocabulary import Reliability, SourceKind, Stance

ANY = ""


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _web_address(label: str, *, required: bool, help_text: str = "") -> forms.CharField:
    # A CharField, not a URLField: the service explains exactly why an address is refused.
    return forms.CharField(
        label=label,
        required=required,
        max_length=URL_MAX_LENGTH,
        help_text=help_text,
        error_messages={"required": "Give the web address (URL) of the evidence."},
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )


class _Form(forms.Form):
    """Labels without Django's trailing colon, as everywhere else on the site."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on the form: on the fields it names, else above the form."""
    if not error.errors:
        form.add_error(None, error.message)
        return
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class EvidenceForm(_Form):
    """What every piece of evidence has: its stance towards the claim and a note."""

    stance = forms.ChoiceField(
        choices=Stance.choices(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the evidence corroborates the claim, conflicts with it or "
            "gives context."
        },
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text="Anything the reviewer should know about this evidence.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The citation's version when the form was opened: a stale edit is refused, not merged.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class WebCitationForm(EvidenceForm):
    """Evidence on the web."""

    url = _web_address("Cited URL", required=True)
    title = forms.CharField(required=False, max_length=500)
    quote = forms.CharField(
        label="Quoted passage",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text="The words of the source that bear on the claim.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    location = forms.CharField(
        required=False, max_length=200, help_text="Page, section or timestamp."
    )
    accessed_on = forms.DateField(label="Access date", required=False, widget=_DateInput())
    archive_url = _web_address(
        "Archive URL", required=False, help_text="A copy in a web archive, in case the page goes."
    )

    field_order = ["stance", "url", "title", "quote", "location", "accessed_on", "archive_url"]


class ArticleCitationForm(EvidenceForm):
    """A passage of another article, picked on the page (the script fills the span)."""

    cited_revision = forms.IntegerField(widget=forms.HiddenInput)
    cited_start = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={"required": "Select the passage of the article that is the evidence."},
    )
    cited_end = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "Select the passage of the article that is the evidence."},
    )


class SourceForm(_Form):
    """A new source. The reliability fields are offered to administrators only."""

    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=SourceKind.choices(), initial=SourceKind.OTHER.value)
    homepage = forms.CharField(
        required=False,
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    domain = forms.CharField(
        required=False,
        max_length=253,
        help_text="e.g. example.org. Left empty, it is taken from the homepage. Citations of "
        "pages on this domain (or its subdomains) link to this source.",
    )
    reliability = forms.ChoiceField(
        choices=Reliability.choices(), initial=Reliability.UNKNOWN.value, required=False
    )
    reliability_reason = forms.CharField(
        label="Reason for the rating",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, may_rate: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_rate:
            del self.fields["reliability"]
            del self.fields["reliability_reason"]


class SourceFilterForm(_Form):
    q = forms.CharField(
        label="Search name or domain",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. statistics or example.org"}),
    )
    kind = forms.ChoiceField(required=False, choices=[(ANY, "Any kind"), *SourceKind.choices()])
    reliability = forms.ChoiceField(
        required=False, choices=[(ANY, "Any reliability"), *Reliability.choices()]
    )

    def filters(self) -> SourceFilters:
        """The filters to apply; an invalid choice is ignored rather than failing the page."""
        if not self.is_valid():
            return SourceFilters(search=self.data.get("q", "")[:200])
        data = self.cleaned_data
        return SourceFilters(search=data["q"], kind=data["kind"], reliability=data["reliability"])


class ArticleSearchForm(_Form):
    q = forms.CharField(
        label="Search articles by title or publisher", required=False, widget=forms.SearchInput
    )

"""Forms for the claim pages: they only parse what the browser sends; services decide."""

from __future__ import annotations

from django import forms

from annotations import anchoring
from annotations.models import Tag
from annotations.selectors.similarity import SIMILAR_LIMIT_MAX
from project.http import is_whole_number
from project.limits import CLAIM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH


def _unix_newlines(value: str) -> str:
    # Browsers send CRLF from form fields; the canonical text only ever has LF.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def split_tag_names(value: str) -> list[str]:
    return [name for name in (part.strip() for part in value.split(",")) if name]


class ClaimIdsField(forms.Field):
    """Claim ids sent as a repeated field (`same_as=3&same_as=8`): whole numbers, each once."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_count: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_count = max_count

    def to_python(self, value: list[str] | None) -> list[int]:
        values = value or []
        if not all(is_whole_number(item) for item in values):
            raise forms.ValidationError("Choose claims by their number.")
        ids = sorted({int(item) for item in values})
        if len(ids) > self.max_count:
            raise forms.ValidationError(f"Choose at most {self.max_count} claims.")
        return ids


class SpanForm(forms.Form):
    """A span the browser selected: code point offsets plus the text it saw there."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean_exact(self) -> str:
        return _unix_newlines(self.cleaned_data["exact"])

    def selectors(self) -> tuple[anchoring.TextPositionSelector, anchoring.TextQuoteSelector]:
        data = self.cleaned_data
        return (
            anchoring.TextPositionSelector(data["start"], data["end"]),
            anchoring.TextQuoteSelector(exact=data["exact"]),
        )


class ClaimForm(forms.Form):
    """The claim's own words: restated text, tags and note."""

    text = forms.CharField(
        label="Claim",
        required=False,
        max_length=CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Restate it as one sentence that can be checked. Leave empty to use the quote.",
    )
    controlled_tags = forms.MultipleChoiceField(
        label="Desk tags", required=False, widget=forms.CheckboxSelectMultiple
    )
    free_tags = forms.CharField(
        label="Other tags",
        required=False,
        help_text="Separate tags with commas.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, controlled: list[Tag], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["controlled_tags"].choices = [(tag.name, tag.name) for tag in controlled]
        self.has_controlled_tags = bool(controlled)

    def clean_text(self) -> str:
        return _unix_newlines(self.cleaned_data["text"])

    def clean_note(self) -> str:
        return _unix_newlines(self.cleaned_data["note"])

    def tag_names(self) -> list[str]:
        data = self.cleaned_data
        return [*data["controlled_tags"], *split_tag_names(data["free_tags"])]

    @classmethod
    def initial_for(cls, claim, *, controlled: list[Tag]) -> dict[str, object]:
        controlled_names = {tag.name for tag in controlled}
        names = [tag.name for tag in claim.tags.all()]
        return {
            "text": claim.text,
            "note": claim.note,
            "controlled_tags": [name for name in names if name in controlled_names],
            "free_tags": ", ".join(name for name in names if name not in controlled_names),
            "version": claim.version,
        }


class ClaimCreateForm(SpanForm, ClaimForm):
    """A new claim: the span and the claim's words in one form."""

    # Sent by "save again" after the warning that the same claim exists already.
    allow_duplicate = forms.BooleanField(required=False)
    # Ticked under "Seen before" in the dialog: the new claim is created linked to them.
    same_as = ClaimIdsField(label="Same claim as", required=False, max_count=SIMILAR_LIMIT_MAX)

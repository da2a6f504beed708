from django import forms
from django.utils.translation import gettext_lazy as _

from speeches.phrase_stats import InvalidPhrase, normalize_phrase


class PhraseForm(forms.Form):
    """The phrase of a URL: folded and checked (see speeches.phrase_stats.normalize_phrase)."""

    phrase = forms.CharField(strip=False, required=False)

    def clean_phrase(self) -> str:
        try:
            return normalize_phrase(self.cleaned_data["phrase"])
        except InvalidPhrase as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class ConcordanceForm(forms.Form):
    """How the concordance is shown; anything else falls back to the first page by date."""

    sort = forms.ChoiceField(
        choices=[("date", _("Date")), ("before", _("Word before")), ("after", _("Word after"))], required=False
    )
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)

    def choice(self) -> tuple[str, int]:
        if not self.is_valid():
            return "date", 1
        return self.cleaned_data["sort"] or "date", self.cleaned_data["page"] or 1

from django import forms
from django.utils.translation import gettext_lazy as _

from speeches.models import Speech


class SpeechChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, speech: Speech) -> str:
        return f"{speech.date:%Y-%m-%d} {speech.title}" if speech.date else speech.title


class ChooseForm(forms.Form):
    """The other speech to compare a speech with (the library's speeches, newest first)."""

    other = SpeechChoiceField(
        label=_("Compare with"),
        queryset=Speech.objects.in_library().only("slug", "title", "date").order_by("-date", "title"),
        to_field_name="slug",
        empty_label=None,
    )

    def __init__(self, *args, speech: Speech, **kwargs):
        super().__init__(*args, **kwargs)
        self.speech = speech
        self.fields["other"].queryset = self.fields["other"].queryset.exclude(pk=speech.pk)

    def ordered(self) -> tuple[Speech, Speech]:
        """The two speeches as A and B: the earlier first (an undated one after a dated one)."""
        other = self.cleaned_data["other"]
        if other.date and (not self.speech.date or other.date <= self.speech.date):
            return other, self.speech
        return self.speech, other

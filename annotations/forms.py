from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import MAX_NOTE_CHARS, Note, StudyGroup

NOTE_REQUIRED = gettext_lazy("A note cannot be empty.")
# The length validator fills in limit_value (MAX_NOTE_CHARS) and show_value (the note's length).
NOTE_TOO_LONG = gettext_lazy("A note can have at most %(limit_value)d characters (this one has %(show_value)d).")


class SignupForm(UserCreationForm):
    """Django's own sign-up form: username, password1, password2, with the password validators."""


class StudyGroupForm(forms.ModelForm):
    class Meta:
        model = StudyGroup
        fields = ["name", "description"]
        labels = {"name": gettext_lazy("Group name"), "description": gettext_lazy("Description (optional)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give the group a name."))
        return name


class NoteForm(forms.Form):
    """A new note or reply. `group` is a group slug (default: the current group); checked by the view."""

    body = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_CHARS}),
        error_messages={"required": NOTE_REQUIRED, "max_length": NOTE_TOO_LONG},
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can see it"),
        choices=Note.Visibility.choices,
        initial=Note.Visibility.GROUP,
        required=False,
    )
    group = forms.SlugField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.slug: group for group in groups}

    def clean_visibility(self) -> str:
        return self.cleaned_data["visibility"] or Note.Visibility.GROUP

    def clean_group(self):
        slug = self.cleaned_data["group"]
        if slug and slug not in self.groups:
            raise forms.ValidationError(_("You are not in this group."))
        return self.groups.get(slug)


class NoteEditForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": gettext_lazy("Note")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE_CHARS})}
        error_messages = {"body": {"required": NOTE_REQUIRED, "max_length": NOTE_TOO_LONG}}


class SelectGroupForm(forms.Form):
    group = forms.SlugField()

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import MAX_NOTE_CHARS, Note, StudyGroup


class SignupForm(UserCreationForm):
    """Django's own sign-up form: username, password1, password2, with the password validators."""


class StudyGroupForm(forms.ModelForm):
    class Meta:
        model = StudyGroup
        fields = ["name", "description"]
        labels = {"name": "小组名称", "description": "简介（可不填）"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("请填写小组名称。")
        return name


class NoteForm(forms.Form):
    """A new note or reply. `group` is a group slug (default: the current group); checked by the view."""

    body = forms.CharField(
        label="笔记",
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_CHARS}),
        error_messages={
            "required": "笔记不能为空。",
            "max_length": f"笔记最多 {MAX_NOTE_CHARS} 字（现在 %(show_value)d 字）。",
        },
    )
    visibility = forms.ChoiceField(
        label="谁能看到", choices=Note.Visibility.choices, initial=Note.Visibility.GROUP, required=False
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
            raise forms.ValidationError("你不在这个小组里。")
        return self.groups.get(slug)


class NoteEditForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "笔记"}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE_CHARS})}
        error_messages = {
            "body": {
                "required": "笔记不能为空。",
                "max_length": f"笔记最多 {MAX_NOTE_CHARS} 字（现在 %(show_value)d 字）。",
            }
        }


class SelectGroupForm(forms.Form):
    group = forms.SlugField()

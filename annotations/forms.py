import secrets

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speeches.text_input import CleanCharField

from . import anchoring
from .models import MAX_NOTE_CHARS, MAX_QUOTE_CHARS, Note, StudyGroup

NOTE_REQUIRED = gettext_lazy("A note cannot be empty.")
# The length validator fills in limit_value (MAX_NOTE_CHARS) and show_value (the note's length).
NOTE_TOO_LONG = gettext_lazy("A note can have at most %(limit_value)d characters (this one has %(show_value)d).")


class StudyGroupForm(forms.ModelForm):
    class Meta:
        model = StudyGroup
        fields = ["name", "description"]
        # Every text in through one door (speeches.text_input): no control characters, no direction overrides.
        field_classes = {"name": CleanCharField, "description": CleanCharField}
        labels = {"name": gettext_lazy("Group name"), "description": gettext_lazy("Description (optional)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give the group a name."))
        return name


class NoteForm(forms.Form):
    """A new note or a reply on `paragraph`, by `author`.

    `group` is a group slug among `groups` (default: `current_group`); `parent` the id of a note the
    author can see on this paragraph. `save()` stores the note.
    """

    # An empty note gets the page's own message (in the page's language), not the browser's.
    use_required_attribute = False

    body = CleanCharField(
        label=gettext_lazy("Write a note"),
        required=False,  # a highlight (划线) is a quote without words of its own: checked in clean()
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "maxlength": MAX_NOTE_CHARS,
                "placeholder": gettext_lazy("What does this paragraph mean for your work?"),
            }
        ),
        error_messages={"required": NOTE_REQUIRED, "max_length": NOTE_TOO_LONG},
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can see it"),
        choices=Note.Visibility.choices,
        initial=Note.Visibility.GROUP,
        required=False,
        widget=forms.RadioSelect,
    )
    # Asked as a question for the group's study session ("这是个问题"): members add "我也想问" to it.
    question = forms.BooleanField(label=gettext_lazy("This is a question"), required=False)
    group = forms.SlugField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # A fresh token in every form drawn: the same form sent twice stores one note (Note.objects.add).
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # The words the note is about. Typed or pasted (without JavaScript, or with a screen reader), the
    # server finds them in the paragraph; from a selection, the page also sends their place and context.
    exact = CleanCharField(
        label=gettext_lazy("Quote (optional): the words this note is about"),
        required=False,
        max_length=MAX_QUOTE_CHARS,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_QUOTE_CHARS}),
    )
    prefix = CleanCharField(required=False, strip=False, max_length=200, widget=forms.HiddenInput)
    suffix = CleanCharField(required=False, strip=False, max_length=200, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    # The radio buttons say who can see the note; their legend is for screen readers.
    visually_hidden_labels = {"visibility"}

    def __init__(
        self,
        *args,
        author,
        paragraph,
        groups=(),
        current_group: StudyGroup | None = None,
        reply_to: str = "",
        **kwargs,
    ):
        """`reply_to`: the author of the note this form replies to, for the small form under that note."""
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = secrets.token_urlsafe(16)
        if self["parent"].value():
            self.fields["body"].label = _("Reply")
        if reply_to:
            # Under the note it answers: two lines, and a label for screen readers (the note is right above).
            self.fields["body"].label = _("Reply to %(name)s") % {"name": reply_to}
            self.fields["body"].widget.attrs.update(rows=2, placeholder="")
            self.visually_hidden_labels = {"body", "visibility"}
        self.author = author
        self.paragraph = paragraph
        self.groups = {group.slug: group for group in groups}
        self.current_group = current_group

    def clean_visibility(self) -> str:
        return self.cleaned_data["visibility"] or Note.Visibility.GROUP

    def clean_group(self) -> StudyGroup | None:
        slug = self.cleaned_data["group"]
        if slug and slug not in self.groups:
            raise forms.ValidationError(_("You are not in this group."))
        return self.groups.get(slug)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        cleaned["group"] = cleaned.get("group") or self.current_group
        if cleaned.get("parent"):
            cleaned["parent"] = (
                Note.objects.visible_to(self.author)
                .filter(paragraph=self.paragraph, pk=cleaned["parent"])
                .select_related("group", "parent__group")
                .first()
            )
            if cleaned["parent"] is None:
                self.add_error(None, _("The note you are replying to does not exist or has been deleted."))
        if cleaned["group"] is None:
            self.add_error(None, _("Join or start a study group before you write notes."))
        cleaned["quote"] = None
        exact = cleaned.get("exact", "")
        if exact.strip() and not cleaned.get("parent"):  # replies follow their note: no quote of their own
            cleaned["quote"] = self._quote(exact, cleaned)
            if cleaned["quote"] is None:
                self.add_error(
                    "exact", _("These words are not in paragraph %(number)s.") % {"number": self.paragraph.number}
                )
        elif not cleaned.get("body"):
            self.add_error("body", NOTE_REQUIRED)
        if cleaned.get("question") and cleaned.get("parent"):
            cleaned["question"] = False  # a reply answers; only a note of its own asks
        if cleaned.get("question") and not cleaned.get("body") and "body" not in self.errors:
            self.add_error("body", _("Write the question you want to ask."))
        return cleaned

    def _quote(self, exact: str, cleaned: dict):
        """Find the words where the selection put them, or wherever they stand; widen them to whole words."""
        text = self.paragraph.text
        found = anchoring.locate(
            text, exact, cleaned.get("prefix", ""), cleaned.get("suffix", ""), cleaned.get("start")
        )
        if found is None and exact.strip() != exact:  # a typed quote with stray spaces around it
            found = anchoring.locate(text, exact.strip())
        if found is None:
            return None
        return anchoring.quote_at(text, *anchoring.snap_to_words(text, found.start, found.end))

    def save(self) -> Note:
        return Note.objects.add(
            author=self.author,
            group=self.cleaned_data["group"],
            paragraph=self.paragraph,
            body=self.cleaned_data["body"],
            visibility=self.cleaned_data["visibility"],
            parent=self.cleaned_data["parent"] or None,
            submission=self.cleaned_data["submission"],
            quote=self.cleaned_data["quote"],
            question=self.cleaned_data["question"],
        )


class NoteEditForm(forms.ModelForm):
    """A note's new text; `in_place`: the small form under the note it edits, its label for screen readers."""

    class Meta:
        model = Note
        fields = ["body"]
        field_classes = {"body": CleanCharField}
        labels = {"body": gettext_lazy("Edit this note")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE_CHARS})}
        error_messages = {"body": {"required": NOTE_REQUIRED, "max_length": NOTE_TOO_LONG}}

    def __init__(self, *args, in_place: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.visually_hidden_labels = {"body"} if in_place else set()


class JoinForm(forms.Form):
    """Joining a group from its invite link; `make_current` switches the group one reads with."""

    make_current = forms.BooleanField(
        label=gettext_lazy("Read and write notes with this group from now on"), required=False
    )


class SelectGroupForm(forms.Form):
    group = forms.SlugField()

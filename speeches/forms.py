"""Forms of the library's editors: upload a speech, check its draft, correct a paragraph, collections."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.validators import validate_unicode_slug
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .importing import (
    MAX_FILE_BYTES,
    SPEECH_FILE_SUFFIXES,
    Block,
    Draft,
    ImportRefused,
    draft_from_file,
    draft_from_text,
)
from .importing.draft import KINDS
from .importing.records import MAX_SOURCE_NOTE_CHARS
from .models import Collection, Speech
from .text_input import CleanCharField, clean_text

MAX_PASTED_CHARS = 500_000
MAX_BLOCKS = 900  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1,000: a field per block, a few more
MAX_BLOCK_CHARS = 20_000
# /speeches/new/ is the upload page: no speech can have that address.
RESERVED_SLUGS = {"new"}


TOO_MANY_BLOCKS = _(
    "The text has %(blocks)d paragraphs and headings; at most %(limit)d can be published. Split it into parts."
)


def refused(error: ImportRefused) -> str:
    """The importer's reason in the reader's language (its message is translated, then its values filled in)."""
    return gettext("The speech could not be read: %(reason)s.") % {"reason": str(error)}


class UploadForm(forms.Form):
    """A file (.pdf, .docx, .txt, .md) or pasted text; valid when it parses into a draft."""

    file = forms.FileField(
        label=_("A file"),
        required=False,
        help_text=_("PDF with text, Word (.docx), .txt or .md; up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SPEECH_FILE_SUFFIXES)}),
    )
    text = CleanCharField(
        label=_("Or paste the text"),
        required=False,
        max_length=MAX_PASTED_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "")
        if self.errors:
            return data
        if upload and text.strip():
            raise forms.ValidationError(gettext("Upload a file or paste text, not both."))
        if not upload and not text.strip():
            raise forms.ValidationError(gettext("Choose a file to upload or paste the text of the speech."))
        if upload and PurePath(upload.name).suffix.lower() not in SPEECH_FILE_SUFFIXES:
            raise forms.ValidationError(gettext("Upload a PDF, a Word file (.docx), or a .txt or .md file."))
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("The file is %(size).1f MB, over the 5 MB limit.") % {"size": upload.size / 1024 / 1024}
            )
        try:
            draft = draft_from_file(upload.name, upload.read()) if upload else draft_from_text(text)
        except ImportRefused as error:
            raise forms.ValidationError(refused(error)) from None
        if len(draft.blocks) > MAX_BLOCKS:
            raise forms.ValidationError(TOO_MANY_BLOCKS, params={"blocks": len(draft.blocks), "limit": MAX_BLOCKS})
        data["draft"] = draft
        return data


class DraftForm(forms.Form):
    """The preview: metadata fields, the blocks' texts (one `block` field each) and their layout.

    The layout is one field for all blocks ("p,p!,h1,…": kind, and ! for a join across a page break),
    so that a speech of many paragraphs stays within Django's limit of fields per request.
    """

    title = CleanCharField(label=_("Title"), max_length=Speech._meta.get_field("title").max_length)
    speaker = CleanCharField(label=_("Speaker"), required=False, max_length=100)
    # An <input type="date"> takes ISO dates only, whatever the language.
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    source_note = CleanCharField(
        label=_("Source note"), required=False, max_length=MAX_SOURCE_NOTE_CHARS, widget=forms.Textarea({"rows": 2})
    )
    slug = forms.CharField(
        label=_("Address"),
        max_length=Speech._meta.get_field("slug").max_length,
        help_text=_("The speech's address: /speeches/<address>/. Letters, digits, Chinese, hyphens."),
    )
    source_file = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)
    checksum = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    appendix = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200_000)
    dropped = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200_000)

    def __init__(self, *args, speech: Speech | None = None, duplicate: Speech | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.speech = speech  # a new version of this speech: it keeps its address
        if speech is not None:
            self.fields["slug"].required = False
            self.fields["slug"].disabled = True
            self.fields["slug"].initial = speech.slug
        self.duplicate = duplicate  # a speech in the library with the same text: publishing needs a choice
        if duplicate is not None:
            self.fields["as_copy"] = forms.BooleanField(
                label=_("Publish it all the same, as a second copy"),
                help_text=_("A second copy is listed, but counts once in search, the phrase pages and passages."),
                required=False,
            )

    @classmethod
    def initial_for(cls, draft: Draft) -> dict:
        return {
            "title": draft.title,
            "speaker": draft.speaker,
            "date": draft.date,
            "source_note": draft.source_note,
            "slug": draft.slug,
            "source_file": draft.source_file,
            "checksum": draft.checksum,
            "appendix": "\n".join(draft.appendix),
            "dropped": "\n".join(draft.dropped),
        }

    def clean_slug(self):
        if self.speech is not None:
            return self.speech.slug
        slug = slugify(self.cleaned_data["slug"], allow_unicode=True)
        try:
            validate_unicode_slug(slug)
        except forms.ValidationError:
            raise forms.ValidationError(gettext("Enter an address of letters, digits, Chinese or hyphens.")) from None
        if slug in RESERVED_SLUGS or Speech.objects.filter(slug=slug).exists():
            raise forms.ValidationError(gettext("Another speech already has this address; choose another."))
        return slug

    def clean(self):
        data = super().clean()
        texts = [clean_text(text) for text in self.data.getlist("block")]
        layout = [item for item in self.data.get("layout", "").split(",") if item]
        kinds = [item.rstrip("!") for item in layout]
        breaks = [item.endswith("!") for item in layout]
        if len(texts) != len(layout) or len(texts) > MAX_BLOCKS:
            raise forms.ValidationError(gettext("The preview was sent incomplete; upload the file again."))
        if any(kind not in KINDS for kind in kinds) or any(len(text) > MAX_BLOCK_CHARS for text in texts):
            raise forms.ValidationError(gettext("The preview was sent incomplete; upload the file again."))
        data["blocks"] = [
            Block(text, kind, page_break) for text, kind, page_break in zip(texts, kinds, breaks, strict=True)
        ]
        return data

    def draft(self) -> Draft:
        """The draft as posted (valid or not: an invalid form shows it again with its errors)."""
        data = self.cleaned_data
        return Draft(
            title=data.get("title", self.data.get("title", "")),
            speaker=data.get("speaker", ""),
            date=data.get("date"),
            source_note=data.get("source_note", ""),
            blocks=data.get("blocks", []),
            appendix=[line for line in clean_text(data.get("appendix", "")).split("\n") if line],
            dropped=[line for line in clean_text(data.get("dropped", "")).split("\n") if line],
            source_file=data.get("source_file", ""),
            checksum=data.get("checksum", ""),
            slug=data.get("slug", ""),
        )


class SpeechDetailsForm(forms.Form):
    """What an editor completes when the text did not say it: the title, the speaker, the date."""

    title = forms.CharField(label=_("Title"), max_length=Speech._meta.get_field("title").max_length)
    speaker = forms.CharField(label=_("Speaker"), required=False, max_length=100)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    @classmethod
    def initial_for(cls, speech: Speech) -> dict:
        return {"title": speech.title, "speaker": speech.speaker, "date": speech.date}


class DeleteSpeechForm(forms.Form):
    """Deleting for good is deliberate: the editor types the speech's title (as GitHub asks for a repository's name)."""

    confirm_title = forms.CharField(label=_("Type the title of the speech to confirm"), max_length=300, strip=True)

    def __init__(self, *args, speech: Speech, **kwargs):
        super().__init__(*args, **kwargs)
        self.speech = speech

    def clean_confirm_title(self):
        typed = " ".join(self.cleaned_data["confirm_title"].split())
        if typed != " ".join(self.speech.title.split()):
            raise forms.ValidationError(gettext("The title typed is not this speech's title; nothing was deleted."))
        return typed


class ParagraphForm(forms.Form):
    text = CleanCharField(
        label=_("Text of the paragraph"),
        max_length=MAX_BLOCK_CHARS,
        help_text=_("An empty line splits the paragraph in two."),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("A paragraph cannot be empty.")},
    )
    # The speech's revision when the editor opened or checked it: a save refuses a speech changed since.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # Notes the editor keeps in their paragraph rather than letting them go to another one: offered by the
    # check for each shared note it would move elsewhere.
    keep = forms.TypedMultipleChoiceField(
        label=_("Keep in their paragraph"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked notes stay in their paragraph, marked as changed, instead of following their words."),
    )

    def __init__(self, *args, moves=(), note_ids=(), **kwargs):
        """`moves`: the check's moves a note can be kept from; `note_ids`: the ids posted back with a save."""
        super().__init__(*args, **kwargs)
        choices = [
            (
                move.note_id,
                gettext("¶%(from)s: “%(words)s”, instead of ¶%(to)s")
                % {"from": move.from_number, "words": move.old_words[:40], "to": move.to_number},
            )
            for move in moves
            if move.elsewhere
        ]
        self.fields["keep"].choices = choices or [(pk, pk) for pk in note_ids]


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name"]
        field_classes = {"name": CleanCharField}
        labels = {"name": _("New collection")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Collection.objects.filter(name=name).exists():
            raise forms.ValidationError(gettext("There is already a collection with this name."))
        if not slugify(name, allow_unicode=True):
            raise forms.ValidationError(gettext("Enter a name with letters, digits or Chinese."))
        return name

    def save(self, commit=True):
        collection = super().save(commit=False)
        base = slugify(collection.name, allow_unicode=True)
        slug, n = base, 1
        while Collection.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        collection.slug = slug
        if commit:
            collection.save()
        return collection


class SpeechCollectionsForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["collections"]
        widgets = {"collections": forms.CheckboxSelectMultiple}
        labels = {"collections": _("Collections")}

    # The page's heading above the checkboxes says "Collections": the legend is for screen readers.
    visually_hidden_labels = {"collections"}

"""Editors' pages: add a speech (upload → preview → publish), correct it, archive or delete it, collections.

Each is behind a permission on Speech (`permissions.editor_required`): visitors are sent to the log-in
page, signed-in users without it get 403. Nothing is stored before the preview's publish button.
"""

from __future__ import annotations

import contextlib
from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.htmx import INVALID

from . import actions
from .forms import (
    CollectionForm,
    DeleteSpeechForm,
    DraftForm,
    ParagraphForm,
    SpeechCollectionsForm,
    SpeechDetailsForm,
    UploadForm,
    refused,
)
from .importing import Draft, ImportRefused
from .importing.duplicates import find_duplicate
from .models import Collection, Speech
from .permissions import ADD, CHANGE, DELETE, editor_required

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _bound(request: HttpRequest) -> tuple:
    """A POST binds the form even when empty (so that it says what is missing); GET leaves it unbound."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _index_warning(request: HttpRequest, result) -> None:
    if not getattr(result, "indexed", True):
        messages.warning(
            request, gettext("Saved, but the search index could not be updated; it will be rebuilt by an operator.")
        )


def _preview(request, form: DraftForm, draft: Draft, *, speech=None, report=None, status=200) -> HttpResponse:
    context = {"form": form, "draft": draft, "speech": speech, "report": report, "duplicate": form.duplicate}
    return render(request, "speeches/speech_preview.html", context, status=status)


# ---- one copy of each speech (issue 22): a new speech whose text the library holds needs a deliberate choice


def _duplicate_of(draft: Draft):
    """The speech in the library with (nearly) the same paragraphs as the draft, or None."""
    found = find_duplicate(block.text for block in draft.blocks if block.is_paragraph)
    return found.speech if found is not None else None


def _duplicate_refused(form: DraftForm) -> bool:
    """Whether publishing must wait: the text is in the library and "publish as a second copy" is not ticked."""
    if form.duplicate is None or form.cleaned_data.get("as_copy"):
        return False
    form.add_error(
        "as_copy",
        gettext(
            "This speech is already in the library. Tick the box to publish a second copy, or upload the file "
            "as a new version of the speech in the library."
        ),
    )
    return True


# ----


@GET_POST
@editor_required(ADD)
def speech_new(request: HttpRequest) -> HttpResponse:
    """Upload a file or paste text; a readable one leads to its preview (nothing stored yet)."""
    form = UploadForm(*_bound(request))
    if request.method == "POST":
        if form.is_valid():
            draft = form.cleaned_data["draft"]
            slug, n = draft.slug, 1
            while Speech.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{draft.slug}-{n}"
            draft.slug = slug
            form = DraftForm(initial=DraftForm.initial_for(draft), duplicate=_duplicate_of(draft))
            return _preview(request, form, draft)
        return render(request, "speeches/speech_new.html", {"form": form}, status=INVALID)
    return render(request, "speeches/speech_new.html", {"form": form})


def _apply_actions(request: HttpRequest, draft: Draft) -> bool:
    """Join, split or apply edits from the preview's buttons; True if one was pressed."""
    if "join" in request.POST:
        with contextlib.suppress(ValueError):
            draft.join(int(request.POST["join"]))
        draft.split_at_blank_lines()
        return True
    if "update" in request.POST:
        draft.split_at_blank_lines()
        return True
    return False


@require_POST
@editor_required(ADD)
def speech_new_preview(request: HttpRequest) -> HttpResponse:
    """The preview's buttons: join, split (an empty line) and publish, which stores the speech."""
    form = DraftForm(request.POST)
    form.is_valid()
    form = DraftForm(request.POST, duplicate=_duplicate_of(form.draft()))
    valid = form.is_valid()
    draft = form.draft()
    if _apply_actions(request, draft) or "publish" not in request.POST:
        return _preview(request, form, draft)
    draft.split_at_blank_lines()
    if not valid or _duplicate_refused(form):
        return _preview(request, form, draft, status=INVALID)
    try:
        result = actions.publish(
            draft.parsed(),
            slug=draft.slug,
            source_file=draft.source_file,
            checksum=draft.checksum,
            duplicate_of=form.duplicate if form.cleaned_data.get("as_copy") else None,
        )
    except ImportRefused as error:
        form.add_error(None, refused(error))
        return _preview(request, form, draft, status=INVALID)
    except IntegrityError:
        form.add_error("slug", gettext("Another speech already has this address; choose another."))
        return _preview(request, form, draft, status=INVALID)
    _index_warning(request, result)
    messages.success(request, gettext("The speech is published."))
    return redirect("reading:speech_detail", slug=result.slug)


@GET_POST
@editor_required(CHANGE)
def speech_replace(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a new version of the whole speech; its preview says what will happen to the notes."""
    speech = get_object_or_404(Speech, slug=slug)
    form = UploadForm(*_bound(request))
    if request.method == "POST":
        if form.is_valid():
            draft = form.cleaned_data["draft"]
            draft.slug = speech.slug
            report = _dry_run(speech, draft)
            if isinstance(report, str):
                form.add_error(None, report)
            else:
                initial = DraftForm.initial_for(draft)
                return _preview(request, DraftForm(initial=initial, speech=speech), draft, speech=speech, report=report)
        return render(request, "speeches/speech_new.html", {"form": form, "speech": speech}, status=INVALID)
    return render(request, "speeches/speech_new.html", {"form": form, "speech": speech})


def _dry_run(speech: Speech, draft: Draft):
    try:
        return actions.preview_text(speech, draft.parsed(), source_file=draft.source_file, checksum=draft.checksum)
    except ImportRefused as error:
        return refused(error)


@require_POST
@editor_required(CHANGE)
def speech_replace_preview(request: HttpRequest, slug: str) -> HttpResponse:
    speech = get_object_or_404(Speech, slug=slug)
    form = DraftForm(request.POST, speech=speech)
    valid = form.is_valid()
    draft = form.draft()
    draft.slug = speech.slug
    acted = _apply_actions(request, draft)
    if not acted:
        draft.split_at_blank_lines()
    report = _dry_run(speech, draft) if draft.blocks else None
    if isinstance(report, str):
        form.add_error(None, report)
        report = None
    if acted or "publish" not in request.POST:
        return _preview(request, form, draft, speech=speech, report=report)
    if not valid or report is None:
        return _preview(request, form, draft, speech=speech, report=report, status=INVALID)
    result = actions.replace_text(speech, draft.parsed(), source_file=draft.source_file, checksum=draft.checksum)
    _index_warning(request, result)
    messages.success(request, _notes_message(result))
    return redirect(speech)


def _notes_message(result) -> str:
    counts = result.notes
    return gettext(
        "The speech is corrected. Notes: %(unchanged)s stay, %(moved)s moved, %(fuzzy)s changed, %(orphaned)s orphaned."
    ) % {kind: counts.get(kind, 0) for kind in ("unchanged", "moved", "fuzzy", "orphaned")}


@GET_POST
@editor_required(CHANGE)
def paragraph_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Correct one paragraph: check first (where each note goes), then save."""
    speech = get_object_or_404(Speech, slug=slug)
    paragraph = get_object_or_404(speech.paragraphs, number=number)
    note_ids = request.POST.getlist("keep") if request.method == "POST" else ()
    form = ParagraphForm(
        *_bound(request)[:1],
        initial={"text": paragraph.text, "revision": speech.revision},
        note_ids=[value for value in note_ids if value.isdigit()],
    )
    context = {"speech": speech, "paragraph": paragraph, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "speeches/paragraph_edit.html", context, status=INVALID)
        text = form.cleaned_data["text"]
        seen = form.cleaned_data["revision"]
        try:
            if "save" in request.POST:
                result = actions.correct(speech, number, text, expected_revision=seen, keep=form.cleaned_data["keep"])
                _index_warning(request, result)
                messages.success(request, _notes_message(result))
                return redirect(f"{speech.get_absolute_url()}#p{number}")
            report = actions.preview_correction(speech, number, text)
        except ImportRefused as error:
            form.add_error("text", refused(error))
            return render(request, "speeches/paragraph_edit.html", context, status=INVALID)
        except actions.SpeechChanged:
            return _changed_meanwhile(request, context, form, speech)
        # The check was made on this revision: the save must find the speech as it was checked.
        context["report"] = report
        context["form"] = ParagraphForm(initial={"text": text, "revision": report.revision}, moves=report.shown_moves)
    return render(request, "speeches/paragraph_edit.html", context)


def _changed_meanwhile(request: HttpRequest, context: dict, form, speech: Speech) -> HttpResponse:
    """Another correction was saved since this one was checked: nothing is written; check again."""
    speech.refresh_from_db()
    context["form"] = ParagraphForm(initial={"text": form.cleaned_data["text"], "revision": speech.revision})
    context["changed_meanwhile"] = True
    return render(request, "speeches/paragraph_edit.html", context, status=HTTPStatus.CONFLICT)


@GET_POST
@editor_required(CHANGE)
def speech_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """A speech's editing page: its title, speaker and date, its collections, a new version, archive or restore,
    delete."""
    speech = get_object_or_404(Speech, slug=slug)
    form = SpeechCollectionsForm(*_bound(request)[:1], instance=speech)
    if request.method == "POST":
        if form.is_valid():
            actions.set_collections(speech, form.cleaned_data["collections"])
            messages.success(request, gettext("The collections are saved."))
            return redirect("speeches:speech_manage", slug=speech.slug)
        return render(
            request, "speeches/speech_manage.html", _manage_context(request, speech, form=form), status=INVALID
        )
    return render(request, "speeches/speech_manage.html", _manage_context(request, speech, form=form))


def _manage_context(request: HttpRequest, speech: Speech, **forms) -> dict:
    """The editing page's forms, unbound unless given (a form sent back with its errors)."""
    return {
        "speech": speech,
        "form": forms.get("form") or SpeechCollectionsForm(instance=speech),
        "details_form": forms.get("details_form") or SpeechDetailsForm(initial=SpeechDetailsForm.initial_for(speech)),
        "delete_form": forms.get("delete_form") or DeleteSpeechForm(speech=speech),
        "can_delete": request.user.has_perm(DELETE),
    }


@require_POST
@editor_required(CHANGE)
def speech_details(request: HttpRequest, slug: str) -> HttpResponse:
    """Complete or correct the title, speaker and date (the library marks speeches without a speaker or date)."""
    speech = get_object_or_404(Speech, slug=slug)
    form = SpeechDetailsForm(request.POST)
    if not form.is_valid():
        context = _manage_context(request, speech, details_form=form)
        return render(request, "speeches/speech_manage.html", context, status=INVALID)
    details = {name: form.cleaned_data[name] for name in ("title", "speaker", "date")}
    try:
        actions.update_details(speech, **details)
    except ValidationError as error:
        form.add_error(None, error)
        context = _manage_context(request, speech, details_form=form)
        return render(request, "speeches/speech_manage.html", context, status=INVALID)
    messages.success(request, gettext("The title, speaker and date are saved."))
    return redirect("speeches:speech_manage", slug=speech.slug)


@require_POST
@editor_required(CHANGE)
def speech_archive(request: HttpRequest, slug: str) -> HttpResponse:
    speech = get_object_or_404(Speech, slug=slug)
    if request.POST.get("restore"):
        indexed = actions.restore(speech)
        messages.success(request, gettext("The speech is back in the library and search."))
    else:
        indexed = actions.archive(speech)
        messages.success(request, gettext("The speech is withdrawn from the library and search."))
    if not indexed:
        messages.warning(request, gettext("The search index could not be updated; it will be rebuilt by an operator."))
    return redirect("speeches:speech_manage", slug=speech.slug)


@require_POST
@editor_required(DELETE)
def speech_delete(request: HttpRequest, slug: str) -> HttpResponse:
    speech = get_object_or_404(Speech, slug=slug)
    confirmation = DeleteSpeechForm(request.POST, speech=speech)
    if not confirmation.is_valid():  # deleting for good is deliberate: the title typed again
        context = _manage_context(request, speech, delete_form=confirmation)
        return render(request, "speeches/speech_manage.html", context, status=INVALID)
    try:
        actions.delete(speech)
    except actions.NotesKeepSpeech:
        messages.error(request, gettext("This speech has notes: it cannot be deleted. Archive it instead."))
        return redirect("speeches:speech_manage", slug=speech.slug)
    messages.success(request, gettext("The speech is deleted."))
    return redirect("reading:speech_list")


@GET_POST
@editor_required(CHANGE)
def collection_list(request: HttpRequest) -> HttpResponse:
    """The library's collections (专题), and a form to add one."""
    form = CollectionForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The collection is added."))
        return redirect("speeches:collection_list")
    collections = Collection.objects.order_by("name")
    status = INVALID if form.errors else 200
    return render(request, "speeches/collections.html", {"form": form, "collections": collections}, status=status)


@require_POST
@editor_required(CHANGE)
def collection_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Remove a collection; its speeches stay in the library (and in their other collections)."""
    collection = get_object_or_404(Collection, slug=slug)
    collection.delete()
    messages.success(
        request, gettext("The collection “%(name)s” is removed; its speeches stay.") % {"name": collection.name}
    )
    return redirect("speeches:collection_list")

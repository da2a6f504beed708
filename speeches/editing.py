"""Editors' pages: add a speech (upload → preview → publish), correct it, archive or delete it, collections.

Each is behind a permission on Speech (`permissions.editor_required`): visitors are sent to the log-in
page, signed-in users without it get 403. Nothing is stored before the preview's publish button.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.htmx import INVALID

from . import actions
from .forms import CollectionForm, DraftForm, ParagraphForm, SpeechCollectionsForm, UploadForm, refused
from .importing import Draft, ImportRefused
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
    context = {"form": form, "draft": draft, "speech": speech, "report": report}
    return render(request, "speeches/speech_preview.html", context, status=status)


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
            return _preview(request, DraftForm(initial=DraftForm.initial_for(draft)), draft)
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
    valid = form.is_valid()
    draft = form.draft()
    if _apply_actions(request, draft) or "publish" not in request.POST:
        return _preview(request, form, draft)
    draft.split_at_blank_lines()
    if not valid:
        return _preview(request, form, draft, status=INVALID)
    try:
        result = actions.publish(
            draft.parsed(), slug=draft.slug, source_file=draft.source_file, checksum=draft.checksum
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
        return actions.correct(
            speech, draft.parsed(), dry_run=True, source_file=draft.source_file, checksum=draft.checksum
        )
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
    result = actions.correct(speech, draft.parsed(), source_file=draft.source_file, checksum=draft.checksum)
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
    """Correct one paragraph: check first (what happens to the notes), then save."""
    speech = get_object_or_404(Speech, slug=slug)
    paragraph = get_object_or_404(speech.paragraphs, number=number)
    form = ParagraphForm(*_bound(request)[:1], initial={"text": paragraph.text})
    context = {"speech": speech, "paragraph": paragraph, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "speeches/paragraph_edit.html", context, status=INVALID)
        parsed = actions.with_paragraph(actions.parsed_from_speech(speech), number, form.cleaned_data["text"])
        if not parsed.paragraphs or form.cleaned_data["text"].strip() == "":
            form.add_error("text", gettext("A paragraph cannot be empty."))
            return render(request, "speeches/paragraph_edit.html", context, status=INVALID)
        try:
            if "save" in request.POST:
                result = actions.correct(speech, parsed)
                _index_warning(request, result)
                messages.success(request, _notes_message(result))
                return redirect(f"{speech.get_absolute_url()}#p{number}")
            context["report"] = actions.correct(speech, parsed, dry_run=True)
        except ImportRefused as error:
            form.add_error("text", refused(error))
            return render(request, "speeches/paragraph_edit.html", context, status=INVALID)
    return render(request, "speeches/paragraph_edit.html", context)


@GET_POST
@editor_required(CHANGE)
def speech_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """A speech's editing page: its collections, a new version, archive or restore, delete."""
    speech = get_object_or_404(Speech, slug=slug)
    form = SpeechCollectionsForm(*_bound(request)[:1], instance=speech)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, gettext("The collections are saved."))
            return redirect("speeches:speech_manage", slug=speech.slug)
        return render(request, "speeches/speech_manage.html", {"speech": speech, "form": form}, status=INVALID)
    context = {"speech": speech, "form": form, "can_delete": request.user.has_perm(DELETE)}
    return render(request, "speeches/speech_manage.html", context)


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

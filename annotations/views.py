from http import HTTPStatus
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.redirects import safe_next
from core.downloads import download
from core.htmx import INVALID, VARY, render_htmx, wants_fragment
from speeches.models import Paragraph

from . import groups, note_search, notebook, notes, own_notes
from .forms import JoinForm, NoteEditForm, NoteForm, SelectGroupForm, StudyGroupForm
from .models import Membership, Note, StudyGroup

# htmx swaps 429 too (see the htmx-config meta tag in base.html): a note sent too soon after many comes back in
# its form, with the reason and the text kept.
TOO_MANY = HTTPStatus.TOO_MANY_REQUESTS


# ---------------------------------------------------------------- groups


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    form = StudyGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = groups.create_group(request.user, form.cleaned_data["name"], form.cleaned_data["description"])
        messages.success(
            request,
            _("The group “%(name)s” has been set up. Send the invite link to its members.") % {"name": group.name},
        )
        return redirect(group)
    return render(request, "annotations/group_create.html", {"form": form}, status=INVALID if form.is_bound else 200)


@login_required
@require_safe
@never_cache  # it shows the invite link: no cache, shared or the browser's, keeps it
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = groups.membership_or_404(request, slug)
    group = membership.group
    members = group.memberships.select_related("user").order_by("-role", "joined_at")
    invite_url = request.build_absolute_uri(group.get_invite_url())
    context = {"group": group, "membership": membership, "members": members, "invite_url": invite_url}
    return render(request, "annotations/group_detail.html", context)


@login_required
@require_POST
def group_regenerate_invite(request: HttpRequest, slug: str) -> HttpResponse:
    membership = groups.membership_or_404(request, slug)
    if not membership.is_organiser:
        raise Http404
    groups.regenerate_invite(membership.group)
    messages.success(request, _("There is a new invite link; the old link no longer works."))
    return redirect(membership.group)


@require_http_methods(["GET", "HEAD", "POST"])
def group_join(request: HttpRequest, token: str) -> HttpResponse:
    """The invite link: it shows the group, and joining is a POST of its form (a link opened by
    accident, or from another site, joins nothing)."""
    group = StudyGroup.objects.filter(invite_token=token).first()
    if group is None:
        return render(request, "annotations/invite_invalid.html", status=404)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        # Log in or sign up first; both come back here to confirm.
        return render(request, "annotations/invite_welcome.html", {"group": group, "next": request.path})
    if group.memberships.filter(user=request.user).exists():
        messages.info(request, _("You are already in “%(name)s”.") % {"name": group.name})
        return redirect(group)
    current = groups.current_membership(request)
    form = JoinForm(request.POST if request.method == "POST" else None, initial={"make_current": current is None})
    if request.method == "POST" and form.is_valid():
        make_current = current is None or form.cleaned_data["make_current"]
        groups.join_group(group, request.user, make_current=make_current)
        messages.success(request, _("You have joined “%(name)s”.") % {"name": group.name})
        if not make_current:
            messages.info(
                request,
                _("You still read and write notes with “%(current)s”; switch groups at the top of any page.")
                % {"current": current.group.name},
            )
        return redirect(group)
    context = {"group": group, "form": form, "current": current, "member_count": group.memberships.count()}
    return render(request, "annotations/invite_join.html", context)


def _organiser_acts_on_member(request: HttpRequest, slug: str, user_id: int, act, done_message: str) -> HttpResponse:
    """Run an organiser's action on a member; others get a 404, a broken group rule a message."""
    membership = groups.membership_or_404(request, slug)
    if not membership.is_organiser:
        raise Http404
    member = get_object_or_404(Membership.objects.select_related("user"), group=membership.group, user_id=user_id)
    try:
        act(membership, member)
    except groups.GroupRuleBroken as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message % {"name": member.user.get_username()})
    return redirect(membership.group)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Removing a member also replaces the invite link (groups.remove_member): the old link is theirs too."""
    return _organiser_acts_on_member(
        request,
        slug,
        user_id,
        lambda organiser, member: groups.remove_member(organiser.group, member),
        _(
            "%(name)s has been removed from the group. The invite link has been replaced, so that the old one "
            "cannot bring them back: send the new link to anyone who is still to join."
        ),
    )


@login_required
@require_POST
def member_make_organiser(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return _organiser_acts_on_member(
        request,
        slug,
        user_id,
        lambda organiser, member: groups.hand_over(organiser.group, organiser, member),
        _("%(name)s is now the organiser."),
    )


@login_required
@require_POST
def group_select(request: HttpRequest) -> HttpResponse:
    form = SelectGroupForm(request.POST)
    if form.is_valid():
        membership = groups.membership_or_404(request, form.cleaned_data["group"])
        groups.select_group(request.user, membership.group)
    return HttpResponseRedirect(safe_next(request, reverse("reading:speech_list")))


# ---------------------------------------------------------------- notes


def _paragraph_or_404(slug: str, number: int) -> Paragraph:
    return get_object_or_404(Paragraph.objects.select_related("speech"), speech__slug=slug, number=number)


def _speech_notes_url(paragraph: Paragraph, anchor: str = "") -> str:
    return f"{paragraph.speech.get_absolute_url()}?notes={paragraph.number}#{anchor or paragraph.anchor}"


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers(*VARY)
@cache_control(private=True)
def paragraph_notes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """GET: the paragraph's notes (a panel for htmx, else a page); POST: add a note or a reply."""
    paragraph = _paragraph_or_404(slug, number)
    template = "annotations/paragraph_notes.html"
    if request.method != "POST":  # GET or HEAD
        if wants_fragment(request) and "closed" in request.GET:
            return HttpResponse("")  # the panel folds away
        return render_htmx(request, template, "panel", notes.panel_context(request, paragraph))

    if not request.user.is_authenticated:
        return redirect_to_login(_speech_notes_url(paragraph))
    membership = groups.current_membership(request)
    form = NoteForm(
        request.POST,
        author=request.user,
        paragraph=paragraph,
        groups=groups.user_groups(request),
        current_group=membership.group if membership else None,
    )
    wait = notes.write_wait(request.user)
    if wait:
        form.is_valid()  # the form comes back with the text as sent
        form.add_error(None, notes.wait_message(wait))
        response = render_htmx(
            request, template, "panel", notes.panel_context(request, paragraph, form), status=TOO_MANY
        )
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render_htmx(request, template, "panel", notes.panel_context(request, paragraph, form), status=INVALID)
    note = form.save()
    notes.record_write(request.user)
    if not request.htmx:
        return redirect(_speech_notes_url(paragraph, note.anchor))
    context = notes.panel_context(request, paragraph)
    context["counts_changed"] = True
    return render_htmx(request, template, "panel", context)


@require_safe
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    """A note's address: it redirects to the note in its paragraph, for those who may see it; an orphaned
    note (its paragraph gone from a corrected speech) is at the end of the speech page."""
    note = get_object_or_404(
        Note.objects.visible_to(request.user).select_related("paragraph__speech", "speech"), pk=note_id
    )
    if note.paragraph is None:
        return redirect(f"{note.speech.get_absolute_url()}#orphans-title")
    return redirect(_speech_notes_url(note.paragraph, note.anchor))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers(*VARY)
@cache_control(private=True)
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(
        Note.objects.editable_by(request.user).select_related("author", "paragraph__speech"), pk=note_id
    )
    form = NoteEditForm(request.POST or None, instance=note, auto_id=f"edit-{note.pk}-%s")
    wait = notes.write_wait(request.user) if request.method == "POST" else 0
    if wait:
        form.is_valid()
        form.add_error("body", notes.wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.edited_at = timezone.now()
        note.save(update_fields=["body", "edited_at"])
        notes.record_write(request.user)
        if not request.htmx:
            return redirect(_speech_notes_url(note.paragraph, note.anchor))
        membership = groups.current_membership(request)
        replies = Note.objects.visible_to(request.user).filter(parent=note).select_related("author")
        note.visible_replies = [
            notes.prepare_note(reply, request.user, membership, note.paragraph) for reply in replies
        ]
        notes.prepare_note(note, request.user, membership, note.paragraph)
        context = {"note": note, "paragraph": note.paragraph, "speech": note.paragraph.speech, "actions": True}
        return render(request, "annotations/note.html", context)
    status = TOO_MANY if wait else INVALID if form.is_bound else 200
    context = {"note": note, "form": form, "paragraph": note.paragraph}
    response = render_htmx(request, "annotations/note_edit.html", "edit_form", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
@cache_control(private=True)
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(
        Note.objects.deletable_by(request.user).select_related("paragraph__speech", "speech"), pk=note_id
    )
    paragraph, speech = note.paragraph, note.speech
    note.delete()
    if paragraph is None:  # an orphan: deleted from My notes, the notebook or the end of the speech page
        if request.htmx:
            return HttpResponse("")
        messages.success(request, _("The note has been deleted."))
        return HttpResponseRedirect(safe_next(request, f"{speech.get_absolute_url()}#orphans-title"))
    if not request.htmx:
        messages.success(request, _("The note has been deleted."))
        return HttpResponseRedirect(safe_next(request, _speech_notes_url(paragraph)))
    context = notes.panel_context(request, paragraph)
    context["list_emptied"] = not context["notes"]
    return render(request, "annotations/paragraph_notes.html#counts_oob", context)


@login_required
@require_safe
@cache_control(private=True)
def my_notes(request: HttpRequest) -> HttpResponse:
    """The user's own notes in every group they were ever in, private ones included, to read and delete."""
    own = own_notes.own_notes(request.user)
    member_of = set(Membership.objects.filter(user=request.user).values_list("group_id", flat=True))
    by_group = []
    for group, items in groupby(own, key=lambda note: note.group):
        items = list(items)
        for note in items:  # one's own notes: to delete here, to edit where they stand
            note.can_edit, note.can_delete = False, True
        by_group.append({"group": group, "notes": items, "former": group.pk not in member_of})
    return render(request, "annotations/my_notes.html", {"groups": by_group})


@login_required
@require_safe
@cache_control(private=True)
def my_notes_csv(request: HttpRequest) -> HttpResponse:
    text = own_notes.as_csv(own_notes.own_notes(request.user), request.build_absolute_uri)
    name = f"my-notes-{timezone.localdate():%Y%m%d}.csv"
    return download(text, "text/csv; charset=utf-8", name, as_attachment=True)


# ---------------------------------------------------------------- the notebook and its exports


@login_required
@require_safe
@cache_control(private=True)
def notebook_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = groups.membership_or_404(request, slug)
    by = "member" if request.GET.get("by") == "member" else "paragraph"
    context = {"group": membership.group, "membership": membership, "by": by}
    if by == "member":
        context["members"] = notebook.by_member(membership.group)
    else:
        context["record"] = notebook.group_record(membership.group)
        context["orphans"] = notebook.orphaned_notes(membership.group)
    return render(request, "annotations/notebook.html", context)


def _export_name(group: StudyGroup, extension: str) -> str:
    return f"{group.slug}-notebook-{timezone.localdate():%Y%m%d}.{extension}"


@login_required
@require_safe
@cache_control(private=True)
def notebook_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups.membership_or_404(request, slug).group
    text = notebook.as_markdown(group, notebook.group_record(group), request.build_absolute_uri)
    return download(text, "text/markdown; charset=utf-8", _export_name(group, "md"), as_attachment=False)


@login_required
@require_safe
@cache_control(private=True)
def notebook_csv(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups.membership_or_404(request, slug).group
    text = notebook.as_csv(notebook.group_record(group), request.build_absolute_uri)
    return download(text, "text/csv; charset=utf-8", _export_name(group, "csv"), as_attachment=True)


@login_required
@require_safe
@cache_control(private=True)
def notebook_jsonld(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups.membership_or_404(request, slug).group
    collection = notebook.as_annotation_collection(
        group,
        notebook.group_record(group),
        request.build_absolute_uri,
        request.build_absolute_uri(reverse("annotations:notebook_jsonld", args=[group.slug])),
        notebook.orphaned_notes(group),
    )
    # The content type the Web Annotation Protocol uses for annotation collections.
    response = JsonResponse(
        collection,
        content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = content_disposition_header(False, _export_name(group, "jsonld"))
    return response


# ---------------------------------------------------------------- notes found by a search


@require_safe
@cache_control(private=True)
def note_search_page(request: HttpRequest) -> HttpResponse:
    """The notes the reader may see that hold the query; the search page loads it in place."""
    query = request.GET.get("q", "").strip()
    membership = groups.current_membership(request)
    matches = note_search.matching_notes(request.user, membership.group if membership else None, query)
    context = {"query": query, "matches": matches, "membership": membership}
    return render_htmx(request, "annotations/note_search.html", "note_results", context)

"""A group's study sessions: planning them, the session page (questions, confusion report, preparation),
and the record kept after the meeting (attendance, summary, conclusions). Exports are in exports.py."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations.groups import membership_or_404
from annotations.models import Membership
from core.htmx import INVALID, render_htmx
from speeches.models import Speech

from . import agenda, planning, preparation, questions
from .forms import AttendanceForm, ConclusionForm, ProgressForm, SessionForm, SettingsForm, SummaryForm
from .models import Attendance, GroupCalendar, MemberSettings, Session


def session_or_404(request: HttpRequest, group_slug: str, pk: int) -> tuple[Session, Membership]:
    """A session the user may see (a 404 for anyone else), and the user's membership of its group."""
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related("group", "speech", "leader", "organiser"),
        pk=pk,
        group__slug=group_slug,
    )
    membership = Membership.objects.get(group=session.group, user=request.user)
    membership.group = session.group
    return session, membership


def organiser_only(membership: Membership) -> None:
    """Members who are not organisers may look, not plan or keep the record: 403. (The membership is of the
    session's group, so this is SessionQuerySet.organised_by's rule without asking the database again.)"""
    if not membership.is_organiser:
        raise PermissionDenied(_("Only the group's organisers can do this."))


# ---------------------------------------------------------------- planning


@login_required
@require_safe
@cache_control(private=True)
def session_list(request: HttpRequest, group: str) -> HttpResponse:
    membership = membership_or_404(request, group)
    sessions = Session.objects.visible_to(request.user).filter(group=membership.group).select_related("speech")
    calendar, _created = GroupCalendar.objects.get_or_create(group=membership.group)
    context = {
        "group": membership.group,
        "membership": membership,
        "upcoming": list(sessions.upcoming()),
        "past": list(sessions.past()),
        "feed_url": request.build_absolute_uri(calendar.get_absolute_url()),
    }
    return render(request, "meetings/session_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True)
def session_create(request: HttpRequest, group: str) -> HttpResponse:
    membership = membership_or_404(request, group)
    organiser_only(membership)
    initial = {"speech": request.GET.get("speech", "")}
    form = SessionForm(request.POST or None, group=membership.group, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = planning.save_session(membership.group, form.plan(), request.user)
        messages.success(request, _("The session “%(title)s” is planned.") % {"title": session.title})
        return redirect(session)
    context = {"group": membership.group, "form": form, "session": None}
    return render(request, "meetings/session_form.html", context, status=INVALID if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True)
def session_edit(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, membership = session_or_404(request, group, pk)
    organiser_only(membership)
    form = SessionForm(request.POST or None, group=membership.group, session=session)
    if request.method == "POST" and form.is_valid():
        planning.save_session(membership.group, form.plan(), request.user, session=session)
        messages.success(request, _("The session has been updated."))
        return redirect(session)
    context = {"group": membership.group, "form": form, "session": session}
    return render(request, "meetings/session_form.html", context, status=INVALID if form.is_bound else 200)


@login_required
@require_POST
def session_delete(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, membership = session_or_404(request, group, pk)
    organiser_only(membership)
    session.delete()  # a reminder still queued for it finds nothing to send
    messages.success(request, _("The session “%(title)s” has been deleted.") % {"title": session.title})
    return redirect("meetings:session_list", group=membership.group.slug)


# ---------------------------------------------------------------- the session page


def detail_context(request: HttpRequest, session: Session, membership: Membership, **forms) -> dict:
    """Everything the session page shows `request.user`; `forms` are bound forms to show with their errors."""
    organiser = membership.is_organiser
    members = [m.user for m in session.group.memberships.select_related("user").order_by("user__username")]
    attendance = {row.user_id: row.present for row in Attendance.objects.filter(session=session)}
    items = questions.question_items(session, request.user)
    if organiser:
        failed_id, failed = forms.get("conclusion_form", (None, None))
        items = [
            replace(
                item,
                conclusion_form=failed
                if item.note.pk == failed_id
                else ConclusionForm(initial={"conclusion": item.note.conclusion}, auto_id=f"{item.anchor}-%s"),
            )
            for item in items
        ]
    attendance_form = forms.get("attendance_form") or AttendanceForm(
        members=members, initial={"present": [u.get_username() for u in members if attendance.get(u.pk)]}
    )
    reading_url = session.reading_path
    return {
        "session": session,
        "group": session.group,
        "membership": membership,
        "organiser": organiser,
        "reading_url": reading_url,
        "discussion": agenda.discussion_questions(session.questions),
        "questions": items,
        "confusion": questions.confusion_report(session),
        "preparation": preparation.preparation(session, membership),
        "attendance_taken": bool(attendance),
        "present": [u.get_username() for u in members if attendance.get(u.pk) is True],
        "absent": [u.get_username() for u in members if attendance.get(u.pk) is False],
        "attendance_form": attendance_form,
        "summary_form": forms.get("summary_form") or SummaryForm(instance=session),
        "member_settings": MemberSettings.of(request.user),
    }


@login_required
@require_safe
@cache_control(private=True)
def session_detail(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, membership = session_or_404(request, group, pk)
    return render(request, "meetings/session_detail.html", detail_context(request, session, membership))


@login_required
@require_POST
def session_read(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    """ "Read it": records that the member opened the reading (also without JavaScript), then opens it."""
    session, _membership = session_or_404(request, group, pk)
    preparation.record_reading(request.user, session.speech)
    return redirect(session.reading_path)


def _question_or_404(session: Session, note_id: int):
    note = questions.session_questions(session).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return note


@login_required
@require_POST
@cache_control(private=True)
def question_vote(request: HttpRequest, group: str, pk: int, note_id: int) -> HttpResponse:
    """ "我也想问": add or take back the member's vote on a question (not on their own)."""
    session, membership = session_or_404(request, group, pk)
    note = _question_or_404(session, note_id)
    if note.author_id != request.user.pk:
        questions.toggle_vote(note, request.user)
    anchor = f"question-{note.pk}"
    if not request.htmx:
        return redirect(f"{session.get_absolute_url()}#{anchor}")
    context = detail_context(request, session, membership)
    context["item"] = next(item for item in context["questions"] if item.note.pk == note.pk)
    return render_htmx(request, "meetings/session_detail.html", "question", context)


@login_required
@require_POST
def question_resolve(request: HttpRequest, group: str, pk: int, note_id: int) -> HttpResponse:
    """An organiser marks a question resolved with the group's conclusion, or opens it again."""
    session, membership = session_or_404(request, group, pk)
    organiser_only(membership)
    note = _question_or_404(session, note_id)
    anchor = f"question-{note.pk}"
    if request.POST.get("reopen"):
        questions.reopen(note)
        return redirect(f"{session.get_absolute_url()}#{anchor}")
    form = ConclusionForm(request.POST, auto_id=f"{anchor}-%s")
    if not form.is_valid():
        context = detail_context(request, session, membership, conclusion_form=(note.pk, form))
        return render(request, "meetings/session_detail.html", context, status=INVALID)
    questions.resolve(note, request.user, form.cleaned_data["conclusion"])
    return redirect(f"{session.get_absolute_url()}#{anchor}")


# ---------------------------------------------------------------- after the meeting


@login_required
@require_POST
def session_attendance(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    """Who was present (`present`, once per username ticked); every other member was absent."""
    session, membership = session_or_404(request, group, pk)
    organiser_only(membership)
    members = [m.user for m in membership.group.memberships.select_related("user").order_by("user__username")]
    form = AttendanceForm(request.POST, members=members)
    if not form.is_valid():
        context = detail_context(request, session, membership, attendance_form=form)
        return render(request, "meetings/session_detail.html", context, status=INVALID)
    planning.take_attendance(session, members, set(form.cleaned_data["present"]))
    messages.success(request, _("Attendance has been recorded."))
    return redirect(f"{session.get_absolute_url()}#after")


@login_required
@require_POST
def session_summary(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, membership = session_or_404(request, group, pk)
    organiser_only(membership)
    form = SummaryForm(request.POST, instance=session)
    if not form.is_valid():
        context = detail_context(request, session, membership, summary_form=form)
        return render(request, "meetings/session_detail.html", context, status=INVALID)
    Session.objects.filter(pk=session.pk).update(summary=form.cleaned_data["summary"])
    messages.success(request, _("The summary has been saved."))
    return redirect(f"{session.get_absolute_url()}#after")


# ---------------------------------------------------------------- reading progress and a member's choices


@login_required
@require_POST
def record_progress(request: HttpRequest, slug: str) -> HttpResponse:
    """The speech page's record of a member's reading: opened, and the furthest paragraph shown."""
    speech = get_object_or_404(Speech, slug=slug)
    if not Membership.objects.filter(user=request.user).exists():
        raise PermissionDenied(_("Reading is recorded for members of a study group only."))
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    preparation.record_reading(request.user, speech, form.cleaned_data["furthest"])
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(speech)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True)
def member_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=MemberSettings.of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings have been saved."))
        return redirect("meetings:settings")
    return render(request, "meetings/settings.html", {"form": form}, status=INVALID if form.is_bound else 200)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/privacy.html")


@login_required
@require_POST
def calendar_rotate(request: HttpRequest, group: str) -> HttpResponse:
    """A new secret address for the group's calendar feed; the old one stops working at once."""
    membership = membership_or_404(request, group)
    organiser_only(membership)
    planning.rotate_feed(membership.group)
    messages.success(request, _("The calendar has a new address; subscriptions to the old one stop updating."))
    return redirect(reverse("meetings:session_list", args=[membership.group.slug]) + "#calendar")

"""A session's documents: the minutes (print view, .docx, .md), its .ics, and the group's calendar feed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.downloads import download

from . import calendars
from .minutes import as_markdown, build_minutes, header_rows, speech_line
from .minutes_docx import as_docx
from .models import GroupCalendar
from .views import session_or_404

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS = "text/calendar; charset=utf-8"


def _file_name(session, extension: str) -> str:
    return f"{session.group.slug}-{timezone.localtime(session.starts_at):%Y%m%d}-学习记录.{extension}"


@login_required
@require_safe
@cache_control(private=True)
def minutes_page(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    """The minutes to print (A4, page numbers) or read on screen."""
    session, membership = session_or_404(request, group, pk)
    minutes = build_minutes(session, request.build_absolute_uri)
    context = {
        "session": session,
        "group": membership.group,
        "minutes": minutes,
        "header_rows": header_rows(minutes),
        "speech_line": speech_line(minutes),
    }
    return render(request, "meetings/minutes.html", context)


@login_required
@require_safe
@cache_control(private=True)
def minutes_docx(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, _membership = session_or_404(request, group, pk)
    content = as_docx(build_minutes(session, request.build_absolute_uri))
    return download(content, DOCX, _file_name(session, "docx"))


@login_required
@require_safe
@cache_control(private=True)
def minutes_markdown(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, _membership = session_or_404(request, group, pk)
    text = as_markdown(build_minutes(session, request.build_absolute_uri))
    return download(text, "text/markdown; charset=utf-8", _file_name(session, "md"), as_attachment=False)


@login_required
@require_safe
@cache_control(private=True)
def session_ics(request: HttpRequest, group: str, pk: int) -> HttpResponse:
    session, _membership = session_or_404(request, group, pk)
    content = calendars.session_ics(session, request.build_absolute_uri)
    return download(content, ICS, f"{session.group.slug}-session-{session.pk}.ics")


@require_safe
@cache_control(private=True)
def calendar_feed(request: HttpRequest, group: str, token: str) -> HttpResponse:
    """The group's feed for calendar apps, without logging in: its secret address is the permission."""
    calendar = GroupCalendar.objects.select_related("group").filter(group__slug=group, token=token).first()
    if calendar is None:
        raise Http404
    content = calendars.group_feed(calendar.group, request.build_absolute_uri)
    return download(content, ICS, f"{calendar.group.slug}-sessions.ics", as_attachment=False)

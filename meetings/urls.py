from django.urls import path

from . import exports, views

app_name = "meetings"

SESSION = "groups/<slug:group>/sessions/<int:pk>"

urlpatterns = [
    path("groups/<slug:group>/sessions/", views.session_list, name="session_list"),
    path("groups/<slug:group>/sessions/new/", views.session_create, name="session_create"),
    path("groups/<slug:group>/sessions/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("groups/<slug:group>/sessions/calendar/<str:token>.ics", exports.calendar_feed, name="calendar_feed"),
    path(f"{SESSION}/", views.session_detail, name="session_detail"),
    path(f"{SESSION}/edit/", views.session_edit, name="session_edit"),
    path(f"{SESSION}/delete/", views.session_delete, name="session_delete"),
    path(f"{SESSION}/read/", views.session_read, name="session_read"),
    path(f"{SESSION}/questions/<int:note_id>/vote/", views.question_vote, name="question_vote"),
    path(f"{SESSION}/questions/<int:note_id>/resolve/", views.question_resolve, name="question_resolve"),
    path(f"{SESSION}/attendance/", views.session_attendance, name="session_attendance"),
    path(f"{SESSION}/summary/", views.session_summary, name="session_summary"),
    path(f"{SESSION}/minutes/", exports.minutes_page, name="minutes"),
    path(f"{SESSION}/minutes.docx", exports.minutes_docx, name="minutes_docx"),
    path(f"{SESSION}/minutes.md", exports.minutes_markdown, name="minutes_markdown"),
    path(f"{SESSION}.ics", exports.session_ics, name="session_ics"),
    path("speeches/<str:slug>/progress/", views.record_progress, name="record_progress"),
    path("settings/sessions/", views.member_settings, name="settings"),
    path("privacy/", views.privacy, name="privacy"),
]

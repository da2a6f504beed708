from django.contrib import admin

from .models import Attendance, Session


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "speech"]
    list_filter = ["group"]
    search_fields = ["title", "place", "summary"]
    raw_id_fields = ["speech", "leader", "organiser"]
    inlines = [AttendanceInline]

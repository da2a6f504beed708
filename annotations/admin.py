from django.contrib import admin

from .models import Membership, Note, StudyGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "description"]
    inlines = [MembershipInline]
    readonly_fields = ["invite_token"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "group", "visibility", "created_at", "edited_at"]
    list_filter = ["visibility", "group"]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["author", "paragraph", "parent"]

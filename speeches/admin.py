from django.contrib import admin

from .models import Paragraph, Speech


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ["number", "text"]
    extra = 0


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "date", "slug", "imported_at"]
    list_filter = ["speaker", "date"]
    search_fields = ["title", "speaker", "slug", "source_note"]
    readonly_fields = ["checksum", "imported_at", "source_file"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["speech", "number", "text"]
    list_filter = ["speech"]
    search_fields = ["text"]
    list_select_related = ["speech"]

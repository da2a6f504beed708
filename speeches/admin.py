from django.contrib import admin

from .models import Collection, Paragraph, Speech


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ["number", "text"]
    extra = 0


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "date", "slug", "imported_at", "archived_at"]
    list_filter = ["speaker", "date", "archived_at", "collections"]
    filter_horizontal = ["collections"]
    search_fields = ["title", "speaker", "slug", "source_note"]
    readonly_fields = ["checksum", "imported_at", "source_file"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["speech", "number", "text"]
    list_filter = ["speech"]
    search_fields = ["text"]
    list_select_related = ["speech"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

"""The admin shows the library and changes it only through speeches/actions.py.

A paragraph's text is corrected on the speech page (which re-anchors the notes and shows what happens to
them first), so here paragraphs and headings are read-only. A speech's details, collections, archiving and
deletion go through the actions, so that search, the library's revision and the background work follow,
as they do for the same change made in the library's own pages.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import Collection, Heading, Paragraph, Speech


class ReadOnly:
    """Nothing added, changed or deleted here: for a ModelAdmin and an inline alike."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


class HeadingInline(ReadOnlyInline):
    model = Heading
    fields = ["sequence", "level", "text", "before"]


class ParagraphInline(ReadOnlyInline):
    model = Paragraph
    fields = ["number", "text"]


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "date", "slug", "imported_at", "archived_at"]
    list_filter = ["speaker", "date", "archived_at", "collections"]
    filter_horizontal = ["collections"]
    search_fields = ["title", "speaker", "slug", "source_note"]
    fields = [
        *actions.DETAIL_FIELDS,
        "collections",
        "slug",
        "source_file",
        "checksum",
        "imported_at",
        "archived_at",
        "revision",
    ]
    readonly_fields = ["slug", "source_file", "checksum", "imported_at", "archived_at", "revision"]
    inlines = [HeadingInline, ParagraphInline]
    actions = ["archive_selected", "restore_selected"]

    def has_add_permission(self, request) -> bool:
        # A speech is added from a file or pasted text on the library's page, which reads and checks it.
        return False

    def save_model(self, request, obj, form, change) -> None:
        details = {name: form.cleaned_data[name] for name in actions.DETAIL_FIELDS if name in form.changed_data}
        if details:
            actions.update_details(obj, **details)

    def save_related(self, request, form, formsets, change) -> None:
        # Inlines are read-only: only the collections are saved, through the actions. commit=False writes
        # nothing, and lets the admin's change message list what (nothing) changed in them.
        for formset in formsets:
            formset.save(commit=False)
        if "collections" in form.changed_data:
            actions.set_collections(form.instance, form.cleaned_data["collections"])

    def delete_model(self, request, obj) -> None:
        try:
            actions.delete(obj)
        except actions.NotesKeepSpeech:
            self.message_user(
                request, gettext("This speech has notes: it cannot be deleted. Archive it instead."), messages.ERROR
            )

    def delete_queryset(self, request, queryset) -> None:
        for speech in queryset:
            self.delete_model(request, speech)

    @admin.action(description=_("Archive the selected speeches (withdraw them from the library and search)"))
    def archive_selected(self, request, queryset) -> None:
        speeches = list(queryset.filter(archived_at=None))
        for speech in speeches:
            actions.archive(speech)
        self.message_user(
            request,
            ngettext("%(count)d speech archived.", "%(count)d speeches archived.", len(speeches))
            % {"count": len(speeches)},
        )

    @admin.action(description=_("Restore the selected speeches to the library and search"))
    def restore_selected(self, request, queryset) -> None:
        speeches = list(queryset.exclude(archived_at=None))
        for speech in speeches:
            actions.restore(speech)
        self.message_user(
            request,
            ngettext("%(count)d speech restored.", "%(count)d speeches restored.", len(speeches))
            % {"count": len(speeches)},
        )


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: correct a paragraph on its speech's page ("更正"), which keeps the notes on their words."""

    list_display = ["speech", "number", "text"]
    list_filter = ["speech"]
    search_fields = ["text"]
    list_select_related = ["speech"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

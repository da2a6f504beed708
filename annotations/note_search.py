"""Notes found by a search: the ones the reader may see that hold every term of the query.

Read from the database, not from the search index (which each web host keeps for itself): a
note saved through one host is found through every other at once. What a reader may see here is
narrower than `Note.objects.visible_to`: the current group's shared notes and the reader's own
private notes, as on the speech page. Matching folds like the search (traditional → simplified,
full-width → half-width, lower case) and is exact: every term in the note's text or its quote. Each note
keeps that folded text (`Note.folded`), so the database does the matching, limiting and counting: one
`folded LIKE '%term%'` per term (a trigram GIN index serves it on PostgreSQL), never a scan in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString

from speeches import search

from .models import Note

MAX_SHOWN = 50


@dataclass
class FoundNote:
    note: Note
    body: SafeString  # marked
    quote: SafeString


@dataclass
class NoteMatches:
    terms: list[str]
    found: list[FoundNote]
    total: int


def readable_notes(user, group):
    """The notes a search may show `user`: `group`'s shared notes and the user's own private notes."""
    if not user.is_authenticated:
        return Note.objects.none()
    mine = Q(author=user, visibility=Note.Visibility.PRIVATE)
    shared = Q(group=group, visibility=Note.Visibility.GROUP) if group is not None else Q(pk__in=[])
    # No DISTINCT: visible_to joins the reader's one membership of each group (a unique pair), so no note
    # comes twice, and DISTINCT over every column of 20,000 notes cost more than the search itself.
    return Note.objects.visible_to(user).filter(shared | mine)


def matching_notes(user, group, query: str) -> NoteMatches:
    """The readable notes holding every term of the query, newest first (MAX_SHOWN of them)."""
    terms = search.parse_query(query)[2]
    if not terms:
        return NoteMatches(terms, [], 0)
    notes = readable_notes(user, group)
    for term in terms:
        notes = notes.filter(folded__contains=term)
    total = notes.count()
    shown = notes.select_related("speech", "author").order_by("-created_at", "-pk")[:MAX_SHOWN]
    found = [FoundNote(note, search.highlight(note.body, terms), search.highlight(note.exact, terms)) for note in shown]
    return NoteMatches(terms, found, total)

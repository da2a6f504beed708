"""Quote anchors: finding a note's words in a paragraph, and finding them again after a correction.

A quote is `exact` (the words), `prefix` and `suffix` (up to 32 characters on each side) and
`start`/`end` (code-point offsets into the paragraph's text). When a speech is imported again,
`reanchor_speech` takes every note of it through these steps, in order:

1. the same paragraph still has `exact` at `start` → unchanged;
2. `exact` elsewhere in the same paragraph → moved (best prefix/suffix agreement, then nearest);
3. `exact` in another paragraph → the note moves there;
4. a close match in the paragraph or the speech → fuzzy, scored as Hypothesis scores its anchors
   (quote similarity 50, prefix 20, suffix 20, position 2), accepted within an edit distance of a
   quarter of the quote's length (rapidfuzz's Levenshtein);
5. otherwise → orphaned: kept, with its first quote and its last paragraph number.

A note on a whole paragraph follows its paragraph record, and is orphaned when the paragraph goes.
No step deletes a note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from speeches import search
from speeches.models import Paragraph

from .models import QUOTE_CONTEXT_CHARS, Note

WEIGHTS = {"quote": 50, "prefix": 20, "suffix": 20, "position": 2}


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def quote_at(text: str, start: int, end: int) -> Quote:
    """The quote of text[start:end], with its context as it stands in the text."""
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - QUOTE_CONTEXT_CHARS) : start],
        suffix=text[end : end + QUOTE_CONTEXT_CHARS],
        start=start,
        end=end,
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole jieba words (with the user dictionary): 国之大 → 国之大者."""
    for word_start, word_end in search.word_spans(text):
        if word_start < start < word_end:
            start = word_start
        if word_start < end < word_end:
            end = word_end
    return start, end


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the context agree around text[start:end]."""
    return _common_suffix(text[:start], prefix) + _common_prefix(text[end:], suffix)


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "", near: int | None = None) -> int | None:
    """The start of `exact` in text: among repeats, the best context agreement, then the nearest to `near`."""
    if not exact:
        return None
    starts, position = [], text.find(exact)
    while position != -1:
        starts.append(position)
        position = text.find(exact, position + 1)
    if not starts:
        return None
    return max(
        starts,
        key=lambda s: (_agreement(text, s, s + len(exact), prefix, suffix), -abs(s - near) if near is not None else 0),
    )


def locate(text: str, exact: str, prefix: str = "", suffix: str = "", start: int | None = None) -> Quote | None:
    """The quote where the client said it is, or where `exact` stands in the text; None if it does not."""
    if start is not None and text[start : start + len(exact)] == exact and exact:
        return quote_at(text, start, start + len(exact))
    found = find_exact(text, exact, prefix, suffix, start)
    return None if found is None else quote_at(text, found, found + len(exact))


@dataclass(frozen=True)
class FuzzyMatch:
    start: int
    end: int
    score: float


def _similarity(a: str, b: str) -> float:
    return 1.0 if not a and not b else fuzz.ratio(a, b) / 100


def fuzzy_find(text: str, note: Note) -> FuzzyMatch | None:
    """The closest wording of the note's quote in text, if within a quarter of its length in edits."""
    exact = note.exact
    limit = len(exact) // 4
    if limit == 0 or not text:
        return None
    alignment = fuzz.partial_ratio_alignment(exact, text)
    if alignment is None or alignment.score == 0:
        return None
    # partial_ratio aligns windows of the quote's length: let the window grow or shrink by the edits allowed.
    candidates = [
        (
            Levenshtein.distance(exact, text[start:end], score_cutoff=limit + 1),
            abs(end - start - len(exact)),
            start,
            end,
        )
        for start in range(max(0, alignment.dest_start - limit), min(len(text), alignment.dest_start + limit) + 1)
        for end in range(max(start + 1, alignment.dest_end - limit), min(len(text), alignment.dest_end + limit) + 1)
    ]
    distance, _, start, end = min(candidates)
    if distance > limit:
        return None
    closeness = 1.0 if note.start is None else 1 - min(1.0, abs(start - note.start) / max(len(text), 1))
    score = (
        WEIGHTS["quote"] * (1 - distance / len(exact))
        + WEIGHTS["prefix"] * _similarity(text[max(0, start - len(note.prefix)) : start], note.prefix)
        + WEIGHTS["suffix"] * _similarity(text[end : end + len(note.suffix)], note.suffix)
        + WEIGHTS["position"] * closeness
    )
    return FuzzyMatch(start, end, score)


def _place(note: Note, paragraph, quote: Quote, anchoring: str) -> None:
    note.paragraph, note.paragraph_number = paragraph, paragraph.number
    note.exact, note.prefix, note.suffix, note.start, note.end = (
        quote.exact,
        quote.prefix,
        quote.suffix,
        quote.start,
        quote.end,
    )
    note.anchoring = anchoring


def reanchor(note: Note, paragraphs: list, by_id: dict) -> str:
    """Find the note's words again (the steps in the module docstring); returns what happened to it."""
    own = by_id.get(note.paragraph_id)
    if not note.exact:  # a note on the whole paragraph follows the paragraph's record
        if own is None:
            note.paragraph, note.anchoring = None, Note.Anchoring.ORPHANED
            return "orphaned"
        note.paragraph_number = own.number
        return "unchanged"
    if own is not None and note.start is not None and own.text[note.start : note.end] == note.exact:
        if note.anchoring == Note.Anchoring.ORPHANED:
            note.anchoring = Note.Anchoring.MOVED
        note.paragraph_number = own.number
        return "unchanged"
    if (
        own is not None
        and (found := find_exact(own.text, note.exact, note.prefix, note.suffix, note.start)) is not None
    ):
        _place(note, own, quote_at(own.text, found, found + len(note.exact)), Note.Anchoring.MOVED)
        return "moved"
    elsewhere = [
        (paragraph, start)
        for paragraph in paragraphs
        if paragraph is not own
        and (start := find_exact(paragraph.text, note.exact, note.prefix, note.suffix, note.start)) is not None
    ]
    if elsewhere:
        paragraph, start = max(
            elsewhere,
            key=lambda item: (
                _agreement(item[0].text, item[1], item[1] + len(note.exact), note.prefix, note.suffix),
                -abs(item[0].number - note.paragraph_number),
            ),
        )
        _place(note, paragraph, quote_at(paragraph.text, start, start + len(note.exact)), Note.Anchoring.MOVED)
        return "moved"
    matches = [(match, paragraph) for paragraph in paragraphs if (match := fuzzy_find(paragraph.text, note))]
    if matches:
        # Ties go to the note's own paragraph, then the nearest.
        match, paragraph = max(
            matches, key=lambda item: (item[0].score, item[1] is own, -abs(item[1].number - note.paragraph_number))
        )
        _place(note, paragraph, quote_at(paragraph.text, match.start, match.end), Note.Anchoring.FUZZY)
        return "fuzzy"
    note.paragraph, note.anchoring = None, Note.Anchoring.ORPHANED
    return "orphaned"


ANCHOR_FIELDS = ["paragraph", "paragraph_number", "exact", "prefix", "suffix", "start", "end", "anchoring"]


def reanchor_speech(speech) -> Counter:
    """Anchor every note of the speech again on its current paragraphs; replies follow their notes.

    Counts what happened: unchanged, moved, fuzzy, orphaned (top-level notes and highlights). Only
    the notes that moved are written one by one; the paragraph numbers of the rest (which shift when
    a paragraph is inserted above) are refreshed by one UPDATE.
    """
    paragraphs = list(speech.paragraphs.order_by("number"))
    by_id = {paragraph.pk: paragraph for paragraph in paragraphs}
    notes = list(Note.objects.filter(speech=speech).only("pk", "parent_id", "speech_id", "body", *ANCHOR_FIELDS))
    counts: Counter = Counter()
    changed: dict[int, Note] = {}
    top_level = {note.pk: note for note in notes if note.parent_id is None}
    for note in top_level.values():
        before = _anchor_of(note)
        counts[reanchor(note, paragraphs, by_id)] += 1
        if _anchor_of(note) != before:
            changed[note.pk] = note
    for reply in (note for note in notes if note.parent_id is not None):
        parent = top_level[reply.parent_id]
        before = _anchor_of(reply)
        reply.paragraph = parent.paragraph
        reply.anchoring = Note.Anchoring.ORPHANED if parent.is_orphaned else Note.Anchoring.EXACT
        if _anchor_of(reply) != before:
            changed[reply.pk] = reply
    for note in changed.values():
        fields = {name: getattr(note, name) for name in ANCHOR_FIELDS}
        Note.objects.filter(pk=note.pk).update(**fields, folded=note.folded_text())  # a fuzzy quote has new words
    number = Paragraph.objects.filter(pk=OuterRef("paragraph_id")).values("number")[:1]
    Note.objects.filter(speech=speech, paragraph__isnull=False).update(paragraph_number=Subquery(number))
    return counts


def _anchor_of(note: Note) -> tuple:
    return (note.paragraph_id, note.exact, note.prefix, note.suffix, note.start, note.end, note.anchoring)


def reanchor_on_import(sender, speech, **kwargs) -> Counter:
    """speeches.signals.paragraphs_changed: the notes follow the words of the corrected speech."""
    return reanchor_speech(speech)

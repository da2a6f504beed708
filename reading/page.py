"""The speech page's view model, and the part that every reader shares drawn once per version of the speech.

`paragraph_rows` turns a speech's records into frozen `ParagraphRow`s carrying every field that
templates/reading/speech_text.html prints, the paragraph's text as HTML included; the template only prints them.

A long report has hundreds of paragraphs, and the template engine resolving each row's fields was most of the
page's cost (the 185 paragraphs of the Hainan report: about 50 ms). So `shared_text` draws what is the same
for every reader of one kind (signed-in member or not, editor or not, in one language): the key phrases and
first uses, the outline, the paragraphs with their headings and similar-passage counts, the appendix. It
keeps the result in Django's cache, under a key that changes with the speech (its revision, which every change
to it raises) and with what the rest of the library adds to it (its similar passages, its first
uses, its key phrases): nothing stale is ever served, and nothing needs clearing.

What depends on the reader is marked in the template by `{% reader_slot %}`: the group's note count of each
paragraph, the marks of the group's quotes or of a search, the group's notes printed in the handout, an open
notes panel. Each request gathers those (`ReaderParts`) and fills them in (`fill`), without the template engine.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape  # the standard library's: no lazy-string wrapping per piece of text

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.languages import chinese_lang_attr
from speeches.caching import RevisionCache
from speeches.models import Heading, Paragraph, Speech

from . import marks
from .outline import OutlineEntry, appendix_lines, build_outline

TEMPLATE = "reading/speech_text.html"
# A longer outline (a government work report) starts folded, so that phones reach the text.
OUTLINE_OPEN_MAX = 12
CACHE_SECONDS = 7 * 24 * 3600  # a key never goes stale (it names what the text was drawn from): this only frees space
# A paragraph number no speech has, to reverse a paragraph URL once and fill the number in.
PLACEHOLDER = 987654321


# ---------------------------------------------------------------- the rows


@dataclass(frozen=True)
class HeadingRow:
    anchor: str
    level: int  # 1 for 一、…, 2 for （一）…
    text: str


@dataclass(frozen=True)
class ParagraphRow:
    """A paragraph as the speech page prints it."""

    number: int
    anchor: str
    text_html: SafeString  # the text, its lead sentence bold; marked where the group quoted it or a search matched
    headings_before: tuple[HeadingRow, ...] = ()
    notes_url: str = ""  # its notes panel; "" for a reader without a study group (no notes shown)
    text_url: str = ""  # its text alone, redrawn after the group marked words
    parallels_url: str = ""
    parallel_count: int = 0  # paragraphs of other speeches that share a passage with it
    edit_url: str = ""  # "" for a reader who may not correct it
    # The reader's: filled in per request (`ReaderParts`), drawn blank for the text every reader shares.
    note_count: int = 0
    handout_html: SafeString = SafeString("")  # the group's notes as the printed handout shows them
    panel_html: SafeString = SafeString("")  # its notes panel, when the page opens it (?notes=N)


def text_html(text: str, lead_length: int) -> SafeString:
    """The paragraph's text as HTML: its enumerated lead sentence (第一，…。) bold."""
    if not lead_length:
        return mark_safe(escape(text))
    return mark_safe(f'<strong class="para__lead">{escape(text[:lead_length])}</strong>{escape(text[lead_length:])}')


def query_html(lead_length: int, marked_lead: str, marked_rest: str) -> SafeString:
    """The text with a search's matches marked (`search.highlight_split` at the lead sentence's end)."""
    lead = f'<strong class="para__lead">{marked_lead}</strong>' if lead_length else ""
    return mark_safe(lead + marked_rest)


def url_pattern(name: str, slug: str) -> str:
    """A paragraph URL with "{}" for its number: reversed once, as it is the same for every paragraph."""
    return reverse(name, args=[slug, PLACEHOLDER]).replace(str(PLACEHOLDER), "{}")


@dataclass(frozen=True)
class Urls:
    """The speech's paragraph URLs, each with "{}" for the paragraph's number ("" for none)."""

    notes: str = ""
    text: str = ""
    parallels: str = ""
    edit: str = ""

    @classmethod
    def of(cls, slug: str, *, member: bool, editor: bool) -> Urls:
        return cls(
            notes=url_pattern("annotations:paragraph_notes", slug) if member else "",
            text=url_pattern("reading:paragraph_text", slug) if member else "",
            parallels=url_pattern("passages:paragraph_parallels", slug),
            edit=url_pattern("speeches:paragraph_edit", slug) if editor else "",
        )


def paragraph_rows(
    paragraphs: Iterable[Paragraph],
    headings: Iterable[Heading],
    urls: Urls,
    parallel_counts: Mapping[int, int] | None = None,
) -> tuple[ParagraphRow, ...]:
    """The rows of a speech's paragraphs, each with the headings standing above it."""
    parallel_counts = parallel_counts or {}
    above: dict[int, list[HeadingRow]] = {}
    for heading in headings:
        above.setdefault(heading.before, []).append(HeadingRow(heading.anchor, heading.level, heading.text))
    return tuple(
        ParagraphRow(
            number=paragraph.number,
            anchor=paragraph.anchor,
            text_html=text_html(paragraph.text, len(paragraph.lead_sentence)),
            headings_before=tuple(above.get(paragraph.number, ())),
            notes_url=urls.notes.format(paragraph.number),
            text_url=urls.text.format(paragraph.number),
            parallels_url=urls.parallels.format(paragraph.number),
            parallel_count=parallel_counts.get(paragraph.number, 0),
            edit_url=urls.edit.format(paragraph.number),
        )
        for paragraph in paragraphs
    )


def closing_headings(headings: Iterable[Heading], paragraph_count: int) -> tuple[HeadingRow, ...]:
    """Headings after the last paragraph (a closing section title with nothing under it)."""
    return tuple(
        HeadingRow(heading.anchor, heading.level, heading.text)
        for heading in headings
        if heading.before > paragraph_count
    )


def outline_is_open(outline: list[OutlineEntry]) -> bool:
    return sum(1 + len(entry.children) for entry in outline) <= OUTLINE_OPEN_MAX


# ---------------------------------------------------------------- what the reader adds


@dataclass(frozen=True)
class ReaderParts:
    """What one reader's page puts into the reader slots, by paragraph number; a paragraph not named keeps the
    shared drawing (its plain text, no notes, a closed panel)."""

    note_counts: Mapping[int, int] = field(default_factory=dict)
    texts: Mapping[int, str] = field(default_factory=dict)  # marked text HTML
    handouts: Mapping[int, str] = field(default_factory=dict)
    panels: Mapping[int, str] = field(default_factory=dict)

    def values(self) -> dict[tuple[str, int], str]:
        """What goes into each slot the reader fills, by (slot, paragraph number)."""
        found = {("count", number): str(count) for number, count in self.note_counts.items()}
        for slot, values in (("text", self.texts), ("handout", self.handouts), ("panel", self.panels)):
            found.update(((slot, number), value) for number, value in values.items())
        return found


def kept_marks(speech: Speech, quotes: Mapping[int, list]) -> dict[int, str]:
    """`marked_texts` for the paragraphs the reader's group quoted, kept like the shared text: the same quotes on
    the same version of the speech are the same marks (in one language), for every member who sees them."""
    if not quotes:
        return {}
    parts = ("marks", speech.pk, speech.revision, get_language(), sorted(quotes.items()))
    key = "speech-marks:" + hashlib.sha1(repr(parts).encode()).hexdigest()
    return _kept(key, lambda: marked_texts(speech.paragraphs.filter(pk__in=list(quotes)), quotes, speech))


def marked_texts(paragraphs: Iterable[Paragraph], quotes: Mapping[int, list], speech: Speech) -> dict[int, str]:
    """The group's quotes drawn as marks on the paragraphs that have any (`quotes`: paragraph id → quotes)."""
    notes_url = url_pattern("annotations:paragraph_notes", speech.slug)
    return {
        paragraph.number: marked_text(paragraph, quotes[paragraph.pk], speech, notes_url.format(paragraph.number))
        for paragraph in paragraphs
        if quotes.get(paragraph.pk)
    }


def marked_text(paragraph: Paragraph, quotes: list, speech: Speech, panel_url: str) -> SafeString:
    return marks.render(
        paragraph.text,
        len(paragraph.lead_sentence),
        [marks.Quote(*quote) for quote in quotes],
        f"{speech.get_absolute_url()}?notes={paragraph.number}",
        panel_url,
        paragraph.anchor,
    )


# ---------------------------------------------------------------- the shared text, drawn once and kept


@dataclass(frozen=True)
class SharedText:
    """The speech's text as every reader of one kind sees it; `reading` holds the reader slots."""

    phrases: SafeString  # key phrases
    outline: SafeString
    reading: tuple  # strings, and (slot, paragraph number, what it shows by default) for each reader slot
    first_uses: SafeString  # 首次出现, below the text
    appendix: SafeString


@dataclass(frozen=True)
class FirstUseRow:
    """A formulation the speech is the first in the library to say, and how many later speeches took it up."""

    phrase: str
    taken_up: int


SLOT = re.compile(r"\x1e(?P<token>[0-9a-f]+):(?P<slot>\w+):(?P<number>\d+)\x1f(?P<default>.*?)\x1e/\x1f", re.S)


def slot_marker(token: str, slot: str, number: int, content: str) -> str:
    """A reader slot as the shared drawing marks it (`{% reader_slot %}`); `token` is the drawing's own."""
    return f"\x1e{token}:{slot}:{number}\x1f{content}\x1e/\x1f"


def split_slots(html: str, token: str) -> tuple:
    """The drawing cut into its static text and its reader slots (only those marked with this drawing's token,
    so that no text of a speech can pass for one)."""
    pieces: list = []
    at = 0
    for match in SLOT.finditer(html):
        if match["token"] != token:
            continue
        pieces.append(html[at : match.start()])
        pieces.append((match["slot"], int(match["number"]), match["default"]))
        at = match.end()
    pieces.append(html[at:])
    return tuple(pieces)


def fill(pieces: tuple, parts: ReaderParts) -> SafeString:
    """The shared drawing with the reader's parts in its slots (the static text is every other piece)."""
    values = parts.values()
    out = list(pieces)
    for index in range(1, len(out), 2):
        slot, number, default = out[index]
        out[index] = values.get((slot, number), default)
    return mark_safe("".join(out))


# The last drawings this process drew or read from the cache: a key names what its drawing was drawn from, so
# a kept one is never stale; this spares reading (and unpacking) a file per request for the speeches in use.
RECENT_KEPT = 32
_recent: RevisionCache = RevisionCache("speech page drawings", maxsize=RECENT_KEPT)


@functools.cache
def template_fingerprint() -> str:
    """The template's source, hashed: a deployment that changes it draws afresh (read once per process)."""
    sources = [get_template(name).template.source for name in (TEMPLATE, "reading/section_heading.html")]
    return hashlib.sha1("\n".join(sources).encode()).hexdigest()[:12]


def cache_key(speech: Speech, *, member: bool, editor: bool, parallel_counts, first_uses, key_phrases) -> str:
    parts = (
        template_fingerprint(),
        speech.pk,
        speech.revision,  # raised by every change to the speech (speeches/actions.py), the admin's included
        get_language(),
        member,
        editor,
        sorted(parallel_counts.items()),
        list(first_uses),
        list(key_phrases),
    )
    return "speech-text:" + hashlib.sha1(repr(parts).encode()).hexdigest()


def shared_text(
    speech: Speech,
    *,
    member: bool,
    editor: bool,
    parallel_counts: Mapping[int, int],
    first_uses: list[FirstUseRow],
    key_phrases: list[str],
) -> SharedText:
    """The speech's shared text for this kind of reader, from the cache or drawn now (and kept)."""
    key = cache_key(
        speech,
        member=member,
        editor=editor,
        parallel_counts=parallel_counts,
        first_uses=first_uses,
        key_phrases=key_phrases,
    )
    return _kept(
        key,
        lambda: draw_shared_text(
            speech,
            urls=Urls.of(speech.slug, member=member, editor=editor),
            parallel_counts=parallel_counts,
            first_uses=first_uses,
            key_phrases=key_phrases,
        ),
    )


def _kept(key: str, draw):
    """What `key` names: from this process's last ones, else from Django's cache, else drawn now and kept."""

    def from_cache_or_drawn():
        found = cache.get(key)
        if found is None:
            found = draw()
            cache.set(key, found, CACHE_SECONDS)
        return found

    # The key holds the speech's revision: the kept drawings need not be dropped when the library's moves.
    return _recent.get(key, from_cache_or_drawn, revision_number=0)


def draw_shared_text(speech: Speech, *, urls: Urls, parallel_counts, first_uses, key_phrases) -> SharedText:
    """Draw the speech's text with reader slots left in it (two queries: its paragraphs and headings)."""
    paragraphs = list(speech.paragraphs.order_by("number"))
    headings = list(speech.headings.all())
    outline = build_outline(paragraphs, headings)
    token = secrets.token_hex(8)
    context = {
        "rows": paragraph_rows(paragraphs, headings, urls, parallel_counts),
        "closing_headings": closing_headings(headings, len(paragraphs)),
        "outline": outline,
        "outline_open": outline_is_open(outline),
        "appendix": appendix_lines(speech.appendix),
        "key_phrases": key_phrases,
        "first_uses": first_uses,
        "chinese_lang_attr": chinese_lang_attr(),  # the language is part of the cache key
        "reader_slots": token,
    }

    def draw(partial: str) -> str:
        return render_to_string(f"{TEMPLATE}#{partial}", context)

    return SharedText(
        phrases=mark_safe(draw("phrases")),
        outline=mark_safe(draw("outline")),
        reading=split_slots(draw("reading"), token),
        first_uses=mark_safe(draw("first_uses")),
        appendix=mark_safe(draw("appendix")),
    )

"""The group's notebook: its notes in speech order, and the exports (Markdown minutes, CSV, W3C Web Annotations)."""

import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from core.spreadsheet import csv_text
from speeches.models import Paragraph, Speech, reading_order

from .models import Note, StudyGroup

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# A FragmentSelector's value is an HTML fragment identifier (`p3`), as RFC 3986 defines them.
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3986"


@dataclass
class ParagraphNotes:
    paragraph: Paragraph
    notes: list[Note] = field(default_factory=list)  # top-level, each with .record_replies


def group_record(group: StudyGroup, speech: Speech | None = None) -> list[ParagraphNotes]:
    """The group's shared notes (on one speech, or all), grouped by paragraph, in reading order."""
    # Orphans (their paragraph gone from a corrected speech) are listed apart: orphaned_notes().
    record = Note.objects.for_group_record().filter(group=group, paragraph__isnull=False)
    if speech is not None:
        record = record.filter(paragraph__speech=speech)
    top_level = (
        record.filter(parent=None)
        .select_related("author", "paragraph__speech")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=record.select_related("author").order_by("created_at", "pk"),
                to_attr="record_replies",
            )
        )
        .order_by(*reading_order("paragraph__speech"), "paragraph__number", "created_at", "pk")
    )
    return [
        ParagraphNotes(paragraph=paragraph, notes=list(notes))
        for paragraph, notes in groupby(top_level, key=lambda note: note.paragraph)
    ]


def orphaned_notes(group: StudyGroup) -> list[Note]:
    """The group's shared notes whose words or paragraph are gone from a corrected speech."""
    return list(
        Note.objects.for_group_record()
        .filter(group=group, parent=None, anchoring=Note.Anchoring.ORPHANED)
        .select_related("author", "speech")
        .order_by(*reading_order("speech"), "paragraph_number", "created_at", "pk")
    )


def by_member(group: StudyGroup) -> list[tuple[str, list[Note]]]:
    """The group's shared notes (replies included) per author, each in reading order."""
    notes = (
        Note.objects.for_group_record()
        .filter(group=group)
        .select_related("author", "speech")
        .order_by("author__username", *reading_order("speech"), "paragraph_number", "created_at", "pk")
    )
    return [(username, list(items)) for username, items in groupby(notes, key=lambda note: note.author.get_username())]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# What people wrote goes into the minutes as text, never as markup: every character that CommonMark
# (or GitHub's tables and strikethrough, or a viewer's $maths$) reads as markup inside a line is
# backslash-escaped, and so is whatever would open a block at the start of a line (a list item,
# a heading underline, a quote). Leading spaces and tabs go: they would only start a code block.
_MARKUP_IN_LINE = re.compile(r"([\\`*_\[\]<#!|~&$])")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])")


def _escape_line(line: str) -> str:
    line = _MARKUP_IN_LINE.sub(r"\\\1", line.lstrip(" \t"))
    if _ORDERED_ITEM.match(line):
        return _ORDERED_ITEM.sub(r"\1\\\2", line, count=1)
    return "\\" + line if line[:1] in ("-", "+", "=", ">") else line


def _text(value: str) -> str:
    """A one-line value (a name, a title) as Markdown text."""
    return _escape_line(" ".join(value.splitlines()))


def _lines(value: str) -> list[str]:
    """A text of several lines as Markdown text, line by line."""
    return [_escape_line(line) for line in value.splitlines()]


def _quote(value: str, indent: str = "") -> str:
    """A text as a blockquote, every line prefixed, so that none of its lines can stand outside it."""
    return "\n".join(f"{indent}> {line}" if line else f"{indent}>" for line in _lines(value) or [""])


def as_markdown(group: StudyGroup, record: list[ParagraphNotes], absolute) -> str:
    """The minutes: each paragraph quoted, then its notes with author and time, each quoted (replies indented)."""
    lines = [f"# {_text(group.name)} · 学习笔记", "", f"导出时间：{_local(timezone.now())}", ""]
    if group.description:
        lines += [*_lines(group.description), ""]
    for speech, entries in groupby(record, key=lambda entry: entry.paragraph.speech):
        lines += [f"## {_text(speech.title)}", ""]
        if speech.speaker or speech.date:
            lines += [" · ".join(filter(None, [_text(speech.speaker), speech.date and speech.date.isoformat()])), ""]
        for entry in entries:
            paragraph = entry.paragraph
            lines += [f"### 第 {paragraph.number} 段", "", _quote(paragraph.text), ""]
            lines += [f"原文：<{absolute(paragraph.get_absolute_url())}>", ""]
            for note in entry.notes:
                lines.append(f"- **{_text(note.author.get_username())}**（{_local(note.created_at)}{_edited(note)}）：")
                if note.exact:  # the words the note is about, or that were highlighted
                    lines.append(f"  {'划线' if note.is_highlight else '针对'}：“{_text(note.exact)}”")
                if note.body:
                    lines.append(_quote(note.body, "  "))
                for reply in note.record_replies:
                    author = _text(reply.author.get_username())
                    lines.append(f"  - 回复 **{author}**（{_local(reply.created_at)}{_edited(reply)}）：")
                    lines.append(_quote(reply.body, "    "))
            lines.append("")
    if not record:
        lines += ["（还没有笔记）", ""]
    return "\n".join(lines)


def _edited(note: Note) -> str:
    return f"，{_local(note.edited_at)} 修改" if note.edited_at else ""


CSV_COLUMNS = [
    "speech",
    "speech_title",
    "paragraph",
    "paragraph_url",
    "note_id",
    "reply_to",
    "author",
    "created",
    "modified",
    "body",
    "exact",
    "start",
    "end",
    "anchor",
]


def as_csv(record: list[ParagraphNotes], absolute) -> str:
    """One row per note, replies after their note (see core.spreadsheet)."""
    return csv_text(CSV_COLUMNS, _csv_rows(record, absolute))


def _csv_rows(record: list[ParagraphNotes], absolute):
    for entry in record:
        paragraph = entry.paragraph
        for note in entry.notes:
            for item in [note, *note.record_replies]:
                row = [
                    paragraph.speech.slug,
                    paragraph.speech.title,
                    paragraph.number,
                    absolute(paragraph.get_absolute_url()),
                    item.pk,
                    item.parent_id or "",
                    item.author.get_username(),
                    timezone.localtime(item.created_at).isoformat(),
                    timezone.localtime(item.modified_at).isoformat(),
                    item.body,
                    item.exact,
                    "" if item.start is None else item.start,
                    "" if item.end is None else item.end,
                    item.anchoring if item.exact else "",
                ]
                yield row


def as_annotation_collection(
    group: StudyGroup, record: list[ParagraphNotes], absolute, collection_url: str, orphans: list[Note] = ()
) -> dict:
    """An AnnotationCollection (W3C Web Annotation Data Model) with all notes on its first page.

    A note on a paragraph targets it by a FragmentSelector (p3) and its text; a note on words of it
    by a FragmentSelector refined by a TextQuoteSelector, and one refined by a TextPositionSelector,
    describing the words as they stand now; an orphan keeps only its TextQuoteSelector. A highlight
    has the motivation "highlighting" and no body.
    """
    items = []
    for entry in record:
        paragraph = entry.paragraph
        for note in entry.notes:
            target = _target(note, paragraph, absolute)
            items.append(_annotation(note, [target], absolute))
            for reply in note.record_replies:
                # A reply targets the note it answers, and the paragraph, so tools that ignore replies still place it.
                items.append(_annotation(reply, [absolute(note.get_absolute_url()), target], absolute, "replying"))
    for note in orphans:
        target = {
            "type": "SpecificResource",
            "source": absolute(note.speech.get_absolute_url()),
            "selector": {"type": "TextQuoteSelector", "exact": note.original_exact or note.exact},
        }
        if note.exact or note.body:
            items.append(_annotation(note, [target], absolute))
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"{group.name} · 学习笔记",
        "total": len(items),
        "first": {"id": f"{collection_url}?page=1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _fragment(paragraph: Paragraph, refined_by: dict | None = None) -> dict:
    selector = {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": paragraph.anchor}
    if refined_by:
        selector["refinedBy"] = refined_by
    return selector


def _target(note: Note, paragraph: Paragraph, absolute) -> dict:
    target = {"type": "SpecificResource", "source": absolute(paragraph.speech.get_absolute_url())}
    if note.exact and note.start is not None:
        quote = {"type": "TextQuoteSelector", "exact": note.exact, "prefix": note.prefix, "suffix": note.suffix}
        position = {"type": "TextPositionSelector", "start": note.start, "end": note.end}
        target["selector"] = [_fragment(paragraph, quote), _fragment(paragraph, position)]
    else:
        target["selector"] = [_fragment(paragraph), {"type": "TextQuoteSelector", "exact": paragraph.text}]
    return target


def _annotation(note: Note, targets: list, absolute, motivation: str = "") -> dict:
    motivation = motivation or ("highlighting" if note.is_highlight else "commenting")
    annotation = {
        "id": absolute(note.get_absolute_url()),
        "type": "Annotation",
        "motivation": motivation,
        "creator": {"type": "Person", "nickname": note.author.get_username()},
        "created": timezone.localtime(note.created_at).isoformat(timespec="seconds"),
        "modified": timezone.localtime(note.modified_at).isoformat(timespec="seconds"),
        "target": targets[0] if len(targets) == 1 else targets,
    }
    if note.body:  # a highlight has no body
        annotation["body"] = {"type": "TextualBody", "value": note.body, "format": "text/plain", "purpose": motivation}
    return annotation

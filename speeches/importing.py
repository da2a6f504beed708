"""Turn speech text files into `Speech` and `Paragraph` records.

The files come from wherever people found the speech: text extracted from a
PDF (hard-wrapped lines, blank lines between them, trailing spaces marking
paragraph ends), a news site (paragraphs indented with full-width spaces), or
a plain editor (one paragraph per line, or blank lines between paragraphs).
`parse_speech` recovers the paragraphs as they were written, plus the
speaker, date, title and the editor's source note; `import_file` stores them
so that re-importing keeps the records (and so the notes) of paragraphs whose
text did not change.
"""

from __future__ import annotations

import codecs
import datetime
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from .models import Paragraph, Speech

MAX_FILE_BYTES = 5 * 1024 * 1024
SPEECH_FILE_SUFFIXES = (".txt", ".md")

# Characters that take no space around them when text is joined: CJK ideographs,
# kana, CJK and full-width punctuation, and the quotes and dashes used in Chinese.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
    "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
)
_SPACE = "[ \t\u00a0\u3000]+"
_SPACE_BEFORE_CJK = re.compile(f"{_SPACE}(?=[{_CJK}])")
_SPACE_AFTER_CJK = re.compile(f"(?<=[{_CJK}]){_SPACE}")
_SPACES = re.compile(_SPACE)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

# A line that ends a sentence; a hard-wrapped line usually does not.
_SENTENCE_END = tuple("。！？；：…”’」』）)!?;:.")

# A speaker line: a Chinese name, 2–4 characters, or a transliterated name with "·".
_SPEAKER = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+$")
_DATE_LINE = re.compile(r"^[（(]?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[）)]?$")
_DATE_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# The editor's closing note: "这是习近平总书记2023年10月23日在……时讲话的主要部分。"
_SOURCE_NOTE = re.compile(r"^[（(]?(?:这是|本文是|此文是|这篇文章是)")
_SOURCE_NOTE_KIND = re.compile(r"讲话|发言|致辞|报告|谈话|文章|演讲")
_TITLE_IN_NOTE = re.compile(r"日\s*(在.+?(?:时|上|中))的?(讲话|发言|致辞|报告|演讲)")
_FRONT_MATTER_KEYS = {"title", "speaker", "date", "source"}


class ImportRefused(Exception):
    """A file that cannot be imported; the message says why, in one line."""


@dataclass(frozen=True)
class ParsedSpeech:
    title: str
    speaker: str
    date: datetime.date | None
    source_note: str
    paragraphs: tuple[str, ...]


@dataclass
class ImportResult:
    """What importing one file did, for the command to report."""

    path: Path
    slug: str
    action: str  # "created", "updated" or "unchanged"
    paragraph_count: int
    changed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Bytes to text


def decode_speech_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    Raises ImportRefused for empty, binary or undecodable content.
    """
    if not data:
        raise ImportRefused("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused("the file is not valid UTF-16 text") from None
    elif b"\x00" in data:
        raise ImportRefused("the file is binary, not text")
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportRefused("the file is neither UTF-8 nor GB18030/GBK text") from None
    control = sum(1 for char in text if unicodedata.category(char) in ("Cc", "Cs", "Co") and char not in "\t\n\r\f\v")
    if control:
        raise ImportRefused("the file is binary, not text (it contains control characters)")
    if not text.strip():
        raise ImportRefused("the file is blank")
    return text


# ---------------------------------------------------------------------------
# Text to paragraphs


def clean_spaces(text: str) -> str:
    """Drop the spaces PDF extraction leaves next to Chinese; keep single spaces in Latin text."""
    text = _SPACE_BEFORE_CJK.sub("", text)
    text = _SPACE_AFTER_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def join_wrapped(fragments: Iterable[str]) -> str:
    """Join hard-wrapped lines: no space between Chinese, one space between Latin words."""
    joined = ""
    for fragment in fragments:
        fragment = fragment.strip(" \t\u00a0\u3000")
        if not fragment:
            continue
        if joined and _needs_space(joined[-1], fragment[0]):
            joined += " "
        joined += fragment
    return clean_spaces(joined)


def _needs_space(before: str, after: str) -> bool:
    def ascii_alnum(char: str) -> bool:
        return char.isascii() and char.isalnum()

    return ascii_alnum(before) and ascii_alnum(after) and (before.isalpha() or after.isalpha())


def _is_blank(line: str) -> bool:
    return not line.strip()


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _has_trailing_space(line: str) -> bool:
    return line != line.rstrip(" \t")


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    """Runs of non-blank lines separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if _is_blank(line):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def split_paragraphs(lines: Sequence[str]) -> list[str]:
    """Recover the paragraphs of a speech body from its lines, whatever the layout.

    The layouts, in the order they are recognised:
    - indented: paragraphs start with full-width spaces (　　), as copied from news sites;
    - pdf: hard-wrapped lines (often with blank lines between them) where a paragraph
      ends at a line with trailing whitespace, and a line that starts with a space
      right after a line break continues the paragraph across a page break;
    - blocks: paragraphs separated by blank lines, possibly hard-wrapped inside;
    - lines: one paragraph per line.
    """
    content = [line for line in lines if not _is_blank(line)]
    if not content:
        return []

    indented = [line for line in content if line.startswith("\u3000")]
    if len(indented) >= 2 or len(indented) == len(content):
        paragraphs: list[list[str]] = []
        for line in lines:
            if _is_blank(line):
                paragraphs.append([])
            elif line.startswith("\u3000") or not paragraphs:
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
        return [text for text in (join_wrapped(p) for p in paragraphs) if text]

    wrapped = any(not _has_trailing_space(line) and not _ends_sentence(line) for line in content[:-1])
    if wrapped and any(_has_trailing_space(line) for line in content):
        paragraphs = [[]]
        for line in content:
            paragraphs[-1].append(line)
            if _has_trailing_space(line):
                paragraphs.append([])
        return [text for text in (join_wrapped(p) for p in paragraphs) if text]

    blocks = _blocks(lines)
    if len(blocks) > 1:
        wrapped_inside = any(not _ends_sentence(line) for block in blocks for line in block[:-1])
        if wrapped_inside or all(len(block) == 1 for block in blocks):
            return [join_wrapped(block) for block in blocks]
    return [join_wrapped([line]) for line in content]


# ---------------------------------------------------------------------------
# Metadata


def _parse_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split an optional `---` front-matter block (title/speaker/date/source) off the top."""
    start = 0
    while start < len(lines) and _is_blank(lines[start]):
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, lines
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise ImportRefused("the front matter opened with --- is never closed")
    values: dict[str, str] = {}
    for line in lines[start + 1 : end]:
        if _is_blank(line):
            continue
        key, sep, value = line.replace("：", ":", 1).partition(":")
        key = key.strip().lower()
        if not sep or key not in _FRONT_MATTER_KEYS:
            raise ImportRefused(f"front matter line {line.strip()!r} is not one of title:, speaker:, date:, source:")
        values[key] = value.strip()
    return values, lines[end + 1 :]


def _parse_date(value: str) -> datetime.date:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip()) or _DATE_IN_TEXT.fullmatch(value.strip())
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ImportRefused(f"the date {value!r} is not a date (use YYYY-MM-DD)")


def _date_in(text: str) -> datetime.date | None:
    match = _DATE_IN_TEXT.search(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _is_source_note(paragraph: str) -> bool:
    return bool(_SOURCE_NOTE.match(paragraph)) and bool(_SOURCE_NOTE_KIND.search(paragraph)) and len(paragraph) < 300


def _title_from_note(note: str) -> str:
    match = _TITLE_IN_NOTE.search(note)
    return f"{match.group(1)}的{match.group(2)}" if match else ""


def parse_speech(text: str, *, default_title: str = "") -> ParsedSpeech:
    """Parse a decoded speech file into its metadata and body paragraphs."""
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    front, lines = _parse_front_matter(text.split("\n"))

    # Head lines before the body: an optional title, the speaker, an optional date line.
    title = speaker = ""
    date = None
    head = [index for index, line in enumerate(lines) if not _is_blank(line)][:3]
    consumed = -1
    for position, index in enumerate(head):
        line = lines[index].strip(" \t\u3000")
        if _SPEAKER.match(line) and not speaker:
            if position == 1 and not title:
                first = lines[head[0]].strip(" \t\u3000")
                if len(first) > 60 or _ends_sentence(first):
                    break
                title = first
            elif position > 0 and not title:
                break
            speaker, consumed = line, index
        elif speaker and _DATE_LINE.match(line):
            date, consumed = _date_in(line), index
        elif position == 0:
            continue
        else:
            break
    body = lines[consumed + 1 :]

    paragraphs = split_paragraphs(body)
    source_note = ""
    if paragraphs and _is_source_note(paragraphs[-1]):
        source_note = paragraphs.pop()
        date = date or _date_in(source_note)
        title = title or _title_from_note(source_note)

    if "title" in front:
        title = front["title"]
    if "speaker" in front:
        speaker = front["speaker"]
    if "date" in front:
        date = _parse_date(front["date"]) if front["date"] else None
    if "source" in front:
        source_note = front["source"]

    if not paragraphs:
        raise ImportRefused("the file has no paragraphs of text")
    return ParsedSpeech(
        title=clean_spaces(title) or default_title,
        speaker=clean_spaces(speaker),
        date=date,
        source_note=source_note,
        paragraphs=tuple(paragraphs),
    )


# ---------------------------------------------------------------------------
# Files to records


def slug_for(path: Path) -> str:
    slug = slugify(path.stem)
    if not slug:
        raise ImportRefused("the file name gives no URL slug; rename it with ASCII letters or digits")
    return slug


def read_speech_file(path: Path) -> tuple[bytes, ParsedSpeech]:
    """Read and parse one file, refusing what cannot be a speech."""
    try:
        if not path.is_file():
            raise ImportRefused("no such file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(
                f"the file is {size / 1024 / 1024:.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB limit"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"the file cannot be read ({error.strerror or error})") from None
    return data, parse_speech(decode_speech_bytes(data), default_title=path.stem)


def import_file(path: Path) -> ImportResult:
    """Import one file in one transaction; unchanged paragraphs keep their records."""
    slug = slug_for(path)
    data, parsed = read_speech_file(path)
    checksum = hashlib.sha256(data).hexdigest()
    metadata = {
        "title": parsed.title,
        "speaker": parsed.speaker,
        "date": parsed.date,
        "source_note": parsed.source_note,
        "source_file": path.name,
        "checksum": checksum,
    }
    with transaction.atomic():
        speech = Speech.objects.select_for_update().filter(slug=slug).first()
        if speech is None:
            speech = Speech.objects.create(slug=slug, imported_at=timezone.now(), **metadata)
            Paragraph.objects.bulk_create(
                Paragraph(speech=speech, number=number, text=text)
                for number, text in enumerate(parsed.paragraphs, start=1)
            )
            return ImportResult(path, slug, "created", len(parsed.paragraphs))

        existing = list(speech.paragraphs.order_by("number"))
        same_metadata = all(getattr(speech, name) == value for name, value in metadata.items())
        if same_metadata and [p.text for p in existing] == list(parsed.paragraphs):
            return ImportResult(path, slug, "unchanged", len(existing))

        result = ImportResult(path, slug, "updated", len(parsed.paragraphs))
        _reconcile_paragraphs(speech, existing, parsed.paragraphs, result)
        for name, value in metadata.items():
            setattr(speech, name, value)
        speech.imported_at = timezone.now()
        speech.save()
        return result


def _reconcile_paragraphs(
    speech: Speech, existing: list[Paragraph], texts: Sequence[str], result: ImportResult
) -> None:
    """Align old and new paragraphs; keep records whose text is unchanged (or edited in place).

    A run of paragraphs replaced by a run of the same length is taken as edited
    in place: the records stay and their text changes. Other new paragraphs get
    new records; old paragraphs with no counterpart are deleted.
    """
    matcher = difflib.SequenceMatcher(a=[p.text for p in existing], b=list(texts), autojunk=False)
    kept: list[Paragraph] = []
    created: list[Paragraph] = []
    removed: list[Paragraph] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for old, new_index in zip(existing[a0:a1], range(b0, b1), strict=True):
                if old.text != texts[new_index]:
                    result.changed.append(new_index + 1)
                old.text = texts[new_index]
                old.number = new_index + 1
                kept.append(old)
        else:
            removed.extend(existing[a0:a1])
            created.extend(Paragraph(speech=speech, number=i + 1, text=texts[i]) for i in range(b0, b1))
    result.removed = [p.number for p in removed]
    result.added = [p.number for p in created]

    try:
        Paragraph.objects.filter(pk__in=[p.pk for p in removed]).delete()
    except ProtectedError:
        # Notes hang off these paragraphs (Note.paragraph is PROTECT): refuse rather than lose them.
        # The exception propagates out of the file's transaction, which rolls everything back.
        with_notes = sorted({p.number for p in removed if p.notes.exists()})
        raise ImportRefused(
            f"the new text removes {', '.join(f'¶{n}' for n in with_notes)}, which study groups have notes on; "
            "keep those paragraphs (edit them in place) or move the notes first"
        ) from None
    # Move kept paragraphs out of the way first: their new numbers may be taken by
    # each other's old numbers, and (speech, number) is unique.
    offset = len(existing) + len(texts) + 1
    Paragraph.objects.filter(pk__in=[p.pk for p in kept]).update(number=F("number") + offset)
    Paragraph.objects.bulk_update(kept, ["number", "text"])
    Paragraph.objects.bulk_create(created)


def speech_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the speech files they hold, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SPEECH_FILE_SUFFIXES and p.is_file()))
        else:
            files.append(path)
    return files

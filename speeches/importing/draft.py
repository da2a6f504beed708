"""Preview data: what an import will store, for an editor to check and adjust before it is published.

The browser's path through the import pipeline is parse → draft → save; the command's is parse → save.
A draft holds the metadata, the body as blocks (paragraphs and headings, in order) and what the
importer guessed: a paragraph joined across a PDF page break, one that is very short or very long,
and the lines it dropped as header, page number or web-page debris. An editor can join two
paragraphs, split one (an empty line in its text), and edit the text; `Draft.parsed()` turns
the result into what `records` stores.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.text import slugify

from .pipeline import Heading, ParsedSpeech, parse_speech
from .readers import check_lines, read_document
from .text import clean_spaces

# Paragraphs shorter or longer than these are flagged: a page number or a caption that slipped
# through, or two paragraphs whose boundary was missed.
SHORT_PARAGRAPH_CHARS = 12
LONG_PARAGRAPH_CHARS = 1500
SLUG_TITLE_CHARS = 40
KINDS = ("p", "h1", "h2")


@dataclass
class Block:
    """A paragraph (kind "p") or a heading ("h1" 一、…, "h2" （一）…) of the body."""

    text: str
    kind: str = "p"
    page_break: bool = False  # joined across a PDF page break

    @property
    def is_paragraph(self) -> bool:
        return self.kind == "p"

    @property
    def warnings(self) -> list[str]:
        """Codes of what the importer guessed here: page-break, short, long."""
        found = ["page-break"] if self.page_break else []
        if self.is_paragraph and len(self.text) < SHORT_PARAGRAPH_CHARS:
            found.append("short")
        if self.is_paragraph and len(self.text) > LONG_PARAGRAPH_CHARS:
            found.append("long")
        return found


@dataclass
class Draft:
    title: str
    speaker: str
    date: datetime.date | None
    source_note: str
    blocks: list[Block]
    appendix: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    source_file: str = ""
    checksum: str = ""
    slug: str = ""

    @property
    def numbered(self) -> list[tuple[int | None, int, Block]]:
        """(paragraph number or None for a heading, block index, block) in order."""
        rows, number = [], 0
        for index, block in enumerate(self.blocks):
            if block.is_paragraph:
                number += 1
            rows.append((number if block.is_paragraph else None, index, block))
        return rows

    @property
    def layout(self) -> str:
        """The blocks' kinds, with ! where one was joined across a page break: "p,p!,h1,p"."""
        return ",".join(block.kind + ("!" if block.page_break else "") for block in self.blocks)

    @property
    def paragraph_count(self) -> int:
        return sum(1 for block in self.blocks if block.is_paragraph)

    def join(self, index: int) -> None:
        """Join block `index` with the next paragraph (no space between Chinese characters)."""
        if 0 <= index < len(self.blocks) - 1:
            first, second = self.blocks[index], self.blocks[index + 1]
            first.text = clean_spaces(first.text + second.text)
            first.page_break = first.page_break or second.page_break
            del self.blocks[index + 1]

    def split_at_blank_lines(self) -> None:
        """Each paragraph whose text has an empty line in it becomes one paragraph per part."""
        blocks: list[Block] = []
        for block in self.blocks:
            parts = [clean_spaces(part) for part in block.text.replace("\r\n", "\n").split("\n\n")]
            parts = [part for part in parts if part]
            if not parts:
                continue  # emptied: removed
            blocks.append(Block(parts[0], block.kind, block.page_break))
            blocks.extend(Block(part) for part in parts[1:])
        self.blocks = blocks

    def parsed(self) -> ParsedSpeech:
        paragraphs: list[str] = []
        headings: list[Heading] = []
        for block in self.blocks:
            if block.is_paragraph:
                paragraphs.append(block.text)
            else:
                headings.append(Heading(1 if block.kind == "h1" else 2, block.text, len(paragraphs) + 1))
        return ParsedSpeech(
            title=self.title,
            speaker=self.speaker,
            date=self.date,
            source_note=self.source_note,
            paragraphs=tuple(paragraphs),
            headings=tuple(headings),
            appendix=tuple(self.appendix),
            dropped=tuple(self.dropped),
        )


def propose_slug(date: datetime.date | None, title: str) -> str:
    """2023-10-23-在同全国总工会新一届领导班子成员集体谈话时的讲话, shortened to fit a URL."""
    title_part = slugify(title, allow_unicode=True)[:SLUG_TITLE_CHARS].strip("-")
    parts = [date.isoformat()] if date else []
    return "-".join([*parts, title_part] if title_part else parts) or "speech"


def draft_from_parsed(parsed: ParsedSpeech, *, dropped=(), seams=(), source_file="", checksum="") -> Draft:
    blocks: list[Block] = []
    headings = list(parsed.headings)
    for number, text in enumerate(parsed.paragraphs, start=1):
        while headings and headings[0].before == number:
            heading = headings.pop(0)
            blocks.append(Block(heading.text, f"h{heading.level}"))
        blocks.append(Block(text, page_break=any(seam in text for seam in seams)))
    blocks.extend(Block(heading.text, f"h{heading.level}") for heading in headings)  # closing headings
    return Draft(
        title=parsed.title,
        speaker=parsed.speaker,
        date=parsed.date,
        source_note=parsed.source_note,
        blocks=blocks,
        appendix=list(parsed.appendix),
        dropped=[*dropped, *parsed.dropped],
        source_file=source_file,
        checksum=checksum,
        slug=propose_slug(parsed.date, parsed.title),
    )


def draft_from_file(name: str, data: bytes) -> Draft:
    """Read and parse an uploaded file (.pdf, .docx, .txt, .md) into a draft; ImportRefused if it cannot be."""
    name = PurePath(name).name
    document = read_document(name, data)
    parsed = parse_speech(document.text, file_stem=PurePath(name).stem)
    return draft_from_parsed(
        parsed,
        dropped=document.dropped,
        seams=document.seams,
        source_file=name,
        checksum=hashlib.sha256(data).hexdigest(),
    )


def draft_from_text(text: str) -> Draft:
    """Parse pasted text (any layout the pipeline knows) into a draft; ImportRefused for too many lines."""
    check_lines(text)  # before the pipeline: stopped at what can be published, as a file's text is
    parsed = parse_speech(text)
    return draft_from_parsed(parsed, checksum=hashlib.sha256(text.encode("utf-8")).hexdigest())

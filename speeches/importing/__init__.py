"""Turn speech text files into `Speech`, `Paragraph` and `Heading` records.

The files come from wherever people found the speech: a PDF or a Word file
(`readers`: pdf.py, word.py), text extracted from a PDF (hard-wrapped lines),
a news site (headers, buttons, datelines, editor's boxes), a dataset (an id line on top),
or a plain editor. The pipeline
(`pipeline.parse_speech`) recovers the speech as it was written, and
`records.store_speech` stores it, called by `speeches.actions` (the command's `import_file`, and
the browser's `draft.Draft`: the preview an editor checks and adjusts).
"""

from .draft import Block, Draft, draft_from_file, draft_from_text, propose_slug
from .errors import ImportRefused
from .pipeline import Heading, ParsedSpeech, parse_speech
from .readers import MAX_FILE_BYTES, SPEECH_FILE_SUFFIXES, read_document
from .records import (
    ImportResult,
    check_parsed,
    read_speech_file,
    slug_for,
    speech_files,
    store_speech,
)
from .text import clean_spaces, decode_speech_bytes, join_wrapped

__all__ = [
    "MAX_FILE_BYTES",
    "SPEECH_FILE_SUFFIXES",
    "Block",
    "Draft",
    "Heading",
    "ImportRefused",
    "ImportResult",
    "ParsedSpeech",
    "clean_spaces",
    "check_parsed",
    "decode_speech_bytes",
    "draft_from_file",
    "draft_from_text",
    "join_wrapped",
    "parse_speech",
    "propose_slug",
    "read_document",
    "read_speech_file",
    "slug_for",
    "speech_files",
    "store_speech",
]

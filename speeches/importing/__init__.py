"""Turn speech text files into `Speech`, `Paragraph` and `Heading` records.

The files come from wherever people found the speech: text extracted from a
PDF (hard-wrapped lines), a news site (headers, buttons, datelines, editor's
boxes), a dataset (an id line on top), or a plain editor. The pipeline
(`pipeline.parse_speech`) recovers the speech as it was written, and
`records.import_file` stores it.
"""

from .errors import ImportRefused
from .pipeline import Heading, ParsedSpeech, parse_speech
from .records import (
    MAX_FILE_BYTES,
    SPEECH_FILE_SUFFIXES,
    ImportResult,
    announce_imported,
    import_file,
    read_speech_file,
    slug_for,
    speech_files,
)
from .text import clean_spaces, decode_speech_bytes, join_wrapped

__all__ = [
    "MAX_FILE_BYTES",
    "SPEECH_FILE_SUFFIXES",
    "Heading",
    "ImportRefused",
    "ImportResult",
    "announce_imported",
    "ParsedSpeech",
    "clean_spaces",
    "decode_speech_bytes",
    "import_file",
    "join_wrapped",
    "parse_speech",
    "read_speech_file",
    "slug_for",
    "speech_files",
]

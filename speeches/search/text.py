"""Text as search sees it: folding, jieba's words, stop words, and the dictionary's fingerprint.

Nothing here knows about the index: marking, notes and the importer use these too.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from pathlib import Path

import jieba
import opencc

jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" chatter is not for our logs

# Bump when tokenization or what is indexed changes: an index built by another version is refused until rebuilt.
# 7: section headings are indexed beside the paragraphs.
ANALYZER_VERSION = 7
DICTIONARY_DIR = Path(__file__).resolve().parent.parent / "dictionaries"
USER_DICTIONARY = DICTIONARY_DIR / "userdict.txt"
STOP_WORDS = DICTIONARY_DIR / "stopwords.txt"

_T2S = opencc.OpenCC("t2s")
_HALF_WIDTH = {0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}


class _FoldTable(dict):
    """str.translate's table for fold(), filled one character at a time as characters are met.

    Each character is converted on its own, never by phrase: OpenCC's phrase conversion
    depends on the neighbours (乾 alone becomes 干, inside 乾坤 it stays), so a query of one
    character would miss the text that holds it inside a phrase. Character by character, the
    text and every part of it fold alike.
    """

    def __missing__(self, code: int) -> str:
        character = chr(code)
        simplified = _T2S.convert(character)
        if len(simplified) != 1:  # no one-character conversion: keep it
            simplified = character
        narrowed = simplified.translate(_HALF_WIDTH)
        lowered = narrowed.lower()
        if len(lowered) != 1:  # e.g. "İ".lower() has two code points
            lowered = narrowed
        self[code] = lowered
        return lowered


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching: simplified characters, half-width forms, lower case.

    The result has the same length as the input, character for character, so
    offsets found in the folded text mark the original text.
    """
    return text.translate(_FOLD_TABLE)


@functools.cache
def _loaded_dictionary() -> bytes:
    """The user dictionary as this process read it, once: what all its word cutting uses."""
    return USER_DICTIONARY.read_bytes()


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    """jieba with the project's user dictionary, loaded once per process."""
    loaded = jieba.Tokenizer()
    loaded.initialize()
    loaded.load_userdict(io.BytesIO(_loaded_dictionary()))
    return loaded


@functools.cache
def stop_words() -> frozenset[str]:
    return frozenset(line.strip() for line in STOP_WORDS.read_text(encoding="utf-8").splitlines() if line.strip())


@functools.cache
def user_words() -> frozenset[str]:
    """The words of the user dictionary (the policy vocabulary: 新质生产力, 中国式现代化 …)."""
    lines = _loaded_dictionary().decode("utf-8").splitlines()
    return frozenset(parts[0] for line in lines if (parts := line.split()))


@functools.cache
def word_tags() -> dict[str, str]:
    """Each dictionary word's part of speech as jieba's dictionaries give it (n, v, c, m …), the user
    dictionary's included: read from the files (jieba's documented format: word, frequency, tag), not cut
    again, so that the tags follow the search's own word cutting."""
    tags: dict[str, str] = {}
    with tokenizer().get_dict_file() as main:
        for line in main:
            parts = line.decode("utf-8").split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    for line in _loaded_dictionary().decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            tags[parts[0]] = parts[2]
    return tags


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def words(folded: str) -> list[str]:
    """The jieba words of folded text, without whitespace and punctuation."""
    return [token for token in tokenizer().cut(folded) if _is_word(token)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of jieba's words in text, cut with the project's user dictionary."""
    return [(start, end) for _, start, end in tokenizer().tokenize(text)]


def term_words(term: str) -> list[str]:
    """A query term's distinct words, without stop words unless nothing else is left."""
    found = list(dict.fromkeys(words(term)))
    meaningful = [word for word in found if word not in stop_words()]
    return meaningful or found


def fingerprint(dictionary: bytes) -> str:
    digest = hashlib.sha256(f"analyzer {ANALYZER_VERSION}\n".encode())
    digest.update(dictionary)
    return digest.hexdigest()[:16]


def dictionary_fingerprint() -> str:
    """Which analyzer and user dictionary this process cuts words with (the dictionary as it was loaded)."""
    return fingerprint(_loaded_dictionary())


def edited_dictionary_fingerprint() -> str:
    """The fingerprint of the user dictionary as it is on disk now (it may have been edited since loading)."""
    return fingerprint(USER_DICTIONARY.read_bytes())


def load_dictionary() -> None:
    """Read the user dictionary now (before worker processes fork, so that all of them cut with it)."""
    _loaded_dictionary()

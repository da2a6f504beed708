"""Unicode's confusable skeleton (UTS #39 §4): two strings that look alike have the same skeleton.

skeleton(X) is X decomposed (NFD), each character replaced by its prototype in Unicode's confusables.txt
(m → rn, 1 → l, I → l, 0 → O, Cyrillic а → a), and decomposed again. The table is the one
confusable-homoglyphs ships (its confusables.json, generated from confusables.txt); that package offers no
skeleton, and its file keeps each line of confusables.txt as two links, source to prototype and back, without
saying which is which. The direction comes back from the shape of the table: a prototype is never a source, so
a character linked to one other string, itself linked to several, is that string's source; a prototype of
several characters (rn) is a prototype. What stays undecided is a pair linked only to each other: one
prototype and its one source, and both map to the same member of the pair, which is all a comparison needs.

This module is the only code that reads confusable-homoglyphs' data file; it checks the version it was
written for.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import confusable_homoglyphs
from confusable_homoglyphs import utils

WRITTEN_FOR = "3.3"
# The table wraps right-to-left characters in left-to-right marks for display.
_DISPLAY_MARKS = "\u200e\u200f"


def _check_version() -> None:
    version = getattr(confusable_homoglyphs, "__version__", "")
    if not version.startswith(WRITTEN_FOR + "."):
        raise ImportError(
            f"accounts/skeleton.py reads confusable-homoglyphs {WRITTEN_FOR}.x's confusables.json; "
            f"{version or 'an unknown version'} is installed: check its data format and update WRITTEN_FOR"
        )


@cache
def prototypes() -> dict[str, str]:
    """Each source character of confusables.txt and the string it is confusable with (its prototype)."""
    _check_version()
    links: dict[str, set[str]] = {}
    for key, entries in utils.load("confusables.json").items():
        links.setdefault(key.strip(_DISPLAY_MARKS), set()).update(entry["c"].strip(_DISPLAY_MARKS) for entry in entries)
    mapping: dict[str, str] = {}
    for char, linked in links.items():
        if len(char) != 1 or len(linked) != 1:
            continue  # a prototype: several characters, or several sources
        (other,) = linked
        if len(other) > 1 or len(links.get(other, ())) > 1:
            mapping[char] = other
        else:  # a pair linked only to each other: both to the same one
            mapping[char] = min(char, other)
    return mapping


def skeleton(text: str) -> str:
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(char, char) for char in decomposed))

"""Usernames that cannot pass for someone else's: one script (as Unicode's "highly restrictive"
profile allows: Latin with Han and kana, Bopomofo or Hangul), and none that looks like a name
already taken (аlice with a Cyrillic а beside alice).

Confusables come from confusable-homoglyphs (Unicode's confusables.txt): two names are confusable
when, letter by letter, each pair of letters is the same or a homoglyph of the other.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables
from django.contrib.auth import get_user_model
from django.db.models.functions import Length

# Unicode TS 39 §5.2, "highly restrictive": one script, or Latin with these East Asian companions.
_ALLOWED_SCRIPT_MIXES = (
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
)
_NEUTRAL = {"COMMON", "INHERITED"}  # digits, punctuation, combining marks


def scripts_mix_safely(name: str) -> bool:
    scripts = categories.unique_aliases(name) - _NEUTRAL
    return len(scripts) <= 1 or any(scripts <= allowed for allowed in _ALLOWED_SCRIPT_MIXES)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


@cache
def _look_alikes(char: str) -> frozenset[str]:
    """The character and the single characters it can pass for, case-folded."""
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[]) or []
    homoglyphs = {glyph["c"].strip("\u200e\u200f") for entry in found for glyph in entry["homoglyphs"]}
    return frozenset({char} | {_fold(glyph) for glyph in homoglyphs if len(glyph.strip("\u200e\u200f")) == 1})


def confusable(first: str, second: str) -> bool:
    a, b = _fold(first), _fold(second)
    return len(a) == len(b) and all(
        x == y or y in _look_alikes(x) or x in _look_alikes(y) for x, y in zip(a, b, strict=True)
    )


def taken_look_alike(name: str) -> str | None:
    """An existing username that `name` can pass for (the same letters in another case included)."""
    users = get_user_model().objects.annotate(length=Length("username")).filter(length=len(name))
    return next((other for other in users.values_list("username", flat=True) if confusable(name, other)), None)

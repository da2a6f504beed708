"""Usernames that cannot pass for someone else's: one script (as Unicode's "highly restrictive" profile allows:
Latin with Han and kana, Bopomofo or Hangul), and none that looks like a name already taken, whatever its length
(аlice with a Cyrillic а beside alice, rnallory beside mallory, Iarry beside larry).

Two names look alike when their confusable skeletons (UTS #39, accounts/skeleton.py) are equal, as written or
case-folded: "Alice" passes for "alice" as much as "rnallory" for "mallory". Names of the same length are also
compared letter by letter with confusable-homoglyphs' wider links (every character Unicode's table joins to a
letter, either way), which catch what one skeleton maps elsewhere: Cyrillic ӏ has the skeleton i, and looks
like l as much.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables
from django.contrib.auth import get_user_model

from .skeleton import skeleton

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


def look_alike_keys(name: str) -> set[str]:
    """The skeletons a name is compared by: as written, and case-folded."""
    return {skeleton(name), skeleton(_fold(name))}


@cache
def _look_alikes(char: str) -> frozenset[str]:
    """The character and the single characters it can pass for, case-folded."""
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[]) or []
    homoglyphs = {glyph["c"].strip("\u200e\u200f") for entry in found for glyph in entry["homoglyphs"]}
    return frozenset({char} | {_fold(glyph) for glyph in homoglyphs if len(glyph) == 1})


def _letterwise(first: str, second: str) -> bool:
    a, b = _fold(first), _fold(second)
    return len(a) == len(b) and all(
        x == y or y in _look_alikes(x) or x in _look_alikes(y) for x, y in zip(a, b, strict=True)
    )


def taken_look_alike(name: str) -> str | None:
    """An existing username that `name` can pass for (the same letters in another case included).

    Every username is compared (a skeleton can be longer or shorter than the name): a few milliseconds per
    thousand members, once per sign-up.
    """
    keys = look_alike_keys(name)
    usernames = get_user_model().objects.values_list("username", flat=True).iterator()
    return next((other for other in usernames if keys & look_alike_keys(other) or _letterwise(name, other)), None)

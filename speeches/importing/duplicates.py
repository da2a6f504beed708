"""One copy of each speech: is a text already in the library?

A text is a duplicate of a speech in the library when they have the same paragraphs up to punctuation and
whitespace, at least DUPLICATE_SHARE of them (of the longer of the two): an edition copied from another
site, a dataset's copy of a page, a re-upload. Each paragraph's letters and digits, folded as search folds
them (traditional → simplified, full-width → half-width, lower case), are hashed into its `fingerprint`
(stored, indexed), so finding the speeches that share a text's paragraphs is one indexed query, whatever
the size of the library. Exact fingerprints are enough for the copies met so far: the shared corpus's
eleven repeated texts share every paragraph, and no two different speeches share a third of theirs.

`import_speeches` skips a duplicate ("same text as <slug>") unless told to store it as a new version of that
speech or as a deliberate second copy (`Speech.duplicate_of`, counted once: `Speech.objects.counted()`);
the upload preview says "already in the library" and publishing then needs a deliberate choice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from ..models import Paragraph, Speech
from ..search.text import fold

DUPLICATE_SHARE = 0.9


def paragraph_fingerprint(text: str) -> str:
    """16 hex digits for the paragraph's folded letters and digits ("" for one with none: it matches nothing)."""
    kept = "".join(char for char in fold(text) if char.isalnum())
    return hashlib.blake2b(kept.encode("utf-8"), digest_size=8).hexdigest() if kept else ""


@dataclass(frozen=True)
class Duplicate:
    """A speech of the library that holds the same text: `shared` of the paragraphs, `share` of the longer."""

    speech: Speech
    shared: int
    share: float


def find_duplicate(paragraphs: Iterable[str], *, exclude: Speech | None = None) -> Duplicate | None:
    """The speech in the library with (nearly) the same paragraphs, or None; a copy leads to its original."""
    prints = Counter(found for text in paragraphs if (found := paragraph_fingerprint(text)))
    if not prints:
        return None
    candidates = Speech.objects.in_library()
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    rows = Paragraph.objects.filter(fingerprint__in=list(prints), speech__in=candidates)
    held: dict[int, Counter] = {}
    for speech_id, fingerprint in rows.values_list("speech_id", "fingerprint"):
        held.setdefault(speech_id, Counter())[fingerprint] += 1
    total = sum(prints.values())
    # A candidate must share DUPLICATE_SHARE of the new text's paragraphs before its own length is asked for.
    shared = {speech_id: sum((counts & prints).values()) for speech_id, counts in held.items()}
    likely = [speech_id for speech_id, count in shared.items() if count >= DUPLICATE_SHARE * total]
    if not likely:
        return None
    lengths = dict(
        Paragraph.objects.filter(speech_id__in=likely)
        .exclude(fingerprint="")
        .values_list("speech_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    found = []
    for speech_id in likely:
        share = shared[speech_id] / max(total, lengths.get(speech_id, 0))
        if share >= DUPLICATE_SHARE:
            found.append((-share, speech_id))
    if not found:
        return None
    share, speech_id = min(found)
    speech = Speech.objects.select_related("duplicate_of").get(pk=speech_id)
    if speech.duplicate_of is not None and not speech.duplicate_of.is_archived:
        speech = speech.duplicate_of
    return Duplicate(speech, shared[speech_id], -share)

"""Parallels and first uses stored for the library: computed by the passages task (tasks.py), read by the pages."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Q

from speeches import search
from speeches.models import Paragraph, Speech

from . import firsts
from .models import FirstUse, Parallel, SpeechPhrases
from .parallels import find_parallels

logger = logging.getLogger(__name__)
BATCH = 5000


# ---------------------------------------------------------------- parallels


def _all_paragraphs() -> tuple[list[int], list[int], list[str]]:
    ids, speech_ids, texts = [], [], []
    for pk, speech_id, text in (
        # A withdrawn speech has left the library; a second copy of a speech counts once.
        Paragraph.objects.filter(speech__in=Speech.objects.counted())
        .order_by("pk")
        .values_list("pk", "speech_id", "text")
        .iterator(chunk_size=BATCH)
    ):
        ids.append(pk)
        speech_ids.append(speech_id)
        texts.append(text)
    return ids, speech_ids, texts


def _store(ids: list[int], pairs) -> None:
    """Both rows of each pair, by executemany a batch at a time: a large library has millions of rows, and
    model instances (bulk_create) cost more than finding the pairs."""
    fields = [Parallel._meta.get_field(name) for name in ("paragraph", "other", "shared", "spans", "other_spans")]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Parallel._meta.db_table), ", ".join(quote(field.column) for field in fields), ", ".join(["%s"] * 5)
    )
    spans = fields[3]

    def prepared(value):
        return spans.get_db_prep_save(value, connection)

    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH):
            rows = []
            for pair in pairs[start : start + BATCH]:
                a, b, spans_a, spans_b = ids[pair.a], ids[pair.b], prepared(pair.spans_a), prepared(pair.spans_b)
                rows.append((a, b, pair.shared_a, spans_a, spans_b))
                rows.append((b, a, pair.shared_b, spans_b, spans_a))
            cursor.executemany(sql, rows)


def compute_parallels(speech_ids: Iterable[int] | None = None) -> int:
    """Find and store the parallels of the paragraphs of these speeches (all speeches when None).

    The library's passages are counted afresh either way (the 1% rule is over all paragraphs); only the
    pairs that touch these speeches are replaced. Returns the number of pairs stored.
    """
    ids, speech_of, texts = _all_paragraphs()
    if speech_ids is None:
        pairs, _ = find_parallels(texts, speech_of)
        with transaction.atomic():
            Parallel.objects.all().delete()
            _store(ids, pairs)
        return len(pairs)
    wanted = set(speech_ids)
    only = [index for index, speech in enumerate(speech_of) if speech in wanted]
    pairs, touched = find_parallels(texts, speech_of, only=only) if only else ([], [])
    touched_ids = [ids[index] for index in touched]
    with transaction.atomic():
        # The imported speeches' paragraphs (some of them deleted by now: their rows went with them).
        Parallel.objects.filter(Q(paragraph__speech__in=wanted) | Q(other__speech__in=wanted)).delete()
        for start in range(0, len(touched_ids), 500):
            chunk = touched_ids[start : start + 500]
            Parallel.objects.filter(Q(paragraph_id__in=chunk) | Q(other_id__in=chunk)).delete()
        _store(ids, pairs)
    return len(pairs)


def parallel_counts(speech: Speech) -> dict[int, int]:
    """Paragraph number → how many paragraphs of other speeches share a passage with it."""
    rows = (
        Parallel.objects.filter(paragraph__speech=speech)
        .values_list("paragraph__number")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


# ---------------------------------------------------------------- first uses


def candidates_key(speech: Speech) -> str:
    """What a speech's kept formulations were taken from: its text, the user dictionary, the rule's version."""
    key = f"{speech.checksum} {search.dictionary_fingerprint()} {firsts.RULE_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()


def _candidates(speech: Speech, texts: list[str], cached: SpeechPhrases | None) -> dict[str, int]:
    key = candidates_key(speech)
    if cached is not None and cached.checksum == key:
        return cached.phrases
    phrases = firsts.candidates(texts)
    SpeechPhrases.objects.update_or_create(speech=speech, defaults={"checksum": key, "phrases": phrases})
    return phrases


def compute_first_uses() -> int:
    """Find and store every speech's new formulations; a speech is cut into words again only when it changed.

    An import can change what is new in every later speech, so the whole library is done each time: about three
    seconds for the shared corpus once the candidates are kept. Returns the number of phrases stored.
    """
    # An undated speech is neither earlier nor later than any other (firsts.first_uses leaves it out): its text
    # is not read, nor cut into words.
    dated = Speech.objects.counted().exclude(date=None)
    texts: dict[int, list[str]] = {}
    paragraphs = Paragraph.objects.filter(speech__in=dated).order_by("speech_id", "number")
    for speech_id, text in paragraphs.values_list("speech_id", "text"):
        texts.setdefault(speech_id, []).append(text)
    cached = {phrases.speech_id: phrases for phrases in SpeechPhrases.objects.filter(speech__in=dated)}
    library = [
        firsts.SpeechText(
            speech.pk,
            speech.date,
            "\n".join(search.fold(text) for text in texts.get(speech.pk, [])),
            _candidates(speech, texts.get(speech.pk, []), cached.get(speech.pk)),
        )
        for speech in dated.only("pk", "date", "checksum", "revision")
    ]
    found = firsts.first_uses(library)
    with transaction.atomic():
        FirstUse.objects.all().delete()
        FirstUse.objects.bulk_create(
            (
                FirstUse(speech_id=speech_id, phrase=use.phrase, occurrences=use.occurrences, taken_up=use.taken_up)
                for speech_id, uses in found.items()
                for use in uses
            ),
            batch_size=BATCH,
        )
    return sum(len(phrases) for phrases in found.values())

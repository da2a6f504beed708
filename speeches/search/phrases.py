"""A speech's key phrases (TF-IDF over jieba's words), for the chips above its text."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..caching import RevisionCache
from .text import STOP_WORDS, stop_words, tokenizer

if TYPE_CHECKING:
    import jieba.analyse


@functools.cache
def key_phrase_extractor() -> jieba.analyse.TFIDF:
    # Imported here, not above: jieba.analyse reads its IDF table and jieba.posseg's tables on import (0.6 s),
    # which every management command would otherwise pay; gunicorn's master loads it once (search.warm_up).
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tokenizer()
    extractor.set_stop_words(str(STOP_WORDS))
    return extractor


_key_phrases: RevisionCache[list[str]] = RevisionCache("key phrases", maxsize=256)


def key_phrases(speech, limit: int = 8) -> list[str]:
    """The speech's top key phrases by TF-IDF, without function words and boilerplate.

    Kept per process by the speech and its own revision (its last change), so another speech's change
    does not throw them away.
    """

    def extract() -> list[str]:
        text = "\n".join(speech.paragraphs.order_by("number").values_list("text", flat=True))
        candidates = key_phrase_extractor().extract_tags(text, topK=limit * 3) if text else []
        unwanted = stop_words()
        phrases = [word for word in candidates if len(word) >= 2 and not word.isdigit() and word not in unwanted]
        return phrases[:limit]

    return _key_phrases.get((speech.pk, speech.revision, limit), extract, revision_number=0)

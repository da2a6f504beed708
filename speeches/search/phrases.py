"""A speech's key phrases (TF-IDF over jieba's words), for the chips above its text."""

from __future__ import annotations

import functools

import jieba.analyse

from .text import STOP_WORDS, stop_words, tokenizer


@functools.cache
def key_phrase_extractor() -> jieba.analyse.TFIDF:
    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tokenizer()
    extractor.set_stop_words(str(STOP_WORDS))
    return extractor


_key_phrase_cache: dict[tuple[int, str, int], list[str]] = {}


def key_phrases(speech, limit: int = 8) -> list[str]:
    """The speech's top key phrases by TF-IDF, without function words and boilerplate.

    Cached per process by the speech's checksum, which changes when it is re-imported.
    """
    key = (speech.pk, speech.checksum, limit)
    if key not in _key_phrase_cache:
        text = "\n".join(speech.paragraphs.order_by("number").values_list("text", flat=True))
        candidates = key_phrase_extractor().extract_tags(text, topK=limit * 3) if text else []
        unwanted = stop_words()
        phrases = [word for word in candidates if len(word) >= 2 and not word.isdigit() and word not in unwanted]
        if len(_key_phrase_cache) > 256:
            _key_phrase_cache.clear()
        _key_phrase_cache[key] = phrases[:limit]
    return _key_phrase_cache[key]

"""The one module that reaches below Whoosh's public API, written for whoosh-reloaded 2.7.5.

Two costs of Whoosh's pure-Python code are avoided here, and both need its internals:

* Reading a posting list (`postings`): the W3 codec's matcher is stepped through a block at a
  time (`_read_data`, `_data`, `_next_block`, `_byteids`) and each block's delta-encoded ids are
  decoded with numpy, instead of one Python call per posting.
* Writing a new index (`write_new_index`): the postings are gathered in memory per term, in
  document order, and handed straight to the codec's field writer. Whoosh's own writer puts every
  posting through a pool that sorts them all in Python (spilling to temporary files), then looks
  up each posting's field length with a file-system check (`has_column`) per posting: most of a
  rebuild's time. The files written are the same: the same codec, the same calls, in the same order.

A different Whoosh version refuses to import (ImportError, with the reason): the internals may have
changed, and a silent change would give wrong results rather than an error. Read the new version's
`whoosh/codec/whoosh3.py` and `whoosh/writing.py`, run tests/test_search_index.py, then update
WRITTEN_FOR.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import chain, repeat

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import SegmentWriter

WRITTEN_FOR = "2.7.5"
if whoosh.versionstring() != WRITTEN_FOR:
    raise ImportError(
        f"speeches.search._whoosh reads Whoosh {WRITTEN_FOR}'s internals, but Whoosh {whoosh.versionstring()} "
        "is installed: check them against the new version before changing WRITTEN_FOR"
    )

POSTING_BLOCK = 8192  # postings per block in the index files: see codec()


def codec() -> W3Codec:
    """Whoosh's default codec with longer posting blocks.

    A search reads whole posting lists, a block at a time (see postings), and a frequent term
    spans thousands of the default 128-posting blocks, each decoded with Python calls; blocks of
    POSTING_BLOCK postings cut that cost several times. Nothing here uses Whoosh's skipping within a
    posting list, which longer blocks make coarser.
    """
    return W3Codec(blocklimit=POSTING_BLOCK)


def postings(reader, fieldname: str, text: str) -> np.ndarray:
    """The term's weight in each document of the reader, by document number: 0 where absent or deleted.

    Our fields weigh a posting by the term's count in the document (in `grams` as in `words`),
    which ranks without recounting.
    """
    weights = np.zeros(reader.doc_count_all())
    for leaf, base in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):  # it hides the leaf's deleted documents one by one
            deleted, matcher = leaf.deleted_docs_set, matcher.child  # zeroed below, all at once
        if not hasattr(matcher, "_read_data") or matcher._byteids:  # another codec: the generic, slower way
            while matcher.is_active():
                weights[base + matcher.id()] = matcher.weight()
                matcher.next()
        else:
            deltas: list[tuple[int, ...]] = []  # a block's ids are delta-encoded from 0
            block_weights = []
            while matcher.is_active():
                if matcher._data is None:
                    matcher._read_data()
                ids, block_weight = matcher._data[0], matcher._data[1]
                deltas.append(ids)
                if block_weight is None or isinstance(block_weight, float):  # one weight for the whole block
                    block_weight = repeat(1.0 if block_weight is None else block_weight, len(ids))
                block_weights.append(block_weight)
                matcher._next_block()
            if deltas:
                sizes = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
                running = np.cumsum(np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=sizes.sum()))
                # Undo the delta encoding block by block: subtract the running sum before each block.
                before_block = np.concatenate(([0], running[np.cumsum(sizes)[:-1] - 1]))
                docnums = running - np.repeat(before_block, sizes) + base
                weights[docnums] = np.fromiter(chain.from_iterable(block_weights), dtype=np.float64, count=sizes.sum())
        if deleted:
            weights[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + base] = 0.0
    return weights


def analysed(schema, fields: dict) -> list[tuple[str, object, int, list | None]]:
    """A document as the bulk writer takes it: per field, by name, its stored value, length and postings.

    The postings (term bytes, weight, value bytes) come from the field's own analyzer and format, as
    SegmentWriter.add_document gets them (field boosts are in the weights already). Picklable: a
    rebuild runs this in its worker processes, beside jieba, so the one writing process only files
    postings.
    """
    prepared = []
    for fieldname in sorted(name for name in fields if not name.startswith("_")):
        value = fields[fieldname]
        if value is None:
            continue
        field = schema[fieldname]
        length, postings = 0, None
        if field.indexed:
            postings = []
            for tbytes, freq, weight, vbytes in field.index(value):
                if field.scorable:
                    length += freq
                postings.append((tbytes, weight, vbytes))
        prepared.append((fieldname, value if field.stored else None, length, postings))
    return prepared


class _TermPostings:
    """One term's postings in a new segment, in document order (documents arrive in order)."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("q")
        self.weights = array("d")
        self.values: list[bytes] | None = None


class _BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter for a new, empty index, that keeps postings per term instead of in the pool.

    add_document mirrors SegmentWriter.add_document for the kinds of field our schema has (no
    vectors, no separate spelling, no columns; checked in write_new_index); _flush_segment feeds
    the field writer as FieldWriter.add_postings does, with the lengths known in memory.
    """

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[bytes, _TermPostings]] = {}
        self._lengths: dict[str, array] = {}  # each document's field length (its count of terms)
        self._values: dict[bytes, bytes] = {}  # one copy of each distinct value (most are a small count)

    def add_document(self, **fields) -> None:
        self.add_analysed(analysed(self.schema, fields))

    def add_analysed(self, fields: list[tuple[str, object, int, list | None]]) -> None:
        """Add a document that `analysed` has prepared (in this process or a worker)."""
        schema, perdocwriter, docnum = self.schema, self.perdocwriter, self.docnum
        perdocwriter.start_doc(docnum)
        for fieldname, stored, length, postings in fields:
            if postings is not None:
                terms = self._terms.setdefault(fieldname, {})
                for tbytes, weight, vbytes in postings:
                    term = terms.get(tbytes)
                    if term is None:
                        term = terms[tbytes] = _TermPostings()
                    term.docnums.append(docnum)
                    term.weights.append(weight)
                    if vbytes:
                        if term.values is None:
                            term.values = [b""] * (len(term.docnums) - 1)
                        term.values.append(self._values.setdefault(vbytes, vbytes))
                    elif term.values is not None:
                        term.values.append(b"")
                lengths = self._lengths.setdefault(fieldname, array("q"))
                lengths.extend(repeat(0, docnum + 1 - len(lengths)))
                lengths[docnum] = length  # the codec keeps it as a byte, and rounds the statistics alike
            perdocwriter.add_field(fieldname, schema[fieldname], stored, length)
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for fieldname in sorted(self._terms):
            terms = self._terms.pop(fieldname)
            lengths = self._lengths.get(fieldname, array("q"))
            lengths.extend(repeat(0, self.docnum - len(lengths)))
            field_lengths = np.frombuffer(lengths, dtype=np.int64)
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for tbytes in sorted(terms):
                fieldwriter.start_term(tbytes)
                _fill_blocks(fieldwriter._postwriter, terms.pop(tbytes), field_lengths)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()


def _fill_blocks(postwriter, term: _TermPostings, field_lengths: np.ndarray) -> None:
    """What W3PostingsWriter.add_posting does once per posting, a block at a time.

    A full block is written when the next posting arrives, the last one by finish_postings (which
    also decides whether a short list goes inline in the term info): the same as add_posting.
    """
    docnums = np.frombuffer(term.docnums, dtype=np.int64)
    weights = np.frombuffer(term.weights, dtype=np.float64)
    limit = postwriter._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            postwriter._write_block()
        ids, block_weights = docnums[start : start + limit], weights[start : start + limit]
        postwriter._ids = array("I", ids.astype(np.uint32).tobytes())
        postwriter._weights = array("f", block_weights.astype(np.float32).tobytes())
        postwriter._values = [value for value in (term.values or ())[start : start + limit] if value]
        postwriter._maxweight = max(float(block_weights.max()), 0)
        lengths = field_lengths[ids]
        lengths = lengths[lengths > 0]
        postwriter._minlength = int(lengths.min()) if len(lengths) else None
        postwriter._maxlength = int(lengths.max()) if len(lengths) else 0


def write_new_index(ix, documents: Iterable[list], *, limitmb: int = 256) -> int:
    """Write documents (each prepared by `analysed`) into the new, empty index `ix` as one segment.

    Returns how many documents were written.
    """
    for name, field in ix.schema.items():
        if field.vector or field.separate_spelling() or field.column_type:
            raise ValueError(f"write_new_index does not handle the field {name!r} (vectors, spelling or columns)")
    if ix.doc_count_all():
        raise ValueError("write_new_index writes new indexes only")
    writer = _BulkSegmentWriter(ix, codec=codec(), limitmb=limitmb)
    try:
        for document in documents:
            writer.add_analysed(document)
    except BaseException:
        writer.cancel()
        raise
    count = writer.docnum
    writer.commit()
    return count

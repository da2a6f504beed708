"""A rebuilt index is the index Whoosh's own writer makes: the bulk writer in search._whoosh changes speed only."""

import pytest
from whoosh import index as whoosh_index

from speeches.search import _whoosh
from speeches.search.schema import analysed_documents_for, documents_for, make_schema

# Enough text for terms in many documents (many blocks when blocks are small), in one (inlined in
# the term info), with repeated words and pairs (weights above 1), traditional characters and Latin.
PARAGRAPHS = [
    "我们要牢记国之大者，坚持以人民为中心的发展思想。",
    "工匠精神、劳模精神、劳动精神，是工人阶级的宝贵财富。職工權益要維護。",
    "哈哈哈，GDP增长5%，职工职工职工。",
    "",
    "工会要当好职工群众的娘家人，做职工群众的贴心人。",
] * 40 + [f"第{n}段：新就业形态劳动者的权益保障{n % 7}。" for n in range(120)]
# Long paragraphs: the codec keeps a field's length in a byte, exactly only for short fields.
PARAGRAPHS += ["，".join(f"职工{n}号" for n in range(count)) for count in (150, 333, 700)]


ROWS = [(number, f"speech-{number // 50}", number % 50 + 1, text) for number, text in enumerate(PARAGRAPHS)]


def build(directory, write) -> whoosh_index.Index:
    ix = whoosh_index.create_in(str(directory), make_schema())
    write(ix)
    return whoosh_index.open_dir(str(directory))


def bulk_writer(ix) -> None:
    _whoosh.write_new_index(ix, analysed_documents_for(ROWS))


def whooshs_own_writer(ix) -> None:
    writer = ix.writer(codec=_whoosh.codec())
    for document in documents_for(ROWS):
        writer.add_document(**document)
    writer.commit()


def contents(ix) -> dict:
    """Everything a search can read: terms and their statistics, postings, stored fields, lengths."""
    with ix.reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            statistics = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            terms[(fieldname, text)] = (statistics, postings)
        documents = [
            (reader.stored_fields(docnum), reader.doc_field_length(docnum, "words"))
            for docnum in range(reader.doc_count_all())
        ]
        return {"terms": terms, "documents": documents, "words_length": reader.field_length("words")}


@pytest.mark.parametrize("block", [_whoosh.POSTING_BLOCK, 16])
def test_the_bulk_writer_writes_what_whooshs_writer_writes(tmp_path, monkeypatch, block):
    monkeypatch.setattr(_whoosh, "POSTING_BLOCK", block)  # 16: many blocks per frequent term
    (tmp_path / "bulk").mkdir()
    (tmp_path / "whoosh").mkdir()
    bulk = build(tmp_path / "bulk", bulk_writer)
    own = build(tmp_path / "whoosh", whooshs_own_writer)
    expected = contents(own)
    assert len(expected["terms"]) > 500 and max(len(p) for _, p in expected["terms"].values()) > 4 * 16
    assert contents(bulk) == expected
    # And byte for byte: the postings file (the segment's random name aside) is the same.
    postings = {name: sorted(p.read_bytes() for p in (tmp_path / name).glob("*.pst")) for name in ("bulk", "whoosh")}
    assert postings["bulk"] == postings["whoosh"]


def test_the_bulk_writer_refuses_an_index_that_has_documents(tmp_path):
    ix = build(tmp_path, whooshs_own_writer)
    with pytest.raises(ValueError, match="new indexes only"):
        _whoosh.write_new_index(ix, [])


def test_another_whoosh_version_is_refused_at_import(monkeypatch):
    import importlib

    import whoosh

    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.8.0")
    with pytest.raises(ImportError, match="Whoosh 2.8.0 is installed"):
        importlib.reload(_whoosh)
    monkeypatch.undo()
    importlib.reload(_whoosh)

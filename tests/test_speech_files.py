"""Real files through the import pipeline: a PDF printed by Chromium, a Word file, pasted text.

Each must give exactly the seed's seven paragraphs, its speaker, date and source note; what cannot
be read is refused with a reason, and nothing is stored.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from speeches.importing import ImportRefused, draft_from_file, draft_from_text, read_document
from speeches.models import Speech
from tests.conftest import SEED, SEED_SOURCE_NOTE, SEED_SPEAKER

SEED_DATE = datetime.date(2023, 10, 23)
# The refusals read in English, as the command prints them.
pytestmark = pytest.mark.usefixtures("in_english")


def assert_is_the_seed(draft, paragraphs):
    assert [block.text for block in draft.blocks] == paragraphs
    assert (draft.speaker, draft.date, draft.source_note) == (SEED_SPEAKER, SEED_DATE, SEED_SOURCE_NOTE)


@pytest.mark.browser
def test_a_pdf_printed_by_chromium_gives_the_seed(seed_pdf, seed_paragraphs):
    draft = draft_from_file(seed_pdf.name, seed_pdf.read_bytes())

    assert_is_the_seed(draft, seed_paragraphs)
    assert "学习资料 · 内部参阅" in draft.dropped  # the running header
    assert {"— 1 —", "— 2 —", "— 3 —"} <= set(draft.dropped)  # the page numbers
    flagged = [number for number, _, block in draft.numbered if "page-break" in block.warnings]
    assert flagged, "a paragraph goes on across a page break, and the preview says so"


@pytest.mark.browser
def test_the_pdf_really_has_pages_wrapped_lines_and_paragraphs_across_them(seed_pdf, seed_paragraphs):
    from speeches.importing.pdf import read_lines

    lines, heights = read_lines(seed_pdf.read_bytes())

    assert len(heights) >= 2
    assert len(lines) > 3 * len(seed_paragraphs)  # wrapped
    last_of_first_page = [line for line in lines if line.page == 0 and "—" not in line.text][-1]
    assert not last_of_first_page.text.endswith("。")  # a paragraph goes on on the next page


def test_a_word_file_gives_the_seed(seed_docx, seed_paragraphs):
    draft = draft_from_file(seed_docx.name, seed_docx.read_bytes())

    assert_is_the_seed(draft, seed_paragraphs)


def layouts(paragraphs):
    """Pasted text as people copy it: hard-wrapped (the seed itself), one line a paragraph, a news page's
    full-width indents, blank lines between paragraphs."""
    body = [SEED_SPEAKER, "", *paragraphs, SEED_SOURCE_NOTE]
    yield "hard-wrapped", SEED.read_text("utf-8")
    yield "line per paragraph", "\n".join(line for line in body if line)
    yield "indented", "\n".join([SEED_SPEAKER, *[f"\u3000\u3000{text}" for text in [*paragraphs, SEED_SOURCE_NOTE]]])
    yield "blank lines", "\n\n".join(line for line in body if line)


def test_pasted_text_in_each_layout_gives_the_seed(seed_paragraphs):
    for name, text in layouts(seed_paragraphs):
        draft = draft_from_text(text)
        assert [block.text for block in draft.blocks] == seed_paragraphs, name
        assert (draft.speaker, draft.date, draft.source_note) == (SEED_SPEAKER, SEED_DATE, SEED_SOURCE_NOTE), name


def test_the_proposed_address_is_the_date_and_title(seed_docx):
    draft = draft_from_file(seed_docx.name, seed_docx.read_bytes())

    assert draft.slug == "2023-10-23-在同全国总工会新一届领导班子成员集体谈话时的讲话"[: len(draft.slug)]
    assert draft.slug.startswith("2023-10-23-在同全国总工会")


@pytest.mark.django_db
@pytest.mark.browser
def test_the_command_imports_pdf_and_word_files(tmp_path, seed_pdf, seed_docx, seed_paragraphs):
    word = tmp_path / "acftu-talk-word.docx"
    word.write_bytes(seed_docx.read_bytes())
    out = StringIO()
    # The same speech twice: the Word file kept as a second copy, on purpose (it would be skipped otherwise).
    call_command("import_speeches", str(seed_pdf), str(word), "--duplicates", "copy", stdout=out)

    assert "created acftu-talk: 7 paragraphs" in out.getvalue()
    assert "created acftu-talk-word: 7 paragraphs, a second copy of acftu-talk (counted once)" in out.getvalue()
    assert "dropped 5 header/debris line(s): 学习资料 · 内部参阅 · — 1 — · — 2 — · — 3 — · 习近平" in out.getvalue()
    for slug in ("acftu-talk", "acftu-talk-word"):
        speech = Speech.objects.get(slug=slug)
        assert list(speech.paragraphs.values_list("text", flat=True)) == seed_paragraphs
        assert (speech.speaker, speech.date, speech.source_note) == (SEED_SPEAKER, SEED_DATE, SEED_SOURCE_NOTE)


# ---------------------------------------------------------------------------
# Refusals


@pytest.mark.browser
def test_a_scanned_pdf_without_a_text_layer_is_refused(browser, tmp_path):
    page = browser.new_page()
    page.set_content('<div style="width:400px;height:600px;background:linear-gradient(#999,#eee)"></div>')
    data = page.pdf(format="A4")
    page.close()

    with pytest.raises(ImportRefused, match="no text layer"):
        read_document("scan.pdf", data)


def encrypted_pdf() -> bytes:
    """A PDF encrypted with a user password (RC4, revision 2): it cannot be opened without it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(ImportRefused, match="encrypted"):
        read_document("secret.pdf", encrypted_pdf())


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "cannot be read"),
        ("fake.pdf", b"GIF89a....", "not a PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "cannot be read"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "must end in"),
        ("speech.exe", b"MZ", "must end in"),
        ("big.txt", b"a" * (5 * 1024 * 1024 + 1), "over the 5 MB limit"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(ImportRefused, match=reason):
        draft_from_file(name, data)


def test_a_word_file_with_no_text_is_refused(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.save(str(path))

    with pytest.raises(ImportRefused, match="no text"):
        draft_from_file(path.name, path.read_bytes())


def test_pdf_paragraphs_start_at_an_indent_even_after_a_full_last_line():
    from speeches.importing.pdf import Line, recover

    def line(page, top, text, indent=False, short=False):
        x0 = 96.0 if indent else 62.0
        return Line(page, x0, 300.0 if short else 534.0, top, text)

    lines = [
        line(0, 20, "学习资料", short=True),  # a running header: top band, on both pages
        line(0, 100, "第一段开头，文字一直排到", indent=True),
        line(0, 130, "右边的边上，而这一段恰好在行末结束。"),  # full to the margin: only the indent tells
        line(0, 160, "第二段从这里开始，一直写到", indent=True),
        line(0, 190, "页面的最后一行还没有写"),
        line(0, 820, "1", short=True),
        line(1, 20, "学习资料", short=True),
        line(1, 100, "完，跨页接着写完。", short=True),
        line(1, 820, "2", short=True),
    ]

    extracted = recover(lines, [842.0, 842.0])

    assert extracted.text.split("\n\n") == [
        "第一段开头，文字一直排到右边的边上，而这一段恰好在行末结束。",
        "第二段从这里开始，一直写到页面的最后一行还没有写完，跨页接着写完。",
    ]
    assert extracted.dropped == ["学习资料", "1", "2"]
    assert extracted.seams == ["最后一行还没有写完，跨页接着写完"]  # 8 characters each side of the join


def test_pdf_paragraphs_set_apart_by_space_without_an_indent():
    from speeches.importing.pdf import Line, recover

    lines = [
        Line(0, 62.0, 534.0, 100, "第一段没有首行缩进，文字排到"),
        Line(0, 62.0, 534.0, 130, "右边，最后一行也恰好排满了。"),
        Line(0, 62.0, 534.0, 190, "第二段与上一段之间空了一行，"),  # twice the usual 30 between lines
        Line(0, 62.0, 300.0, 220, "它也不缩进。"),
    ]

    assert recover(lines, [842.0]).text.split("\n\n") == [
        "第一段没有首行缩进，文字排到右边，最后一行也恰好排满了。",
        "第二段与上一段之间空了一行，它也不缩进。",
    ]


@pytest.mark.browser
@pytest.mark.parametrize(
    "name",
    [
        "provincial-gov-reports-2026/gov-report-2026-gansu.txt",  # headings, “3+2” and 2013年 on ragged lines
        "provincial-gov-reports-2026/gov-report-2026-heilongjiang.txt",
        "xi-speeches-2013-2016/xi-2013-06-05-1.txt",  # salutations, one-line paragraphs
        "xi-speeches-2013-2016/xi-2013-12-26-1.txt",  # 《〈湘江评论〉》: a bracket the font shares with 〈
    ],
)
def test_real_speeches_printed_ragged_right_come_back_paragraph_for_paragraph(browser, corpus, name):
    from speeches.importing import parse_speech
    from tests.documents import print_parsed_pdf

    path = corpus / name
    parsed = parse_speech(path.read_text("utf-8"), file_stem=path.stem)

    draft = draft_from_file(f"{path.stem}.pdf", print_parsed_pdf(browser, parsed))

    assert [block.text for block in draft.blocks if block.is_paragraph] == list(parsed.paragraphs)
    assert (draft.title, draft.speaker) == (parsed.title, parsed.speaker)


def test_a_word_file_that_unpacks_to_a_huge_size_is_refused():
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))  # 60 MB of zeros, a few KB packed

    with pytest.raises(ImportRefused, match="unpacks to more than 50 MB"):
        draft_from_file("bomb.docx", packed.getvalue())

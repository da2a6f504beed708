"""Reading a file has budgets (issue 23, attacks 2 and 5): the small files that held a worker for 30 s are refused
at once, what the budgets miss is stopped by the child process's limits, and pasted text stops at what can be
published. bench/bombs_bench.py times the bombs against a running server with /healthz beside them.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from speeches.importing import ImportRefused, draft_from_file
from tests import bombs

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(client, name, data):
    return client.post(reverse("speeches:speech_new"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("report.pdf", bombs.many_pages_pdf, "这个 PDF 超过 300 页"),
        ("report.pdf", bombs.inflating_pdf, "这个 PDF 的页面解压后超过 16 MB"),
        ("report.docx", bombs.unpacking_docx, "这个 Word 文件的文字解压后有 45 MB，超过了 10 MB 的上限"),
    ],
    ids=["2000-pages", "inflating-streams", "unpacking-docx"],
)
def test_the_three_bombs_are_refused_with_the_budget_they_broke(editor_client, name, make, reason):
    response = upload(editor_client, name, make())
    assert response.status_code == 422
    assert reason in response.content.decode()


def test_a_pdf_within_the_page_budget_is_still_read(editor_client):
    """300 pages is the limit, not 300 pages refused: the budget counts before reading, and lets this through."""
    from speeches.importing.pdf import check_budget
    from tests.bombs import _pdf

    def document(pages):
        import io

        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser

        return PDFDocument(PDFParser(io.BytesIO(_pdf([b"BT /F1 9 Tf 72 770 Td (1) Tj ET"] * pages))))

    check_budget(document(300))
    with pytest.raises(ImportRefused) as refused:
        check_budget(document(301))
    assert refused.value.code == "too-many-pages"


def test_a_reading_that_runs_too_long_is_stopped_and_refused(monkeypatch):
    """What no budget foresaw (here a reader that never ends) is stopped at the CPU limit; the worker goes on."""
    from speeches.importing import limits, word

    monkeypatch.setattr(limits, "READ_CPU_SECONDS", 1)

    def endless(data):
        while True:
            pass

    monkeypatch.setattr(word, "extract_text", endless)
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        draft_from_file("slow.docx", b"PK whatever")
    assert refused.value.code == "too-slow"
    assert time.monotonic() - started < limits.READ_SECONDS  # the kernel stopped it, not the worker's wait


def test_a_child_that_gets_no_answer_out_is_given_up_on_by_the_worker(monkeypatch):
    """A child that does not finish and uses no CPU (here asleep) is killed when the worker stops waiting."""
    from speeches.importing import limits, word

    monkeypatch.setattr(limits, "READ_SECONDS", 0.5)
    monkeypatch.setattr(word, "extract_text", lambda data: time.sleep(60))
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        draft_from_file("stuck.docx", b"PK whatever")
    assert refused.value.code == "too-slow"
    assert time.monotonic() - started < 10


def test_a_reading_that_takes_too_much_memory_is_refused(monkeypatch):
    from speeches.importing import limits, word

    monkeypatch.setattr(limits, "READ_MEMORY_BYTES", 64 * 1024 * 1024)

    def greedy(data):
        return "x" * (512 * 1024 * 1024)

    monkeypatch.setattr(word, "extract_text", greedy)
    with pytest.raises(ImportRefused) as refused:
        draft_from_file("greedy.docx", b"PK whatever")
    assert refused.value.code == "too-big"


def test_a_slow_pdf_inside_every_budget_is_stopped_at_the_time_limit(monkeypatch):
    """300 pages of text pass the budgets but take pdfminer far longer than the limit to lay out."""
    from speeches.importing import limits

    monkeypatch.setattr(limits, "READ_CPU_SECONDS", 1)
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        draft_from_file("long.pdf", bombs.many_pages_pdf(300))
    assert refused.value.code == "too-slow"
    assert time.monotonic() - started < limits.READ_SECONDS  # pdfminer needs a minute of CPU for it


def test_pasted_text_of_more_paragraphs_than_can_be_published_is_refused_at_once(editor_client):
    """40,000 paragraphs (the attack's 3 MB paste): refused before the pipeline, no 18 MB preview."""
    text = "\n\n".join(f"第{n}段。" for n in range(40_000))
    started = time.monotonic()
    response = editor_client.post(reverse("speeches:speech_new"), {"text": text})
    assert time.monotonic() - started < 1.5
    assert response.status_code == 422
    assert "超过 9000 行" in response.content.decode()
    assert "preview-block" not in response.content.decode()  # the form again, with the text; no preview


def test_pasted_text_of_a_few_lines_but_too_many_paragraphs_is_refused(editor_client):
    """Under the line budget but over what can be published (900 paragraphs and headings)."""
    text = "\n".join(f"第{n}段。" for n in range(1200))
    response = editor_client.post(reverse("speeches:speech_new"), {"text": text})
    assert response.status_code == 422
    assert "最多只能发布 900 个" in response.content.decode()


def test_a_text_file_of_too_many_lines_is_refused_too():
    data = "\n".join(f"第{n}段。" for n in range(10_000)).encode()
    with pytest.raises(ImportRefused) as refused:
        draft_from_file("long.txt", data)
    assert refused.value.code == "too-many-lines"

"""Real speech files made in the tests: a PDF printed by Chromium, a Word file written with python-docx."""

from __future__ import annotations

from html import escape
from pathlib import Path

# A running header and page numbers, as Chromium prints them on every page (display_header_footer).
PDF_HEADER = (
    '<div style="font-size:9px;width:100%;text-align:center;font-family:Noto Sans CJK SC">学习资料 · 内部参阅</div>'
)
PDF_FOOTER = (
    '<div style="font-size:9px;width:100%;text-align:center;font-family:Noto Sans CJK SC">'
    '— <span class="pageNumber"></span> —</div>'
)


def speech_html(speaker: str, paragraphs: list[str], source_note: str) -> str:
    """A printable page: the speaker's name centred, paragraphs with a first-line indent of two characters."""
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return (
        '<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><style>'
        "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:17pt;line-height:1.6;margin:0}"
        "p{text-indent:2em;margin:0;text-align:justify}"
        ".speaker{text-align:center;text-indent:0;margin-bottom:1em}"
        f'</style><p class="speaker">{escape(speaker)}</p>{body}<p>{escape(source_note)}</p></html>'
    )


def print_pdf(browser, path: Path, speaker: str, paragraphs: list[str], source_note: str) -> Path:
    """Print the speech to PDF with Chromium (A4, running header, page numbers in the footer)."""
    page = browser.new_page()
    try:
        page.set_content(speech_html(speaker, paragraphs, source_note))
        page.pdf(
            path=str(path),
            format="A4",
            display_header_footer=True,
            header_template=PDF_HEADER,
            footer_template=PDF_FOOTER,
            margin={"top": "25mm", "bottom": "25mm", "left": "22mm", "right": "22mm"},
        )
    finally:
        page.close()
    return path


def write_docx(path: Path, speaker: str, paragraphs: list[str], source_note: str) -> Path:
    """A Word file as an office writes one: a centred name, indented paragraphs, empty paragraphs between."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    name = document.add_paragraph(speaker)
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("")
    for text in [*paragraphs, source_note]:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(24)
        document.add_paragraph("   ")
    document.save(str(path))
    return path


def print_parsed_pdf(browser, parsed) -> bytes:
    """A parsed speech printed as a news site's page prints: its title and speaker centred, headings,
    ragged-right paragraphs (not justified) with first-line indents, and Chromium's own header (date,
    title) and footer (address, page x/y)."""
    headings = {}
    for heading in parsed.headings:
        headings.setdefault(heading.before, []).append(heading.text)
    body = "".join(
        "".join(f"<h2>{escape(text)}</h2>" for text in headings.get(number, [])) + f"<p>{escape(text)}</p>"
        for number, text in enumerate(parsed.paragraphs, start=1)
    )
    html = (
        '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
        f"<title>{escape(parsed.title)}</title><style>"
        "body{font-family:'Noto Serif CJK SC',serif;font-size:13pt;line-height:1.7}"
        "p{text-indent:2em;margin:0}h1{font-size:18pt;text-align:center}h2{font-size:14pt;text-indent:2em}"
        f'</style><h1>{escape(parsed.title)}</h1><p style="text-align:center;text-indent:0">'
        f"{escape(parsed.speaker)}</p>{body}" + (f"<p>{escape(parsed.source_note)}</p>" if parsed.source_note else "")
    )
    page = browser.new_page()
    try:
        page.set_content(html)
        return page.pdf(format="A4", display_header_footer=True)
    finally:
        page.close()

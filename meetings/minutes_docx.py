"""The minutes as a Word file (python-docx), in the usual 学习记录 layout: a table of time, place, host,
leader, who attended and who was absent, then 学习内容, 讨论题, 研讨发言 and 小结, on A4."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from .minutes import Minutes, header_rows, speech_line


def as_docx(minutes: Minutes) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(22)

    title = document.add_heading(f"{minutes.group} 学习记录", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(minutes.title)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    rows = header_rows(minutes)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
        row.cells[0].width, row.cells[1].width = Mm(30), Mm(130)
        row.cells[0].paragraphs[0].runs[0].bold = True

    document.add_heading("学习内容", level=1)
    document.add_paragraph(speech_line(minutes))
    document.add_paragraph(minutes.speech_url)
    for number, text in minutes.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{number}　").bold = True
        paragraph.add_run(text)
        paragraph.paragraph_format.space_after = Pt(6)

    if minutes.discussion:
        document.add_heading("讨论题", level=1)
        for question in minutes.discussion:
            about = f"（第 {question.number} 段）" if question.number else ""
            document.add_paragraph(f"{question.text}{about}", style="List Number")

    document.add_heading("研讨发言", level=1)
    for speaker in minutes.speakers:
        document.add_heading(speaker.username, level=2)
        for said in speaker.contributions:
            kind = "提问" if said.is_question else "发言"
            head = document.add_paragraph(style="List Bullet")
            head.add_run(f"第 {said.number} 段 · {kind}：").bold = True
            if said.exact:
                head.add_run(f"针对“{said.exact}”　")
            head.add_run(said.body)
            for reply in said.replies:
                answer = document.add_paragraph(style="List Bullet 2")
                answer.add_run(f"回复 {reply.author}：").bold = True
                answer.add_run(reply.body)
            if said.conclusion:
                conclusion = document.add_paragraph(style="List Bullet 2")
                conclusion.add_run("结论：").bold = True
                conclusion.add_run(said.conclusion)
    if not minutes.speakers:
        document.add_paragraph("（没有发言记录）")

    document.add_heading("小结", level=1)
    for line in minutes.summary.splitlines() or ["（未填写）"]:
        document.add_paragraph(line)

    output = BytesIO()
    document.save(output)
    return output.getvalue()

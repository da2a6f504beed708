"""A session's agenda: its discussion questions (讨论题), and how documents name its reading."""

import re
from dataclasses import dataclass

# "p5: 如何理解……" (or P5：…): a discussion question about paragraph 5.
QUESTION_LINE = re.compile(r"^[pP](\d{1,5})\s*[:：]\s*(.*)$")
MAX_QUESTION_LINES = 50


@dataclass(frozen=True)
class DiscussionQuestion:
    text: str
    number: int | None = None  # the paragraph it names, if it names one


def discussion_questions(text: str) -> list[DiscussionQuestion]:
    """The questions of a session, one per non-empty line; `p5: …` names paragraph 5."""
    questions = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        named = QUESTION_LINE.match(line)
        if named and named.group(2).strip():
            questions.append(DiscussionQuestion(named.group(2).strip(), int(named.group(1))))
        else:
            questions.append(DiscussionQuestion(line))
    return questions


def range_label(whole_speech: bool, first: int, last: int) -> str:
    """The reading as the documents (minutes, calendars, reminders) name it: 全文, 第 5 段, 第 3–7 段."""
    if whole_speech:
        return "全文"
    return f"第 {first} 段" if first == last else f"第 {first}–{last} 段"

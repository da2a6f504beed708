"""The minutes of a session (学习记录): what the .docx, the Markdown and the print view all show.

Only notes shared with the group count, and only those written up to the session's end: private notes
never appear, and notes written after the meeting are not what was said at it. Conclusions of questions
are the meeting's outcome and appear whenever they were written.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from annotations.notebook import _lines, _quote, _text  # the notebook's Markdown escaping, shared

from .agenda import DiscussionQuestion, discussion_questions, range_label
from .models import Attendance, Session
from .questions import reading_notes


@dataclass(frozen=True)
class Reply:
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class Contribution:
    """A member's note or question on the reading, with its replies and, for a question, its conclusion."""

    number: int  # the paragraph
    is_question: bool
    exact: str  # the words it is about, if any
    body: str
    created_at: datetime
    conclusion: str
    replies: tuple[Reply, ...]


@dataclass(frozen=True)
class Speaker:
    username: str
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class Minutes:
    group: str
    title: str
    starts_at: datetime  # local time
    ends_at: datetime
    place: str
    organiser: str
    leader: str
    attendance_taken: bool
    present: tuple[str, ...]
    absent: tuple[str, ...]
    speech_title: str
    speech_speaker: str
    speech_date: object
    speech_url: str
    first: int
    last: int
    whole_speech: bool
    paragraphs: tuple[tuple[int, str], ...]
    discussion: tuple[DiscussionQuestion, ...]
    speakers: tuple[Speaker, ...]
    summary: str


def build_minutes(session: Session, absolute) -> Minutes:
    """The session's record; `absolute` makes a path an absolute URL (request.build_absolute_uri)."""
    speech = session.speech
    attendance = list(Attendance.objects.filter(session=session).select_related("user"))
    said = reading_notes(session).filter(created_at__lte=session.ends_at)
    top_level = (
        said.filter(parent=None)
        .exclude(body="")  # a highlight (划线) says nothing in a discussion
        .select_related("author")
        .prefetch_related(
            Prefetch("replies", queryset=said.select_related("author").order_by("created_at", "pk"), to_attr="said")
        )
        .order_by("author__username", "paragraph_number", "created_at", "pk")
    )
    speakers = tuple(
        Speaker(
            username=username,
            contributions=tuple(
                Contribution(
                    number=note.paragraph_number,
                    is_question=note.is_question,
                    exact=note.exact,
                    body=note.body,
                    created_at=timezone.localtime(note.created_at),
                    conclusion=note.conclusion,
                    replies=tuple(
                        Reply(reply.author.get_username(), reply.body, timezone.localtime(reply.created_at))
                        for reply in note.said
                    ),
                )
                for note in notes
            ),
        )
        for username, notes in groupby(top_level, key=lambda note: note.author.get_username())
    )
    paragraphs = speech.paragraphs.filter(number__gte=session.first_number, number__lte=session.last_number)
    return Minutes(
        group=session.group.name,
        title=session.title,
        starts_at=timezone.localtime(session.starts_at),
        ends_at=timezone.localtime(session.ends_at),
        place=session.place,
        organiser=session.organiser.get_username() if session.organiser else "",
        leader=session.leader.get_username() if session.leader else "",
        attendance_taken=bool(attendance),
        present=tuple(a.user.get_username() for a in attendance if a.present),
        absent=tuple(a.user.get_username() for a in attendance if not a.present),
        speech_title=speech.title,
        speech_speaker=speech.speaker,
        speech_date=speech.date,
        speech_url=absolute(speech.get_absolute_url()),
        first=session.first_number,
        last=session.last_number,
        whole_speech=session.whole_speech,
        paragraphs=tuple(paragraphs.order_by("number").values_list("number", "text")),
        discussion=tuple(discussion_questions(session.questions)),
        speakers=speakers,
        summary=session.summary,
    )


def when(minutes: Minutes) -> str:
    return f"{minutes.starts_at:%Y年%m月%d日 %H:%M}–{minutes.ends_at:%H:%M}"


def names(values: tuple[str, ...], attendance_taken: bool) -> str:
    if not attendance_taken:
        return "（未记录）"
    return "、".join(values) or "无"


def reading_range(minutes: Minutes) -> str:
    return range_label(minutes.whole_speech, minutes.first, minutes.last)


def header_rows(minutes: Minutes) -> list[tuple[str, str]]:
    """The table at the top of the usual 学习记录 form."""
    return [
        ("时间", when(minutes)),
        ("地点", minutes.place or "—"),
        ("主持人", minutes.organiser or "—"),
        ("领学人", minutes.leader or "—"),
        ("参加人员", names(minutes.present, minutes.attendance_taken)),
        ("缺席人员", names(minutes.absent, minutes.attendance_taken)),
    ]


def speech_line(minutes: Minutes) -> str:
    parts = [f"《{minutes.speech_title}》"]
    if minutes.speech_speaker:
        parts.append(minutes.speech_speaker)
    if minutes.speech_date:
        parts.append(minutes.speech_date.isoformat())
    parts.append(reading_range(minutes))
    return " · ".join(parts)


def as_markdown(minutes: Minutes) -> str:
    """The minutes in Markdown; whatever people typed is escaped, so it reads as text in any viewer."""
    lines = [f"# {_text(minutes.group)} 学习记录：{_text(minutes.title)}", ""]
    lines += [f"- **{label}**：{_text(value)}" for label, value in header_rows(minutes)]
    lines += ["", "## 学习内容", "", _text(speech_line(minutes)), "", f"原文：<{minutes.speech_url}>", ""]
    for number, text in minutes.paragraphs:
        lines += [f"**第 {number} 段**", "", _quote(text), ""]
    if minutes.discussion:
        lines += ["## 讨论题", ""]
        for index, question in enumerate(minutes.discussion, start=1):
            about = f"（第 {question.number} 段）" if question.number else ""
            lines.append(f"{index}. {_text(question.text)}{about}")
        lines.append("")
    lines += ["## 研讨发言", ""]
    for speaker in minutes.speakers:
        lines += [f"### {_text(speaker.username)}", ""]
        for said in speaker.contributions:
            kind = "提问" if said.is_question else "发言"
            lines.append(f"- 第 {said.number} 段 · {kind}（{said.created_at:%m-%d %H:%M}）：")
            if said.exact:
                lines.append(f"  针对：“{_text(said.exact)}”")
            lines.append(_quote(said.body, "  "))
            for reply in said.replies:
                lines.append(f"  - 回复 **{_text(reply.author)}**：")
                lines.append(_quote(reply.body, "    "))
            if said.conclusion:
                lines.append("  - **结论**：")
                lines.append(_quote(said.conclusion, "    "))
        lines.append("")
    if not minutes.speakers:
        lines += ["（没有发言记录）", ""]
    lines += ["## 小结", ""]
    lines += [*(_lines(minutes.summary) or ["（未填写）"]), ""]
    return "\n".join(lines)

"""New in this speech (首次出现): the phrases of a speech that no earlier-dated speech uses, on its page."""

import pytest
from django.urls import reverse

from passages.models import FirstUse
from speeches.actions import import_file

pytestmark = pytest.mark.django_db

NEW = "新质生产力"


def write_speech(folder, slug, date, paragraphs):
    path = folder / f"{slug}.txt"
    front = f"date: {date}\n" if date else ""
    path.write_text(f"---\ntitle: {slug}讲话\n{front}---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return import_file(path)


@pytest.fixture
def library(tmp_path):
    write_speech(tmp_path, "first", "2013-03-01", ["我们要推动高质量发展。", "推动高质量发展是首要任务。"])
    write_speech(tmp_path, "second", "2016-07-01", [f"加快发展{NEW}，推动高质量发展。", f"因地制宜发展{NEW}。"])
    write_speech(tmp_path, "third", "2020-10-01", [f"继续发展{NEW}。", f"{NEW}是重要着力点。"])
    return tmp_path


def phrases(slug):
    return list(FirstUse.objects.filter(speech__slug=slug).values_list("phrase", flat=True))


def test_a_recurring_phrase_is_new_where_it_is_first_said_and_nowhere_later(library):
    assert NEW in phrases("second")
    assert f"发展{NEW}" not in phrases("second")  # the shortest of new phrases that contain one another
    assert "推动高质量发展" not in phrases("second")  # said in 2013 already
    assert NEW not in phrases("third")
    assert FirstUse.objects.get(speech__slug="second", phrase=NEW).occurrences == 2


def test_the_earliest_and_undated_speeches_list_nothing(library):
    write_speech(library, "undated", None, [f"{NEW}{NEW}，数字经济数字经济。"])
    assert phrases("first") == []
    assert phrases("undated") == []
    assert NEW in phrases("second")  # an undated speech is earlier than none


def test_importing_an_earlier_speech_changes_what_is_new_in_later_ones(library):
    write_speech(library, "earlier", "2014-01-01", ["开头。", f"关于{NEW}的讨论。"])
    assert NEW not in phrases("second")
    write_speech(library, "earlier", "2014-01-01", ["开头。", "换了一段话。"])  # corrected: the phrase goes
    assert NEW in phrases("second")


def test_the_speech_page_lists_its_new_phrases_as_links(client, library):
    html = client.get("/speeches/second/").content.decode()
    section = html[html.index('id="first-uses-title"') : html.index("</section>", html.index('id="first-uses-title"'))]
    assert f'<a href="{reverse("phrases:phrase_detail", args=[NEW])}">{NEW}</a>' in section
    assert 'id="first-uses-title"' not in client.get("/speeches/first/").content.decode()


def test_a_long_list_shows_twelve_and_folds_the_rest(client, tmp_path, library):
    many = "乡村振兴 数字经济 绿色发展 科技创新 人才强国 文化自信 生态文明 共同富裕 区域协调 对外开放"
    many = [*many.split(" "), "国家安全", "社会治理", "民生保障", "法治建设", "粮食安全"]
    write_speech(tmp_path, "fourth", "2021-01-01", [f"{term}，{term}。" for term in many])
    listed = phrases("fourth")
    assert len(listed) > 12
    html = client.get("/speeches/fourth/").content.decode()
    section = html[html.index('id="first-uses-title"') : html.index("</section>", html.index('id="first-uses-title"'))]
    folded = section[section.index("<details") :]
    assert section.count("<li>") == len(listed)
    assert folded.count("<li>") == len(listed) - 12

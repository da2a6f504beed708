"""New in this speech (首次出现): the formulations of a speech that no earlier-dated speech uses, on its page."""

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
    assert f'<a href="{reverse("phrases:phrase_detail", args=[NEW])}">{NEW} ' in section
    assert "之后有 1 篇讲话沿用" in section  # the third speech says it again
    assert 'id="first-uses-title"' not in client.get("/speeches/first/").content.decode()


def test_a_long_list_shows_twelve_and_folds_the_rest(client, tmp_path, library):
    # Words of the user dictionary, each said twice: formulations whatever jieba's own dictionary says.
    many = "国之大者 新就业形态 新就业群体 新经济组织 新社会组织 产业工人 劳模精神 劳动精神 工匠精神 中国式现代化"
    many = [*many.split(" "), "共同富裕", "工人阶级", "工运事业", "全国总工会", "乡村振兴"]
    write_speech(tmp_path, "fourth", "2021-01-01", [f"{term}，{term}。" for term in many])
    listed = phrases("fourth")
    assert len(listed) > 12
    html = client.get("/speeches/fourth/").content.decode()
    section = html[html.index('id="first-uses-title"') : html.index("</section>", html.index('id="first-uses-title"'))]
    folded = section[section.index("<details") :]
    assert section.count("<li>") == len(listed)
    assert folded.count("<li>") == len(listed) - 12


def test_strings_that_are_no_formulations_are_not_listed(library):
    write_speech(
        library,
        "noise",
        "2021-06-01",
        [
            "两项指标居全国第一，三项指标居全国第一。",  # a number ends it; a one-character word starts it
            "新常态不是不要发展，新常态不是不要速度。",  # function words at its ends
            "所有可能的办法，所有可能的力量。",
            "产量在万吨以上，规模在万吨以上。",
            "我们建设海洋牧场。",  # said once here and never again
        ],
    )
    listed = phrases("noise")
    for noise in ["全国第一", "项指标居", "常态不是", "不是不要", "所有可能", "万吨以上", "海洋牧场"]:
        assert noise not in listed, noise


def test_formulations_taken_up_later_come_first(library):
    write_speech(library, "fourth", "2021-01-01", ["建设海洋牧场。", "发展低空经济，发展低空经济，发展低空经济。"])
    write_speech(library, "fifth", "2022-01-01", ["继续建设海洋牧场。"])
    uses = list(FirstUse.objects.filter(speech__slug="fourth").values_list("phrase", "taken_up", "occurrences"))
    # Said once in its speech, but taken up later: listed, and before one said three times but never again.
    assert uses[:2] == [("海洋牧场", 1, 1), ("低空经济", 0, 3)]


def test_a_phrase_only_said_inside_a_longer_one_is_a_piece_of_it_unless_the_user_dictionary_has_it(library):
    write_speech(library, "fourth", "2021-01-01", ["扩大社会消费品零售总额，推动新就业形态发展。"] * 2)
    listed = phrases("fourth")
    assert "社会消费品零售总额" in listed
    assert not {"社会消费品", "零售总额", "消费品零售总额"} & set(listed)  # pieces of the longer one
    assert "新就业形态" in listed  # said only inside 推动新就业形态发展, but a formulation of the user dictionary

"""The importer: paragraphs, metadata and layouts, bad files, re-imports."""

import datetime
import textwrap

import pytest

from speeches.actions import import_file
from speeches.importing import ImportRefused, decode_speech_bytes, parse_speech
from speeches.models import Paragraph, Speech
from tests.factories import make_speech

# The refusals read in English, as the command prints them.
pytestmark = pytest.mark.usefixtures("in_english")

PARAGRAPH_1 = (
    "党的十八大以来，在党中央坚强领导下，我国工人阶级在党和国家事业发展中发挥了主力军作用，"
    "工运事业取得历史性成就，工会工作实现全方位进步。过去5年，广大职工群众与党同心、跟党奋斗，"
    "在经济建设、科技创新、脱贫攻坚、乡村振兴、疫情防控、抢险救灾等重大工作中，展现了敢打硬仗、"
    "勇挑重担的时代风采。全国总工会和各级工会加强职工思想政治引领，推进产业工人队伍建设改革，"
    "保障劳动者权益，维护劳动领域政治安全，深化工会系统改革，政治性、先进性、群众性不断增强。"
    "对工人阶级作出的重大贡献，对工会工作取得的新成绩，党中央是充分肯定的。"
)
PARAGRAPH_3 = (
    "第一，坚持党对工会的全面领导。我国工运事业是在党的领导下发展起来的，工会是党领导的工人阶级群众组织。"
    "坚持党对工会的全面领导，任何时候、任何情况下都不能动摇、不能偏离。坚持党的领导不是抽象的、空泛的，"
    "不能流于形式，必须全面地、有效地贯彻落实到工会工作全过程和各方面。尤其是在新经济组织、新社会组织、"
    "新就业群体中建立工会，必须从一开始就旗帜鲜明地强调和坚持党的领导。要坚定维护党中央权威和集中统一领导，"
    "始终在思想上政治上行动上同党中央保持高度一致，确保工会工作的正确方向。要坚持不懈用新时代中国特色社会主义"
    "思想凝心铸魂，持续推动理论武装走深走实，不断增强学习践行党的创新理论的思想自觉和行动自觉。要牢记“国之大者”，"
    "找准工会工作与党的中心任务的结合点、切入点、着力点，推动党中央决策部署在工会系统落实落地，更好发挥工会职能作用。"
    "要加强思想政治引领，做好职工思想政治工作，教育引导广大职工坚定不移听党话、跟党走，"
    "确保工人阶级始终是我们党最坚实最可靠的阶级基础。"
)
PARAGRAPH_4 = (
    "第二，组织动员亿万职工奋进新征程、建功新时代。工会工作讲起来有千条万条，最根本的一条是把广大职工群众"
    "紧密团结在党的周围，为实现党的中心任务而团结奋斗。要坚持全心全意依靠工人阶级的根本方针，充分调动广大职工群众的"
    "积极性、主动性、创造性，积极投身全面推进强国建设、民族复兴的伟大事业。要围绕贯彻新发展理念、构建新发展格局、"
    "推动高质量发展，广泛深入开展各种形式的劳动和技能竞赛，激发广大职工的劳动热情、创造潜能，在各行各业各个领域"
    "充分发挥主力军作用。要大力弘扬劳模精神、劳动精神、工匠精神，发挥好劳模工匠示范引领作用，激励广大职工在辛勤劳动、"
    "诚实劳动、创造性劳动中成就梦想。要围绕深入实施科教兴国战略、人才强国战略、创新驱动发展战略，深化产业工人队伍建设"
    "改革，加快建设一支知识型、技能型、创新型产业工人大军，培养造就更多大国工匠和高技能人才。"
)
SOURCE_NOTE = "这是习近平总书记2023年10月23日在同全国总工会新一届领导班子成员集体谈话时讲话的主要部分。"
TITLE = "在同全国总工会新一届领导班子成员集体谈话时的讲话"


@pytest.fixture
def seed(seed_path):
    """The seed, parsed: the reference every other layout must reproduce."""
    return parse_speech(decode_speech_bytes(seed_path.read_bytes()))


def test_seed_gives_exactly_seven_paragraphs(seed):
    assert len(seed.paragraphs) == 7
    assert seed.paragraphs[0].startswith("党的十八大以来")
    assert seed.paragraphs[2].startswith("第一，坚持党对工会的全面领导")
    assert seed.paragraphs[6].startswith("各级党委（党组）")


def test_seed_paragraph_texts_are_exact_including_page_break_joins(seed):
    assert seed.paragraphs[0] == PARAGRAPH_1
    assert seed.paragraphs[2] == PARAGRAPH_3
    assert seed.paragraphs[3] == PARAGRAPH_4
    assert "不能动摇、不能偏离" in seed.paragraphs[2]
    assert "诚实劳动" in seed.paragraphs[3]
    assert "过去5年" in seed.paragraphs[0]


def test_seed_metadata(seed):
    assert seed.speaker == "习近平"
    assert seed.date == datetime.date(2023, 10, 23)
    assert seed.source_note == SOURCE_NOTE
    assert seed.title == TITLE
    assert all(p != "习近平" for p in seed.paragraphs)
    assert all(not p.startswith("这是习近平总书记") for p in seed.paragraphs)


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def _layouts(paragraphs):
    """Every layout people bring, built from the same paragraphs."""
    body = list(paragraphs) + [SOURCE_NOTE]
    pdf_lines = []
    for paragraph in body:
        lines = _wrap(paragraph, 23)
        lines[-1] += " "
        pdf_lines.extend(lines)
    return {
        "one paragraph per line": "习近平\n" + "\n".join(body) + "\n",
        "blank lines between paragraphs": "习近平\n\n" + "\n\n".join(body) + "\n",
        "blank lines between hard-wrapped paragraphs": "习近平\n\n"
        + "\n\n".join("\n".join(_wrap(p, 30)) for p in body)
        + "\n",
        "full-width indent": "习近平\n" + "\n".join("\u3000\u3000" + p for p in body) + "\n",
        "full-width indent, hard-wrapped": "\u3000\u3000习近平\n\n"
        + "\n".join("\u3000\u3000" + "\n".join(_wrap(p, 28)) for p in body)
        + "\n",
        "pdf re-wrapped at 23": "\n \n习近平 \n\n" + "\n\n".join(pdf_lines) + "\n",
    }


@pytest.mark.parametrize(
    "layout",
    [
        "one paragraph per line",
        "blank lines between paragraphs",
        "blank lines between hard-wrapped paragraphs",
        "full-width indent",
        "full-width indent, hard-wrapped",
        "pdf re-wrapped at 23",
    ],
)
@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-8 crlf", "gb18030", "gbk crlf"],
)
def test_every_layout_and_encoding_gives_the_seed_paragraphs(seed, layout, encoding):
    text = _layouts(seed.paragraphs)[layout]
    codec = encoding.split()[0]
    if encoding.endswith("crlf"):
        text = text.replace("\n", "\r\n")
    parsed = parse_speech(decode_speech_bytes(text.encode(codec)))
    assert parsed.paragraphs == seed.paragraphs
    assert (parsed.speaker, parsed.date, parsed.title, parsed.source_note) == ("习近平", seed.date, TITLE, SOURCE_NOTE)


def test_spaces_next_to_chinese_are_dropped_and_latin_spaces_kept():
    parsed = parse_speech("过去 5 年，2023年 10月 23日 我们 学习了 Large Language Models 的 知识。\n")
    assert parsed.paragraphs == ("过去5年，2023年10月23日我们学习了Large Language Models的知识。",)


def test_wrapped_latin_words_keep_a_space_and_chinese_joins_without_one():
    parsed = parse_speech("第一行的中文和 open\nsource 软件相\n连接。\n\n第二段。\n")
    assert parsed.paragraphs == ("第一行的中文和open source软件相连接。", "第二段。")


def test_front_matter_overrides_what_is_inferred(seed_path):
    text = textwrap.dedent(
        """\
        ---
        title: 在同全国总工会新一届领导班子成员集体谈话时的讲话（节选）
        speaker: 习近平总书记
        date: 2023-10-24
        source: 《求是》2023年第X期
        ---
        """
    ) + seed_path.read_text("utf-8")
    parsed = parse_speech(text)
    assert parsed.title == "在同全国总工会新一届领导班子成员集体谈话时的讲话（节选）"
    assert parsed.speaker == "习近平总书记"
    assert parsed.date == datetime.date(2023, 10, 24)
    assert parsed.source_note == "《求是》2023年第X期"
    assert len(parsed.paragraphs) == 7


def test_a_bad_front_matter_date_is_refused():
    with pytest.raises(ImportRefused, match="not a date"):
        parse_speech("---\ndate: yesterday\n---\n正文。\n")


def test_an_unclosed_front_matter_is_refused():
    with pytest.raises(ImportRefused, match="never closed"):
        parse_speech("---\ntitle: 标题\n正文。\n")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t\n", "blank"),
        ("\u3000\u3000\n".encode(), "blank"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x80\x81\xff\xfe\x80", "neither UTF-8 nor GB18030"),
        (b"text\x07with a bell\x01", "binary"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(ImportRefused, match=reason):
        decode_speech_bytes(data)


# ---------------------------------------------------------------------------
# Records


@pytest.mark.django_db
def test_import_creates_the_speech_and_its_numbered_paragraphs(seed_path):
    result = import_file(seed_path)
    assert (result.action, result.paragraph_count) == ("created", 7)
    speech = Speech.objects.get(slug="2023-10-23-acftu-leadership-talk")
    assert speech.title == TITLE
    assert speech.source_file == seed_path.name
    assert len(speech.checksum) == 64
    assert list(speech.paragraphs.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert speech.paragraphs.get(number=3).text == PARAGRAPH_3


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(seed_path):
    import_file(seed_path)
    before = list(Paragraph.objects.values_list("pk", "number", "text"))
    imported_at = Speech.objects.get().imported_at
    result = import_file(seed_path)
    assert result.action == "unchanged"
    assert list(Paragraph.objects.values_list("pk", "number", "text")) == before
    assert Speech.objects.get().imported_at == imported_at


@pytest.mark.django_db
def test_reimporting_a_changed_file_keeps_unchanged_paragraph_records(tmp_path, seed_path, seed):
    import_file(seed_path)
    old = dict(Paragraph.objects.values_list("text", "pk"))

    paragraphs = list(seed.paragraphs)
    paragraphs[1] = "关于今后一个时期的工会工作，这次大会作了全面部署。这里，我再强调几点。"  # edited
    paragraphs.insert(4, "（新增的一段。）")  # added after ¶4
    del paragraphs[-1]  # the last paragraph removed
    changed = tmp_path / seed_path.name
    changed.write_text("习近平\n\n" + "\n\n".join([*paragraphs, SOURCE_NOTE]) + "\n", encoding="utf-8")

    result = import_file(changed)

    assert result.action == "updated"
    assert result.changed == [2]
    assert result.added == [5]
    assert result.removed == [7]
    speech = Speech.objects.get()
    assert [p.text for p in speech.paragraphs.order_by("number")] == paragraphs
    for unchanged in (seed.paragraphs[0], seed.paragraphs[2], seed.paragraphs[3], seed.paragraphs[5]):
        assert speech.paragraphs.get(text=unchanged).pk == old[unchanged]
    # Edited in place: the record (and its notes) stays.
    assert speech.paragraphs.get(number=2).pk == old[seed.paragraphs[1]]
    assert speech.paragraphs.get(text=seed.paragraphs[5]).number == 7
    assert not Paragraph.objects.filter(pk=old[seed.paragraphs[6]]).exists()


@pytest.mark.django_db
def test_a_refused_file_leaves_nothing_behind(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(ImportRefused):
        import_file(bad)
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    big = tmp_path / "big.txt"
    big.write_bytes(("一段话。\n" * (5 * 1024 * 1024 // 12 + 1)).encode())
    with pytest.raises(ImportRefused, match="over the 5 MB limit"):
        import_file(big)
    assert not Speech.objects.exists()


# ---------------------------------------------------------------------------
# File names, slugs and what a file may hold


def write_speech(path, *, title="测试讲话", speaker="某某", source="", body="各位代表：\n过去一年极不平凡。\n"):
    front = f"---\ntitle: {title}\nspeaker: {speaker}\n" + (f"source: {source}\n" if source else "") + "---\n"
    path.write_text(front + body, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_chinese_file_names_keep_their_chinese_in_the_slug_and_do_not_collide(tmp_path, client, alice, group):
    speech_path = write_speech(tmp_path / "2024讲话.txt", title="讲话")
    # Another text: the same one would be skipped as a duplicate (one copy of each speech).
    report_path = write_speech(tmp_path / "2024报告.txt", title="报告", body="各位代表：\n今年要干字当头。\n")

    assert import_file(speech_path).slug == "2024讲话"
    assert import_file(report_path).slug == "2024报告"

    assert dict(Speech.objects.values_list("slug", "title")) == {"2024讲话": "讲话", "2024报告": "报告"}
    speech = Speech.objects.get(slug="2024讲话")
    assert speech.get_absolute_url() == "/speeches/2024%E8%AE%B2%E8%AF%9D/"
    response = client.get(speech.get_absolute_url())
    assert response.status_code == 200 and "过去一年极不平凡。" in response.content.decode()
    client.force_login(alice)  # a member's page links each paragraph's notes
    html = client.get(speech.get_absolute_url()).content.decode()
    assert 'hx-get="/speeches/2024%E8%AE%B2%E8%AF%9D/p1/notes/"' in html
    assert client.get("/speeches/2024%E8%AE%B2%E8%AF%9D/p1/notes/").status_code == 200


@pytest.mark.django_db
def test_a_file_name_that_gives_another_files_slug_is_refused_naming_both(tmp_path):
    first = write_speech(tmp_path / "My-Speech.txt", body="第一篇。\n")
    import_file(first)
    for other in ("my speech.txt", "MY SPEECH.md"):
        path = write_speech(tmp_path / other, body="另一篇，完全不同。\n")
        with pytest.raises(ImportRefused) as refused:
            import_file(path)
        assert "My-Speech.txt" in str(refused.value) and other in str(refused.value)
    speech = Speech.objects.get()
    assert (speech.slug, speech.source_file) == ("my-speech", "My-Speech.txt")
    assert list(speech.paragraphs.values_list("text", flat=True)) == ["第一篇。"]


@pytest.mark.django_db
def test_the_same_file_name_from_another_folder_updates_the_speech(tmp_path):
    import_file(write_speech(tmp_path / "2024讲话.txt", body="旧的一段。\n"))
    (tmp_path / "newer").mkdir()
    result = import_file(write_speech(tmp_path / "newer" / "2024讲话.txt", body="新的一段。\n"))
    assert (result.action, result.slug) == ("updated", "2024讲话")
    assert list(Paragraph.objects.values_list("text", flat=True)) == ["新的一段。"]


@pytest.mark.django_db
def test_a_speech_imported_under_an_ascii_only_slug_is_updated_under_that_slug(tmp_path):
    path = write_speech(tmp_path / "2024讲话.txt", body="新的一段。\n")
    old = make_speech("2024", ["旧的一段。"])
    Speech.objects.filter(pk=old.pk).update(source_file="2024讲话.txt")

    result = import_file(path)

    assert (result.action, result.slug) == ("updated", "2024")
    assert list(Speech.objects.values_list("slug", flat=True)) == ["2024"]
    assert list(Paragraph.objects.values_list("pk", "text")) == [(old.paragraphs.get().pk, "新的一段。")]


@pytest.mark.django_db
def test_a_symbolic_link_is_refused(tmp_path):
    target = write_speech(tmp_path / "real.txt")
    link = tmp_path / "x.txt"
    link.symlink_to(target)
    with pytest.raises(ImportRefused, match="symbolic link"):
        import_file(link)
    assert not Speech.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["speech.csv", "speech", "speech.txt.bak"])
def test_a_file_without_a_speech_suffix_is_refused(tmp_path, name):
    path = write_speech(tmp_path / name)
    with pytest.raises(ImportRefused, match=r"must end in \.txt, \.md, \.pdf, \.docx"):
        import_file(path)
    assert not Speech.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "题" * 10_000}, "the title has 10,000 characters, over the 300-character limit"),
        ({"speaker": "人" * 5_000}, "the speaker has 5,000 characters, over the 100-character limit"),
        ({"source": "注" * 1_001}, "the source note has 1,001 characters, over the 1,000-character limit"),
    ],
)
def test_overlong_metadata_is_refused(tmp_path, fields, message):
    path = write_speech(tmp_path / "long.txt", **fields)
    with pytest.raises(ImportRefused, match=message):
        import_file(path)
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_metadata_at_the_limits_is_stored(tmp_path):
    import_file(write_speech(tmp_path / "long.txt", title="题" * 300, speaker="人" * 100, source="注" * 1_000))
    speech = Speech.objects.get()
    assert (len(speech.title), len(speech.speaker), len(speech.source_note)) == (300, 100, 1_000)


@pytest.mark.django_db
def test_a_file_name_too_long_for_a_slug_is_refused(tmp_path):
    path = write_speech(tmp_path / f"{'a' * 201}.txt")
    with pytest.raises(ImportRefused, match="201-character URL slug, over the 200-character limit"):
        import_file(path)
    assert not Speech.objects.exists()

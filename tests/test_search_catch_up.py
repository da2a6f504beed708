"""Two web hosts, one database, an index each: what an editor changes through one, the other's search finds."""

import logging

import pytest

from speeches import actions, search
from speeches.importing import parse_speech
from speeches.models import Speech
from tests.factories import make_speech

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosts(settings, tmp_path):
    """Switch between host A's and host B's index; both built from the database as it is now."""
    folders = {"A": tmp_path / "host-a", "B": tmp_path / "host-b"}

    def on(name):
        search.forget_open_indexes()
        settings.SEARCH_INDEX_DIR = folders[name]

    make_speech("seed", ["我们要牢记国之大者。", "工会是职工的娘家人。"])
    for name in folders:
        on(name)
        search.rebuild_index(processes=1)
    settings.SEARCH_CATCH_UP_SECONDS = 0  # check on every search
    return on


def slugs(query):
    return {hit.speech_slug for hit in search.search(query).hits}


def publish_through(hosts, host, text, slug):
    hosts(host)
    return actions.publish(parse_speech(text, file_stem=slug), slug=slug, source_file="", checksum=slug)


def test_a_speech_published_through_one_host_is_found_through_the_other(hosts):
    publish_through(hosts, "A", "新质生产力是创新起主导作用的先进生产力。\n\n发展新质生产力。", "new")
    hosts("B")
    assert slugs("新质生产力") == {"new"}


def test_a_correction_archive_restore_and_delete_reach_the_other_host(hosts):
    publish_through(hosts, "A", "第一段讲工匠精神。\n\n第二段讲劳模精神。", "later")
    hosts("B")
    assert slugs("工匠精神") == {"later"}

    hosts("A")
    speech = Speech.objects.get(slug="later")
    actions.correct(speech, 1, "第一段讲国之大者。")
    hosts("B")
    assert slugs("工匠精神") == set() and slugs("国之大者") == {"seed", "later"}

    hosts("A")
    actions.archive(Speech.objects.get(slug="later"))
    hosts("B")
    assert slugs("劳模精神") == set()

    hosts("A")
    actions.restore(Speech.objects.get(slug="later"))
    hosts("B")
    assert slugs("劳模精神") == {"later"}

    hosts("A")
    actions.delete(Speech.objects.get(slug="later"))
    hosts("B")
    assert slugs("劳模精神") == set()


def test_a_host_far_behind_is_told_to_rebuild_rather_than_catching_up_in_a_request(hosts, caplog):
    hosts("A")
    for number in range(search.index.CATCH_UP_LIMIT + 1):
        make_speech(f"batch-{number}", [f"第{number}批讲话讲乡村振兴。"])
    with caplog.at_level(logging.WARNING, logger="speeches.search.index"):
        assert slugs("乡村振兴") == set()
    assert "run `manage.py rebuild_index`" in caplog.text
    search.rebuild_index(processes=1)
    assert search.search("乡村振兴").exact_count == search.index.CATCH_UP_LIMIT + 1

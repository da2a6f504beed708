"""What the rest of the suite reaches only through a server process or not yet: the library's revision, the
search's and the process's warm-ups that gunicorn's master runs, and `rebuild_index` refusing or failing with a
message."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from speeches import revision, search

pytestmark = pytest.mark.django_db


def test_the_revision_starts_at_zero_and_each_bump_raises_it():
    from speeches.models import LibraryRevision

    LibraryRevision.objects.all().delete()
    assert revision.current() == 0
    assert revision.bump() == 1  # the row is made on the first change
    assert revision.bump() == 2 and revision.current() == 2


def test_the_warm_up_loads_what_a_first_search_would(monkeypatch):
    loaded = []
    for name in ("tokenizer", "stop_words", "key_phrase_extractor"):
        monkeypatch.setattr(search, name, lambda name=name: loaded.append(name))
    search.warm_up()
    assert loaded == ["tokenizer", "stop_words", "key_phrase_extractor"]


def test_the_masters_warm_up_compiles_every_template_of_the_site(settings):
    from core import warmup

    templates = list((settings.BASE_DIR / "templates").rglob("*.html"))
    assert len(templates) > 50
    assert warmup.warm_up() == len(templates)  # a template that does not compile is left out, and logged


def test_rebuild_index_refuses_fewer_than_one_process():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("rebuild_index", "--processes", "0")


def test_rebuild_index_says_why_it_could_not_build(monkeypatch):
    def fail(processes=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(search, "rebuild_index", fail)
    with pytest.raises(CommandError, match="could not build the search index: No space left on device"):
        call_command("rebuild_index", "--processes", "1")


def test_the_library_warm_up_reads_the_phrase_library_and_the_search_texts(monkeypatch):
    from speeches import phrase_stats, warmup

    read = []
    monkeypatch.setattr(phrase_stats, "phrase_library", lambda: read.append("phrase library"))
    monkeypatch.setattr(search, "warm", lambda: read.append("search texts"))
    warmup.warm_up()
    assert read == ["phrase library", "search texts"]


def test_the_library_warm_up_never_stops_gunicorn_from_starting(monkeypatch, caplog):
    from django.db import OperationalError

    from speeches import phrase_stats, warmup

    def database_away():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(phrase_stats, "phrase_library", database_away)
    warmup.warm_up()  # returns: the first requests read what they need
    assert "warming up this process failed" in caplog.text

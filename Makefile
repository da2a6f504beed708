# 精读 Jingdu — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on unless the environment says otherwise (the .env below says so too).
export DEBUG ?= 1

.PHONY: install lock run migrate import index serve test coverage lint format bench loadtest messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs exactly the versions in requirements.lock (every dependency, dev tools included), then the
# project itself without resolving anything again: two machines, or two CI runs, run the same code.
$(VENV)/.installed: requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# A development .env beside manage.py, so that `.venv/bin/python manage.py …` runs as `make` does: DEBUG on
# and a SECRET_KEY generated for this checkout. Written once, never overwritten; git ignores it. The real
# environment wins over it (config/settings.py), so a server sets DEBUG=0 and its own key there.
.env:
	@printf '# Development settings for this checkout (written by make install; see README, Configuration).\nDEBUG=1\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

install: $(VENV)/.installed .env

# Re-resolve requirements.lock from pyproject.toml's ranges: `make lock` after changing a dependency,
# `make lock LOCK_ARGS=--upgrade` to take every package's newest allowed version; then make test, commit.
lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file requirements.lock pyproject.toml

migrate: install
	$(PY) manage.py migrate --no-input

import: migrate
	$(PY) manage.py import_speeches

# Migrate, import seeds/, then only what is missing or behind: the index is rebuilt when it is missing, was built
# with another dictionary or misses a change; the passages are computed when the library changed since. One
# process (manage.py prepare_library) rather than four, so a second `make run` starts in seconds.
index: install
	$(PY) manage.py prepare_library

# The site and its worker (background tasks: similar passages and first uses after a change, reminders…);
# Ctrl+C stops both.
run: index
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: collected static files through whitenoise, gunicorn with config/gunicorn.conf.py, and the worker,
# with DEBUG off and the SECRET_KEY of the environment, else of .env.
serve: index
	$(PY) manage.py collectstatic --no-input -v0
	@export DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(sed -n 's/^SECRET_KEY=//p' .env)}"; \
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

# PYTEST_ARGS narrows the run, e.g. make test PYTEST_ARGS='-m "not browser"'.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The whole suite with line and branch coverage (pytest-cov; what to measure is in pyproject.toml): a line per
# module under 100% in the terminal, and htmlcov/index.html. The README says the figure and why some modules
# stay under 80%. Tracing every line makes reading a PDF about three times slower, so its CPU budget is raised.
coverage: install
	IMPORT_READ_CPU_SECONDS=12 $(PY) -m pytest --cov --cov-report=term-missing:skip-covered --cov-report=html $(PYTEST_ARGS)

# Search speed and exactness on synthetic corpora of 1k, 20k and 100k paragraphs built from the seed's
# vocabulary: this search vs SQLite FTS5 (trigram) vs a substring scan. Writes var/bench/search.json and
# the README table; prints PASS/FAIL per target and always exits 0. Override sizes with
# `make bench BENCH_ARGS="--sizes 1000,20000"`. Then notes anchored to words at scale (bench/notes_bench.py):
# re-anchoring 10,000 quotes on a corrected speech, the speech page with 1,000 anchored notes. Then the
# phrase page and a search's distribution on ../shared/corpus/ plus 100,000 paragraphs (bench/phrases_bench.py),
# passages said before (bench/parallels_bench.py): the whole computation over 100,000 paragraphs, a panel; the
# library's home page with 2,000 speeches (bench/library_bench.py): p95 ≤ 50 ms, constant queries; the speech page
# over HTTP with the real corpus (bench/speech_page_bench.py): the Hainan report ≤ 10 ms, ≥ 5× its old throughput;
# comparing two speeches (bench/compare_bench.py): two reports of ~200 paragraphs ≤ 500 ms, 2,000 paragraphs ≤ 2 s,
# uncached.
# Then the three bomb files of issue 23 uploaded to gunicorn with /healthz asked meanwhile (bench/bombs_bench.py),
# and the write path on the corpus plus 100,000 paragraphs (bench/write_path_bench.py): editors' requests ≤ 1 s, the
# passages task ≤ 30 s, note search over 20,000 notes p95 ≤ 50 ms, a recycled worker's first phrase page ≤ 200 ms.
bench: install
	$(PY) bench/search_bench.py $(BENCH_ARGS)
	$(PY) bench/notes_bench.py
	$(PY) bench/phrases_bench.py
	$(PY) bench/parallels_bench.py
	$(PY) bench/library_bench.py
	$(PY) bench/speech_page_bench.py
	$(PY) bench/compare_bench.py
	$(PY) bench/bombs_bench.py
	$(PY) bench/write_path_bench.py

# 50 members for 60 s against gunicorn (4 workers) on SQLite and on PostgreSQL, then a fault round
# (kill -9 of a worker, then of the whole server); fails if any request gets a 5xx or any
# acknowledged note is lost. Loopback only; about six minutes.
loadtest: install
	$(PY) bench/loadtest.py

# Interface text: gather the strings (English msgids) into locale/{zh_Hans,en}/LC_MESSAGES/django.po,
# then compile the .mo files. Both are committed, so machines without GNU gettext still run the site;
# this target needs it (apt-get install gettext). Fill in any new msgstr, then run it again.
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=bench
messages: install
	$(PY) manage.py makemessages --no-obsolete -l zh_Hans -l en $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l zh_Hans -l en $(MESSAGES_IGNORE)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .coverage htmlcov

# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 4
SECRET_FILE := .secret_key
# `make run` is production-like on plain http: DEBUG off, the local key, cookies without Secure.
RUN_ENV = DEBUG=0 SECRET_KEY="$$(cat $(SECRET_FILE))" ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1" SECURE_COOKIES=0
TEST_ENV = DJANGO_SETTINGS_MODULE=gazette_site.settings_test
# `TEST_WORKERS=2` runs the suite in two processes (pytest-xdist), each with its own test
# database; whole files go to one worker, as a file's tests share module fixtures and state.
# One process by default: a parallel run at load average 20 failed browser and live-server tests.
TEST_WORKERS ?= 0

.PHONY: run dev test lint format bench install data clean test-deps

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate
	@ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || { \
	  echo "WeasyPrint (PDF downloads) needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; else exit 1; fi; }

# A secret key of this machine, made on first run and never committed (.gitignore).
$(SECRET_FILE):
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

data: install $(SECRET_FILE)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_gazette

# gunicorn with threads (gthread), WhiteNoise for static files, http://$(HOST):$(PORT), and the
# background worker of large imports (django-tasks db_worker), which stops with gunicorn.
run: data
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/gunicorn gazette_site.wsgi --worker-class gthread --workers $(WORKERS) \
		--threads $(THREADS) --bind $(HOST):$(PORT) --access-logfile -

# Development: runserver with DEBUG, reloads on change.
dev: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_gazette
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Chromium, CJK fonts and Redis: installed/started when root, else the command is printed.
test-deps:
	bash tools/ensure-test-deps.sh

test: lint test-deps
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: data
	$(RUN_ENV) $(PY) bench/run_all.py

# The SQLite database is copied to backups/ before it goes (SQLite's backup, which includes the
# write-ahead log): clerks' edits are never lost.
clean:
	@if [ -f db.sqlite3 ]; then \
		mkdir -p backups; \
		copy=backups/db-$$(date +%Y%m%d-%H%M%S).sqlite3; \
		$(PYTHON) -c 'import sqlite3, sys; sqlite3.connect("db.sqlite3").backup(sqlite3.connect(sys.argv[1]))' "$$copy" && echo "数据库已备份到 $$copy（恢复：cp $$copy db.sqlite3）"; \
	fi
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm test-db.sqlite3 test-db.sqlite3-wal test-db.sqlite3-shm

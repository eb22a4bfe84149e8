# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test lint format bench install data clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate
	@ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || { \
	  echo "WeasyPrint (PDF downloads) needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; else exit 1; fi; }

data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_gazette

run: data
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

bench: data
	$(PY) bench/run_all.py

# The SQLite database is copied to backups/ before it goes: clerks' edits are never lost.
clean:
	@if [ -f db.sqlite3 ]; then \
		mkdir -p backups; \
		copy=backups/db-$$(date +%Y%m%d-%H%M%S).sqlite3; \
		cp db.sqlite3 "$$copy" && echo "数据库已备份到 $$copy（恢复：cp $$copy db.sqlite3）"; \
	fi
	rm -rf $(VENV) staticfiles db.sqlite3

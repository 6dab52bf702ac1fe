# The README's two commands: `make run` and `make test`. Only Python 3.11 is needed for both.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAN_FILE := fixtures/plan_lingqiu_2022_2025.yaml
HOST ?= 127.0.0.1:8000

.PHONY: run setup test test-fast bench lint messages clean

# Each target names its settings: manage.py, WSGI, ASGI and Celery default to the production settings,
# which refuse to start without SECRET_KEY, ALLOWED_HOSTS and CELERY_BROKER_URL.
run setup messages lint: export DJANGO_SETTINGS_MODULE := lingqiu_portal.settings.dev
test test-fast: export DJANGO_SETTINGS_MODULE := lingqiu_portal.settings.test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## Set everything up (development settings: SQLite, Celery eager) and serve http://127.0.0.1:8000
setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_plan $(PLAN_FILE)
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py demo_accounts

run: setup
	@echo "门户地址: http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

## The whole test suite (browser tests are skipped with a reason when chromium is missing)
test: $(VENV)/.installed
	$(BIN)/python -m pytest

## The quick part: no browser, no API fuzzing, no real PostgreSQL/Redis/worker
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not browser and not fuzz and not services"

## ruff (rules and format, see pyproject.toml) and no model change without its migration
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

## Benchmarks (PostgreSQL: set DATABASE_URL; development settings, DEBUG off); not part of `make test`
bench: $(VENV)/.installed
	$(BIN)/python -m bench

## Refresh the English catalogue from the source strings and compile it (needs GNU gettext: msgfmt, xgettext)
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=test-artifacts --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var/db.sqlite3 var/staticfiles

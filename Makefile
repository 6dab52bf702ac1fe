# The README's two commands: `make run` and `make test`. Only Python 3.11 is needed for both.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAN_FILE := fixtures/plan_lingqiu_2022_2025.yaml
HOST ?= 127.0.0.1:8000

.PHONY: run setup test bench lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## Set everything up (SQLite, Celery eager) and serve http://127.0.0.1:8000
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

## Benchmarks (PostgreSQL: set DATABASE_URL); not part of `make test`
bench: $(VENV)/.installed
	$(BIN)/python -m bench

## Refresh the English catalogue from the source strings and compile it (needs GNU gettext: msgfmt, xgettext)
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=test-artifacts --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var/db.sqlite3 var/staticfiles

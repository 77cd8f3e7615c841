# Probity: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install lint fmt migrate demo worker clean check messages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The background worker (log imports, audit runs) runs beside the web server and stops with it.
run: demo
	@echo "Probity is serving on http://$(HOST):$(PORT)/  (demo logins above; Ctrl-C stops it)"
	$(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: migrate
	$(BIN)/python manage.py db_worker

test: install
	PROBITY_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run
	PROBITY_ENV=test $(BIN)/pytest -n 2 $(PYTEST_ARGS)

check: lint test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache

# Refresh the English catalogue after changing user-facing text, translate the new entries, then compile.
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

# Semis — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
DEV := SEMIS_ENV=dev
PYTEST_ARGS ?= -n 2

.PHONY: run test lint fix bench demo resetdb deps system-run system-test messages help

help:
	@echo "make run    — installe, prépare la base de démonstration et sert http://127.0.0.1:8000 (avec le worker)"
	@echo "make test   — lint, tests, tests navigateur (PostgreSQL si DATABASE_URL, sinon SQLite)"
	@echo "make bench  — benchmarks (ratios à un plancher mesuré dans la même exécution)"
	@echo "make lint | fix | demo | resetdb | messages"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

deps: $(VENV)/.synced

system-run:
	@scripts/system-packages.sh run

system-test:
	@scripts/system-packages.sh test

demo: deps system-run
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py import_geo
	$(DEV) $(PY) manage.py load_referential
	$(DEV) $(PY) manage.py load_library
	$(DEV) $(PY) manage.py load_instruments
	$(DEV) $(PY) manage.py seed_demo

run: demo
	$(DEV) scripts/serve.sh

resetdb:
	rm -f var/semis.sqlite3 var/semis.sqlite3-wal var/semis.sqlite3-shm

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env -u DATABASE_URL SEMIS_ENV=test $(PY) manage.py makemigrations --check --dry-run

fix: deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: deps
	cd semis && $(DEV) ../$(PY) ../manage.py makemessages -l en --no-obsolete && $(DEV) ../$(PY) ../manage.py compilemessages

test: lint system-test
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then echo "Tests sur PostgreSQL ($${DATABASE_URL%%@*}@…)"; else echo "Tests sur SQLite (DATABASE_URL non défini)"; fi
	SEMIS_ENV=test $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: deps system-run
	SEMIS_ENV=test $(PY) -m bench
	SEMIS_ENV=test $(PY) -m bench.territories
	SEMIS_ENV=test $(PY) -m bench.training
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then SEMIS_ENV=test $(PY) -m bench.library; fi
	SEMIS_ENV=test $(PY) -m bench.projects $(BENCH_PROJECTS_ARGS)
	SEMIS_ENV=test $(PY) -m bench.reporting

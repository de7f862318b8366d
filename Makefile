# 市直机关 OA — the two commands a newcomer needs:
#
#   make run    install everything, migrate, load demo data, serve http://127.0.0.1:8000 (HTTP + WebSockets)
#   make test   install everything, ruff, the import contracts, the whole pytest suite (browser tests included)
#
# Variables (set on the command line, e.g. `make run PORT=8080`, `make test PYTEST_ARGS="-k ledger -x"`):
#   HOST, PORT          where daphne listens (command line only: many shells export HOST themselves)
#   OA_DEMO_PASSWORD    demo password for every seeded account (environment or command line)
#   PYTEST_ARGS         extra arguments for pytest
#   PYTHON              interpreter used to create .venv (default python3)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

HOST = 127.0.0.1
PORT = 8000
PYTEST_ARGS ?=
# At least 8 characters and 3 of lower/upper/digit/symbol (seed_demo refuses anything weaker).
OA_DEMO_PASSWORD ?= Demo-2026oa
export OA_DEMO_PASSWORD

.PHONY: help install run test lint migrate seed clean debian-packages

help:
	@echo "make run      install, migrate, seed demo data, serve http://$(HOST):$(PORT) (daphne: HTTP + WebSockets)"
	@echo "make test     install, ruff check, import contracts, whole pytest suite (PYTEST_ARGS=... to pass arguments)"
	@echo "make install  .venv + Python dependencies + Debian packages (when root or passwordless sudo)"
	@echo "make lint     ruff check"
	@echo "make migrate  apply database migrations"
	@echo "make seed     load the demo departments and people (idempotent)"
	@echo "make clean    remove var/ (local database, secret key, media) and caches; keeps .venv"

# --- install --------------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# pyproject.toml pins everything; reinstall only when it changed since the last install.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

debian-packages:
	@scripts/ensure_debian_packages.sh

install: $(STAMP) debian-packages

# --- database -------------------------------------------------------------------------------------

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# --- run ------------------------------------------------------------------------------------------

run: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	@echo
	@echo "  市直机关OA: http://$(HOST):$(PORT)/   demo password: $(OA_DEMO_PASSWORD)"
	@echo "  try jmj_clerk (经贸局文书), jmj_leader (经贸局副局长), xxzx_info (市信息中心); Ctrl-C stops"
	@echo
	exec $(VENV)/bin/daphne -b $(HOST) -p $(PORT) oa.asgi:application

# --- checks ---------------------------------------------------------------------------------------

lint: install
	$(VENV)/bin/ruff check .

test: install
	@scripts/ensure_debian_packages.sh --require chromium
	$(VENV)/bin/ruff check .
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# --- housekeeping ---------------------------------------------------------------------------------

clean:
	rm -rf var/ .pytest_cache/ .ruff_cache/ test-results/ staticfiles/
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

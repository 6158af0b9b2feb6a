# Gongkai — the two commands that matter: `make run` (demo site) and `make test` (everything).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000
# PostgreSQL for the second test run; set DATABASE_URL= (empty) to skip it.
PG_TEST_URL ?= $(DATABASE_URL)

# How the demo's fee notices say to pay (a real deployment sets GONGKAI_FEE_PAYMENT_METHOD itself).
DEMO_FEE_PAYMENT ?= 银行转账（户名：宁波市镇海区财政局非税收入专户，演示数据）或到区政府信息公开工作机构现场缴纳
export GONGKAI_FEE_PAYMENT_METHOD ?= $(DEMO_FEE_PAYMENT)

# Machine dates for `make test-clock`: the suite must pass whatever day the machine thinks it is.
CLOCK_DAYS ?= 2027-06-15 2028-12-29

.PHONY: help install run test test-sqlite test-postgres test-clock prod-check lint format demo clean

help:
	@echo "make run    — install, migrate, load the demo data if empty, serve http://$(HOST):$(PORT)/"
	@echo "make test   — ruff + pytest on SQLite, then on PostgreSQL when DATABASE_URL points at one"
	@echo "make test-clock — the SQLite suite again with the machine's clock set to each of CLOCK_DAYS (faketime)"
	@echo "make prod-check — PostgreSQL, Redis, gunicorn, worker and nginx from deploy/, a smoke test through nginx"
	@echo "make lint | format | clean"

$(STAMP): pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV) || exit 1; fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	env -u DATABASE_URL $(BIN)/gongkai migrate --no-input
	env -u DATABASE_URL $(BIN)/gongkai demo --if-empty
	env -u DATABASE_URL $(BIN)/gongkai reindex --if-incomplete --jobs 2
	@echo "Gongkai demo: http://$(HOST):$(PORT)/  (staff console: http://$(HOST):$(PORT)/console/ — logins in README)"
	env -u DATABASE_URL $(BIN)/gongkai worker --verbosity 0 & worker=$$!; trap 'kill $$worker' EXIT; \
	env -u DATABASE_URL $(BIN)/gongkai runserver --insecure $(HOST):$(PORT)

demo: $(STAMP)
	$(BIN)/gongkai migrate --no-input
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai reindex --if-incomplete --jobs 2

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@if [[ "$(PG_TEST_URL)" == postgres* ]]; then \
		echo "== pytest on PostgreSQL ($(PG_TEST_URL)) =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "== PostgreSQL run skipped: DATABASE_URL does not point at PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/postgres) =="; \
	fi

test-clock: $(STAMP)
	@command -v faketime >/dev/null || { echo "make test-clock needs faketime (apt-get install faketime)"; exit 1; }
	@for day in $(CLOCK_DAYS); do \
		echo "== pytest on SQLite with the machine's clock at $$day =="; \
		env -u DATABASE_URL faketime "$$day 10:00:00" $(BIN)/pytest $(PYTEST_ARGS) || exit 1; \
	done

prod-check: $(STAMP)
	scripts/prod-check

clean:
	rm -rf $(VENV) var/test-*.sqlite3* .pytest_cache .ruff_cache .hypothesis

# The README names these targets. Everything runs from a virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format migrate loaddata demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Adds what is missing of the record; never overwrites what staff changed (reset_record does,
# after asking).
loaddata: migrate
	$(BIN)/python manage.py load_record

# Someone for the demo's reminders to reach: fills only empty responsible people.
demo: loaddata
	$(BIN)/python manage.py add_demo_editor

# The site on the embedded defaults (SQLite, eager tasks, console e-mail), record loaded.
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite; DATABASE_URL / CELERY_BROKER_URL choose the services (see README).
test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark suite (bench/, docs/readme/bench.md): DROPS and recreates the PostgreSQL
# database in BENCH_DATABASE_URL (its name must contain "bench"), builds 1k and 100k
# projects and writes bench/RESULTS.md. Needs wrk. Not run in CI.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kruz_bench
BENCH_SIZES ?= 1000,100000

.PHONY: bench
bench: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run --sizes $(BENCH_SIZES)

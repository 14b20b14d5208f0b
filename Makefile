# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two pytest processes: the suite is CPU-bound and these machines have two cores.
TEST_WORKERS ?= 2

.PHONY: run test install lint format bench serve clean loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py demo_user
	@echo "Parallax at http://$(HOST):$(PORT)/"
	@# The development server's own production warning is known here; the README covers deployment.
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-output

# Benchmarks (issue 5): one line per figure, each beside its reference. Builds and drops its own databases
# (SQLite files, and PostgreSQL at BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
bench: install
	$(BIN)/python bench/run.py

# Load test (issue 6): gunicorn (2 workers, gunicorn.conf.py) on a PostgreSQL database of its own, loopback
# only, 50 readers + 5 uploaders for 60 s (LOAD_SECONDS, LOAD_READERS, LOAD_UPLOADERS); FAULTS=1 restarts
# PostgreSQL (a private cluster, so the machine's main one is left alone) a third of the way in.
loadtest: install
	FAULTS=$(FAULTS) $(BIN)/python loadtest/run.py

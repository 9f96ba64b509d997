# visitplan: two commands on a fresh machine (Python 3.11 and pip): `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package pinned to the versions this project was last tested with (see `make lock`).
CONSTRAINTS := requirements.lock

.PHONY: demo test lint typecheck unit install install-dev lock bench bench-solomon bench-district bench-peer bench-load bench-hostile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/visitplan demo --out out

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest -n 2 -q

test: lint typecheck unit

# Refresh the pins after changing pyproject.toml's ranges.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^visitplan' > $(CONSTRAINTS)

# Benchmarks (by hand, never in the tests): figures land in benchmarks/results/.
bench: install-dev
	$(BIN)/python -m benchmarks.town_month

bench-solomon: install-dev
	$(BIN)/python -m benchmarks.solomon --seconds 10 --jobs 2

bench-district: install-dev
	$(BIN)/python -m benchmarks.district_week

# A real server under load: 50 visitors reading their day page at once, then 200 clients recording
# visits and reading on SQLite and on PostgreSQL (benchmarks/results/service_load.md).
bench-load: install-dev
	$(BIN)/python -m benchmarks.service_load

# Hostile uploads and login floods on a real server (benchmarks/results/hostile_files.md).
bench-hostile: install-dev
	$(BIN)/python -m benchmarks.hostile_files

# The planner beside VROOM (pyvroom, the optional extra `bench`) on the same weeks' home visits.
$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev,bench]'
	touch $@

bench-peer: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.peer

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

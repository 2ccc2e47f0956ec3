# Developer tasks. `make install` creates .venv with the project and its dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test lint generate check-generated snapshots clean

install: $(BIN)/ortk

$(BIN)/ortk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# The main job: lint the bundled examples (one of them is invalid on purpose).
run: install
	-$(BIN)/ortk lint examples/

test: install check-generated
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check toolkit tests
	$(BIN)/ruff format --check toolkit tests
	$(BIN)/mypy --strict toolkit

generate: install
	$(BIN)/ortk generate

check-generated: install
	$(BIN)/ortk generate --check

snapshots: install
	UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest tests/test_fixtures.py -q

clean:
	rm -rf $(VENV) build dist *.egg-info

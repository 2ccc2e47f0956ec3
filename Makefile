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
	$(BIN)/ruff check toolkit tests bench ortk
	$(BIN)/ruff format --check toolkit tests bench ortk
	$(BIN)/mypy --strict toolkit ortk

generate: install
	$(BIN)/ortk generate

check-generated: install
	$(BIN)/ortk generate --check

snapshots: install
	UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest tests/test_fixtures.py -q

clean:
	rm -rf $(VENV) build dist *.egg-info

# Benchmarks (issues 5 and 14): ortk and the alternatives side by side, in one run, on two
# generated corpora (clean; warning-heavy), as files and as JSONL, each against its own
# orjson floor; prints the tables and writes bench/results.md. The alternatives (python-jsonschema,
# check-jsonschema) live in bench/.venv, never in the project's dependencies. hyperfine is
# installed if possible; without it bench/run.py uses its own interleaved timer. valgrind
# (callgrind) counts instructions, the figure that holds still on a shared machine.
.PHONY: bench
bench: install
	@command -v hyperfine >/dev/null 2>&1 \
	  || apt-get install -y -qq hyperfine >/dev/null 2>&1 \
	  || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; } \
	  || echo "hyperfine is not available: bench/run.py falls back to its own timer"
	@command -v valgrind >/dev/null 2>&1 \
	  || apt-get install -y -qq valgrind >/dev/null 2>&1 \
	  || echo "valgrind is not available: bench/run.py leaves out the instruction counts"
	@if [ ! -f bench/.venv/.installed ] || [ bench/requirements.txt -nt bench/.venv/.installed ]; then \
	  $(PYTHON) -m venv bench/.venv \
	  && bench/.venv/bin/python -m pip install --quiet -r bench/requirements.txt \
	  && touch bench/.venv/.installed; \
	fi
	@# ortk is measured as users run it: installed from its wheel (byte-compiled, no
	@# editable-install import hook), in the same venv as the tools it is compared with.
	rm -rf bench/.venv/wheels
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w bench/.venv/wheels .
	bench/.venv/bin/python -m pip install --quiet bench/.venv/wheels/ortk-*.whl
	bench/.venv/bin/python -m pip install --quiet --force-reinstall --no-deps bench/.venv/wheels/ortk-*.whl
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Fuzz the whole path from bytes to diagnostics: coverage-guided with atheris when it is
# installed in the venv (`$(BIN)/pip install atheris`), else with hypothesis.
FUZZ_SECONDS ?= 600
.PHONY: fuzz
fuzz: install
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python tests/fuzz_target.py

# The rules reference page, generated from the rule table; tests/test_docs.py fails when stale.
.PHONY: docs
docs: install
	$(BIN)/python -m toolkit.rules_doc > docs/rules.md

# The bundled model catalog (toolkit/catalog/bundled.json), rebuilt from a saved
# GET /api/v1/models response; tests/test_catalog_build.py checks it is reproducible.
CATALOG_SOURCE ?= ../shared/reference/openrouter-models-2026-06-16.json
.PHONY: catalog
catalog: install
	$(BIN)/python scripts/build_catalog.py $(CATALOG_SOURCE)

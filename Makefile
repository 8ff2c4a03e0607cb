# Two commands for a new user: `make serve` (set up, build and serve the site) and
# `make test` (set up and run every test). Everything is installed into .venv/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
# The second engine, ProperDocs, in a venv of its own (the site's packages with properdocs in
# place of mkdocs), so that .venv/ stays exactly the MkDocs build.
PD_VENV  := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve site site-properdocs test lint fuzz check bench bench-search lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | awk -F'\t' '{printf "%-22s %s\n", $$1, $$2}'

# Installs take only what the hashed lock files in requirements/ name (pip --require-hashes):
# tools.txt pins pip and setuptools, build.txt what building the site needs, test.txt the rest;
# properdocs.txt is build.txt with properdocs in place of mkdocs, for the second engine.
$(VENV)/.tools: requirements/tools.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	touch $@

$(BUILD_STAMP): $(VENV)/.tools pyproject.toml requirements/build.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/build.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(STAMP): $(BUILD_STAMP) requirements/test.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	touch $@

# properdocs.txt: everything build.txt holds at the same versions, but mkdocs, plus properdocs.
$(PD_STAMP): requirements/tools.txt requirements/properdocs.txt pyproject.toml
	test -x $(PD_VENV)/bin/python || $(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	$(PD_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/properdocs.txt
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: $(BUILD_STAMP)  ## build and serve the site at http://127.0.0.1:8000, rebuilding on every save
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

site: $(BUILD_STAMP)   ## build the site into site/
	$(BIN)/mkdocs build --strict

site-properdocs: $(PD_STAMP)  ## the same strict build into site/, with ProperDocs instead of MkDocs
	$(PD_VENV)/bin/properdocs build --strict

check: $(BUILD_STAMP)  ## check the knowledge base
	$(BIN)/kb check

# The JavaScript linter, exactly as package-lock.json pins it (npm ci installs nothing else).
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: $(STAMP) $(NPM_STAMP)   ## run every test, the linters' among them, on every core (the second engine's venv is made by its test)
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(STAMP) $(NPM_STAMP)   ## the linters and the type checker alone: ruff, ruff format, mypy, ESLint
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/python -m mypy
	node_modules/.bin/eslint --max-warnings 0 .

fuzz: $(STAMP)   ## property tests, long and randomised (the fixed-seed run is part of make test)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_hostile.py tests/test_pipeline.py -k "any_ or every_"

bench: $(STAMP)  ## measure check, build, site size and preview at 500-10,000 synthetic entries (~30 min); writes bench/results.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-search: $(STAMP)  ## time to first search result in Chromium, today's base and 5,000 entries; adds to bench/results.md
	$(BIN)/python bench/search_latency.py

lock:  ## after changing pyproject.toml: re-resolve requirements/build.txt, test.txt and properdocs.txt, with hashes
	$(BIN)/python -m pip install --quiet uv==0.13.8
	cd requirements && ../$(BIN)/uv pip compile ../pyproject.toml --generate-hashes --python-version 3.11.7 --no-header -o build.txt
	cd requirements && ../$(BIN)/uv pip compile ../pyproject.toml --extra test --generate-hashes --python-version 3.11.7 --no-header -o test.txt
	cd requirements && ../$(BIN)/uv pip compile ../pyproject.toml --extra properdocs --override properdocs-overrides.txt -c build.txt --generate-hashes --python-version 3.11.7 --no-header -o properdocs.txt

clean:  ## remove the built site, the test cache and the JavaScript linter
	rm -rf site .pytest_cache node_modules

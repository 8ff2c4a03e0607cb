# Two commands for a new user: `make serve` (set up, build and serve the site) and
# `make test` (set up and run every test). Everything is installed into .venv/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test fuzz check bench bench-search lock clean

# Installs take only what the hashed lock files in requirements/ name (pip --require-hashes):
# tools.txt pins pip and setuptools, build.txt what building the site needs, test.txt the rest.
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

serve: $(BUILD_STAMP)  ## build and serve the site at http://127.0.0.1:8000, rebuilding on every save
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

site: $(BUILD_STAMP)   ## build the site into site/
	$(BIN)/mkdocs build --strict

check: $(BUILD_STAMP)  ## check the knowledge base
	$(BIN)/kb check

test: $(STAMP)   ## run every test
	$(BIN)/python -m pytest

fuzz: $(STAMP)   ## property tests, long and randomised (the fixed-seed run is part of make test)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_hostile.py tests/test_pipeline.py -k "any_ or every_"

bench: $(STAMP)  ## measure check, build, site size and preview at 500-10,000 synthetic entries (~30 min); writes bench/results.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-search: $(STAMP)  ## time to first search result in Chromium, today's base and 5,000 entries; adds to bench/results.md
	$(BIN)/python bench/search_latency.py

lock:  ## after changing pyproject.toml: re-resolve requirements/build.txt and test.txt, with hashes
	$(BIN)/python -m pip install --quiet uv==0.13.8
	cd requirements && ../$(BIN)/uv pip compile ../pyproject.toml --generate-hashes --python-version 3.11.7 --no-header -o build.txt
	cd requirements && ../$(BIN)/uv pip compile ../pyproject.toml --extra test --generate-hashes --python-version 3.11.7 --no-header -o test.txt

clean:
	rm -rf site .pytest_cache

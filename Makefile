# Two commands for a new user: `make serve` (set up, build and serve the site) and
# `make test` (set up and run every test). Everything is installed into .venv/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test fuzz check bench bench-search clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the site at http://127.0.0.1:8000, rebuilding on every save
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

site: $(STAMP)   ## build the site into site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## check the knowledge base
	$(BIN)/kb check

test: $(STAMP)   ## run every test
	$(BIN)/python -m pytest

fuzz: $(STAMP)   ## property tests, long and randomised (the fixed-seed run is part of make test)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_hostile.py tests/test_pipeline.py -k "any_ or every_"

bench: $(STAMP)  ## measure check, build, site size and preview at 500-10,000 synthetic entries (~30 min); writes bench/results.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-search: $(STAMP)  ## time to first search result in Chromium, today's base and 5,000 entries; adds to bench/results.md
	$(BIN)/python bench/search_latency.py

clean:
	rm -rf site .pytest_cache

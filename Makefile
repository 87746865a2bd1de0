# Two commands on a fresh machine: `make serve` (build + serve the site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of extras: serving needs the site extra only, the tests and lint need more.
SITE_STAMP := $(VENV)/.installed-site
# `make serve PORT=8001` when 8000 is taken; HOST=0.0.0.0 to preview from another machine.
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_STAMP := $(VENV)/.installed-test

.PHONY: venv site-venv serve build test test-only test-fast lint format validate bench clean

$(SITE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[site]"
	touch $(SITE_STAMP)

$(TEST_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP) $(SITE_STAMP)

venv: $(TEST_STAMP)  ## the development environment: package, site, test and lint tools

site-venv: $(SITE_STAMP)  ## just what building and serving the site needs

serve: site-venv  ## validate the entries, build the site and serve it on http://$(HOST):$(PORT)
	@$(BIN)/python -m neurokb.site.portcheck $(HOST) $(PORT)
	$(BIN)/neurokb validate
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: site-venv  ## build the static site into site/ (strict)
	$(BIN)/mkdocs build --strict

test: venv test-only  ## set up and run the whole test suite

# Two workers (pytest-xdist): the suite is CPU-bound and most machines have two cores or more.
# --dist loadgroup keeps the tests that share the one built site on one worker.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist loadgroup

test-only:
	$(PYTEST)

test-fast: venv  ## everything but the `slow` tests (browser, convergence, site builds): < 60 s
	$(PYTEST) -m "not slow"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: site-venv
	$(BIN)/neurokb validate

# `make bench BENCH_ARGS="--sizes 100000 --library 100000=DIR --page"`: one size, a given library.
BENCH_ARGS ?=

bench: venv  ## run the scale benchmarks: every goal of issue 20, met or not (benchmarks/README.md)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache .ruff_cache .neurokb-cache

# Two commands on a fresh machine: `make serve` (build + serve the site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of extras: serving needs the site extra only, the tests and lint need more.
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test

.PHONY: venv site-venv serve build test test-only lint format validate bench clean

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

serve: site-venv  ## validate the entries, build the site and serve it on http://127.0.0.1:8000
	$(BIN)/neurokb validate
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: site-venv  ## build the static site into site/ (strict)
	$(BIN)/mkdocs build --strict

test: venv test-only  ## set up and run the whole test suite

test-only:
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: site-venv
	$(BIN)/neurokb validate

bench: venv  ## run the scale benchmarks (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .pytest_cache .ruff_cache .neurokb-cache

# akhbar: two commands do all set-up on a fresh machine.
#   make lab   set up, then JupyterLab on notebooks/
#   make test  set up, then every check (format, lint, unit tests, doctests, notebooks)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.akhbar-installed
# JupyterLab refuses to start as root unless told
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test lint pytest report chromium

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

pytest: setup chromium
	MPLBACKEND=Agg $(BIN)/python -m pytest

test: lint pytest

# The browser test drives Debian's Chromium (playwright cannot download browsers here).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# Re-run every notebook on a corpus: make report CORPUS=path/to/articles OUT=path/to/folder
CORPUS ?= seeds
OUT ?=
report: setup
	$(BIN)/akhbar report $(CORPUS) $(if $(OUT),--out $(OUT),)

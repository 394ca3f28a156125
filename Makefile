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

.PHONY: setup lab test lint pytest report chromium strip-notebooks

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

test: lint shaping-deps pytest pytest-mpl310

# The browser test drives Debian's Chromium (playwright cannot download browsers here).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# Re-run every notebook on a corpus: make report CORPUS=path/to/articles OUT=path/to/folder
CORPUS ?= seeds
OUT ?=
JOBS ?= 2
report: setup
	$(BIN)/akhbar report $(CORPUS) --jobs $(JOBS) $(if $(OUT),--out $(OUT),)

# Charts: Pillow (the pixel test's reference) shapes Arabic only when FriBiDi loads;
# matplotlib <= 3.10 does not shape at all, so the chart tests also run on 3.10.
.PHONY: shaping-deps pytest-mpl310
shaping-deps: setup
	@$(BIN)/python -c "from akhbar.shaping import pillow_shapes as p; raise SystemExit(not p())" \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y libfribidi0; }

MPL310 := .venv-mpl310
$(MPL310)/.akhbar-installed: pyproject.toml
	@test -x $(MPL310)/bin/python || $(PYTHON) -m venv $(MPL310)
	$(MPL310)/bin/python -m pip install -q --upgrade pip
	$(MPL310)/bin/python -m pip install -q -e . 'matplotlib==3.10.*' pytest pypdfium2 pypdf resvg-py
	@touch $@

pytest-mpl310: $(MPL310)/.akhbar-installed shaping-deps
	MPLBACKEND=Agg $(MPL310)/bin/python -m pytest -q -o addopts="" -p no:cacheprovider \
	  --doctest-modules tests/test_charts.py tests/test_charts_pixels.py \
	  lib/akhbar/charts.py lib/akhbar/figures.py lib/akhbar/shaping.py

# Notebooks are committed without outputs or run metadata (tests/test_notebooks.py checks)
strip-notebooks: setup
	$(BIN)/nbstripout --keep-id --extra-keys "metadata.papermill cell.metadata.papermill \
	  cell.metadata.execution cell.metadata.collapsed cell.metadata.scrolled" notebooks/*.ipynb

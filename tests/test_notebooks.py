"""The analysis notebooks keep the house shape, and are committed without outputs.

Running them is nbval's job (``--nbval-lax`` on ``notebooks/`` in ``make test``);
these checks read the files only.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from akhbar.report import NOTEBOOKS

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
SECTIONS = ("## Load", "## Tidy", "## Analyse", "## Plot", "## Export", "## Answer")
PARAMETERS = {
    "CORPUS",
    "START",
    "END",
    "TOP_N",
    "OUT",
    "TABLES",
    "ACTOR_LIST",
    "CACHE",
}  # run_report sets some


def _cells(name: str) -> list[dict]:
    return json.loads((NOTEBOOK_DIR / name).read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def test_every_notebook_of_the_report_is_in_the_folder():
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_outputs_are_stripped(name):
    dirty = [
        i
        for i, cell in enumerate(_cells(name))
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    notebook = json.loads((NOTEBOOK_DIR / name).read_text(encoding="utf-8"))
    run_metadata = [
        i
        for i, cell in enumerate(notebook["cells"])
        if {"papermill", "execution"} & set(cell.get("metadata", {}))
    ]
    assert not dirty, f"{name}: cells {dirty} keep outputs; run make strip-notebooks"
    assert not run_metadata and "papermill" not in notebook["metadata"], (
        f"{name}: run metadata in cells {run_metadata}; run make strip-notebooks"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_question_first_one_import_cell_then_literal_parameters(name):
    cells = _cells(name)
    assert cells[0]["cell_type"] == "markdown" and _source(cells[0]).startswith("# ")
    code = [c for c in cells if c["cell_type"] == "code"]
    imports = [c for c in code if _source(c).lstrip().startswith(("import ", "from "))]
    assert len(imports) == 1 and code[0] is imports[0], f"{name}: one import cell, first"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and code[1] is tagged[0], f"{name}: one parameters cell after it"
    names = set()
    for statement in ast.parse(_source(tagged[0])).body:
        assert isinstance(statement, ast.Assign), f"{name}: parameters hold assignments only"
        ast.literal_eval(statement.value)  # raises on anything but a literal
        names.update(t.id for t in statement.targets)
    assert names >= PARAMETERS, f"{name}: parameters miss {PARAMETERS - names}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_sections_in_order_short_cells_and_no_definitions(name):
    cells = _cells(name)
    headings = [
        line
        for c in cells
        if c["cell_type"] == "markdown"
        for line in _source(c).splitlines()
        if line.startswith("## ")
    ]
    positions = [headings.index(s) for s in SECTIONS]
    assert positions == sorted(positions), f"{name}: sections out of order: {headings}"
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(_source(cell))
        defined = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defined, f"{name}: a cell defines a function or class"
        assert len(_source(cell).splitlines()) <= 12, f"{name}: long cell {_source(cell)[:60]}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_answer_has_assert_cells(name):
    asserts = [c for c in _cells(name) if c["cell_type"] == "code" and "assert " in _source(c)]
    assert asserts, f"{name}: no assert cell guards its facts"

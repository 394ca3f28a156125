"""Re-run the analysis notebooks headless on any corpus and export a report.

:func:`run_report` executes each notebook of ``notebooks/`` with papermill,
injecting the corpus path and output folders into the cell tagged
``parameters``, then writes the executed notebooks, one self-contained HTML
report (nbconvert; tables keep their ``dir="rtl"`` attribute, so the HTML is
not sanitised: every value in it was escaped by :func:`akhbar.show`) and every
figure into one output folder. :func:`export_tables` writes tables as CSV that
Excel opens with Arabic intact (UTF-8 with a byte-order mark) and as ``.xlsx``.

>>> default_out(today=datetime.date(2021, 4, 21), root=Path("/tmp/none")).as_posix()
'/tmp/none/reports/2021-04-21'
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["NOTEBOOKS", "default_out", "export_tables", "notebooks_dir", "run_report"]

#: the analysis notebooks, in the order a report presents them
NOTEBOOKS = (
    "01-corpus.ipynb",
    "02-actors.ipynb",
    "03-themes.ipynb",
    "04-timeline.ipynb",
    "05-report.ipynb",
)

_ROOT = Path(__file__).resolve().parents[2]

_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def notebooks_dir() -> Path:
    """The folder holding the analysis notebooks (``notebooks/`` of the akhbar checkout)."""
    return _ROOT / "notebooks"


def default_out(*, today: datetime.date | None = None, root: Path | None = None) -> Path:
    """A dated folder under ``reports/``: ``reports/YYYY-MM-DD``, then ``-2``, ``-3``...

    Examples
    --------
    >>> default_out(today=datetime.date(2026, 1, 5), root=Path("/nowhere")).name
    '2026-01-05'
    """
    base = (root or _ROOT) / "reports"
    stem = (today or datetime.date.today()).isoformat()
    candidate = base / stem
    n = 2
    while candidate.exists():
        candidate = base / f"{stem}-{n}"
        n += 1
    return candidate


def export_tables(
    tables: Mapping[str, pd.DataFrame | pd.Series],
    *,
    directory: str | Path = "figures",
    formats: Sequence[str] = ("csv", "xlsx"),
) -> list[Path]:
    """Write each table as CSV (UTF-8 with BOM, for Excel) and/or one ``.xlsx`` sheet.

    Parameters
    ----------
    tables : mapping of str to DataFrame or Series
        ``{name: table}``; the name becomes the file name (and the sheet name).
        Named index levels become columns.
    directory : str or Path
        Created when missing.
    formats : sequence of str
        ``"csv"`` (one file per table) and ``"xlsx"`` (one file per table).

    Returns
    -------
    list of Path
        The written files. The tables are not mutated.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> paths = export_tables({"actors": pd.DataFrame({"name": ["تبون"]})}, directory=folder)
    >>> [p.name for p in paths]
    ['actors.csv', 'actors.xlsx']
    >>> paths[0].read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    unknown = set(formats) - {"csv", "xlsx"}
    if unknown:
        raise ValueError(f"export_tables(): formats must be 'csv' or 'xlsx', got {sorted(unknown)}")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        plain = _excel_friendly(table)
        if "csv" in formats:
            path = folder / f"{name}.csv"
            plain.to_csv(path, index=False, encoding="utf-8-sig")
            written.append(path)
        if "xlsx" in formats:
            path = folder / f"{name}.xlsx"
            plain.to_excel(path, index=False, sheet_name=str(name)[:31])
            written.append(path)
    return written


def _excel_friendly(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Named index levels as columns, lists joined with the Arabic comma; a new frame."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    named = any(name is not None for name in frame.index.names)
    plain = frame.reset_index() if named else frame.copy()
    for column in plain.columns:
        if plain[column].dtype == object:
            plain[column] = plain[column].map(
                lambda v: "، ".join(map(str, v)) if isinstance(v, list | tuple | set) else v
            )
    return plain


def _corpus_parameter(corpus: str | Path | Iterable[str | Path]) -> str | list[str]:
    if isinstance(corpus, str | Path):
        path = Path(corpus).expanduser().resolve()
        if not path.exists() and not any(ch in str(corpus) for ch in "*?["):
            raise FileNotFoundError(f"run_report(): corpus {path} does not exist")
        return str(path)
    paths = [str(Path(p).expanduser().resolve()) for p in corpus]
    if not paths:
        raise ValueError("run_report(): the corpus list is empty")
    return paths


def _resolve_notebooks(notebooks: Iterable[str | Path] | None) -> list[Path]:
    folder = notebooks_dir()
    chosen = []
    for item in notebooks if notebooks is not None else NOTEBOOKS:
        path = Path(item)
        if not path.is_absolute() and not path.exists():
            path = folder / path
        if not path.exists():
            raise FileNotFoundError(f"run_report(): notebook {path} does not exist")
        chosen.append(path.resolve())
    return chosen


def _declared(path: Path) -> set[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    import ast

    notebook = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for cell in notebook.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def _execute(task: tuple[Path, Path, dict[str, Any], str]) -> str:
    """Run one notebook with papermill; return its failure as one line, or ''."""
    import papermill

    source, written, parameters, kernel_name = task
    # The kernel inherits this environment: a headless caller's MPLBACKEND=Agg
    # (CI, make test) would leave every chart out of the executed notebook and
    # so out of the HTML report. Charts are drawn inline, as in JupyterLab.
    backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        papermill.execute_notebook(
            str(source),
            str(written),
            parameters=parameters,
            cwd=str(source.parent),
            kernel_name=kernel_name,
            language="python",
            progress_bar=False,
            report_mode=False,
        )
    except Exception as error:
        if hasattr(error, "ename"):  # papermill's error: the cell and its exception only
            return f"{written}: cell [{error.exec_count}]: {error.ename}: {error.evalue}"
        return f"{source.name}: {type(error).__name__}: {error}".strip()
    finally:
        if backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = backend
    return ""


def _write_html(executed: list[Path], path: Path, *, title: str, intro: str = "") -> Path:
    """One self-contained HTML page of every executed notebook, code hidden."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    merged = nbformat.v4.new_notebook()
    merged.metadata = nbformat.read(executed[0], as_version=4).metadata
    merged.metadata["title"] = title
    if intro:
        merged.cells.append(nbformat.v4.new_markdown_cell(intro))
    for notebook_path in executed:
        notebook = nbformat.read(notebook_path, as_version=4)
        merged.cells.extend(notebook.cells)
    # the lab template without what it fetches from CDNs (require.js, MathJax, mermaid,
    # widget managers): the report opens offline, and nothing in it runs remote code
    offline = DictLoader({"akhbar-report.html.j2": _OFFLINE_TEMPLATE})
    exporter = HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        extra_loaders=[offline],
        template_file="akhbar-report.html.j2",
    )
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    body, _ = exporter.from_notebook_node(
        merged, resources={"metadata": {"name": title, "path": str(executed[0].parent)}}
    )
    path.write_text(body, encoding="utf-8")
    return path


def run_report(
    corpus: str | Path | Iterable[str | Path],
    *,
    out: str | Path | None = None,
    notebooks: Iterable[str | Path] | None = None,
    parameters: Mapping[str, Any] | None = None,
    kernel_name: str = "python3",
    jobs: int = 1,
    verbose: bool = True,
) -> Path:
    """Run the analysis notebooks headless on ``corpus`` and write a report folder.

    Parameters
    ----------
    corpus : path, glob or list of paths
        What :func:`akhbar.load_articles` reads; injected as ``CORPUS``.
    out : path, optional
        The output folder; default a dated folder under ``reports/``. It receives
        the executed notebooks, ``report.html``, ``figures/`` (injected as ``OUT``)
        and ``tables/`` (injected as ``TABLES``).
    notebooks : iterable of paths or names, optional
        Default: every notebook in :data:`NOTEBOOKS`, from :func:`notebooks_dir`.
    parameters : mapping, optional
        More values for the ``parameters`` cells (e.g. ``{"TOP_N": 20}``); literals only.
    kernel_name : str
        The Jupyter kernel to run.
    jobs : int
        Notebooks run at the same time (each in its own kernel); 2 on a 2-core machine
        roughly halves the time.
    verbose : bool
        Print where everything was written.

    Returns
    -------
    Path
        The output folder.

    Raises
    ------
    RuntimeError
        When a notebook fails; the others still run and the report is still written,
        and the message names each failed notebook and its error.
    """
    values: dict[str, Any] = {"CORPUS": _corpus_parameter(corpus)}
    target = Path(out).expanduser().resolve() if out is not None else default_out()
    figures = target / "figures"
    tables = target / "tables"
    for folder in (target, figures, tables):
        folder.mkdir(parents=True, exist_ok=True)
    values.update({"OUT": str(figures), "TABLES": str(tables)})
    values.update(dict(parameters or {}))
    for name in ("CACHE", "ACTOR_LIST"):  # paths: the notebooks run in their own folder
        if isinstance(values.get(name), str | Path):
            values[name] = str(Path(values[name]).expanduser().resolve())
    json.dumps(values)  # papermill needs JSON-able literals: fail early and clearly

    tasks = []
    for source in _resolve_notebooks(notebooks):
        declared = _declared(source)
        given = {k: v for k, v in values.items() if k in declared or k in (parameters or {})}
        tasks.append((source, target / source.name, given, kernel_name))
    if jobs > 1 and len(tasks) > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            outcomes = list(pool.map(_execute, tasks))
    else:
        outcomes = [_execute(task) for task in tasks]
    failures = [failure for failure in outcomes if failure]
    executed = [written for _, written, _, _ in tasks if written.exists()]
    corpus_text = values["CORPUS"]
    if isinstance(corpus_text, list):
        corpus_text = f"{len(corpus_text):,} paths ({corpus_text[0]}, ...)"
    intro = (
        f"*akhbar report* on `{corpus_text}`: "
        + ", ".join(f"`{p.name}`" for p in executed)
        + ". The executed notebooks, figures and tables are in the same folder."
    )
    html_path = (
        _write_html(executed, target / "report.html", title="akhbar report", intro=intro)
        if executed
        else None
    )
    if verbose:
        print(f"akhbar report on {corpus_text}")
        for path in executed:
            print(f"  notebook  {path}")
        if html_path is not None:
            print(f"  report    {html_path}")
        n_figures = sum(1 for p in figures.iterdir() if p.is_file())
        n_tables = sum(1 for p in tables.iterdir() if p.is_file())
        print(f"  figures   {figures} ({n_figures} files)")
        print(f"  tables    {tables} ({n_tables} files)")
    if failures:
        raise RuntimeError("notebooks failed:\n" + "\n".join(failures))
    return target

"""akhbar report: every notebook headless on a corpus, executed notebooks, HTML and figures."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from akhbar.cli import main
from akhbar.report import NOTEBOOKS, run_report

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HOSTILE_TITLE = "خبر <script>alert('akhbar')</script> عن <b>ليبيا</b>"
SEED_LAYOUT = """{title}

فقرة تمهيدية قصيرة عن زيارة الوفد إلى طرابلس.
الأربعاء 2021/04/21
زيارة ذات بعد أمني

الجزائر– التقى وزير الخارجية الجزائري صبري بوقادوم رئيس الحكومة الليبية في طرابلس.

وقال الرئيس الجزائري عبدالمجيد تبون إن الأمن المشترك أولوية.
"""


def _errors(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


def _executed(path: Path) -> bool:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    return bool(code) and all(c.get("execution_count") for c in code)


def test_cli_report_escapes_article_text_and_prints_where(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(SEED_LAYOUT.format(title=HOSTILE_TITLE), encoding="utf-8")
    out = tmp_path / "report"
    monkeypatch.chdir(tmp_path)  # a relative CACHE is the caller's, not the notebooks' folder
    arguments = ["--out", str(out), "--notebook", "01-corpus.ipynb", "--set", "CACHE=cache"]
    status = main(["report", str(corpus), *arguments])
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert list((tmp_path / "cache").glob("*/manifest.parquet"))  # the load was cached there
    assert str(out / "report.html") in printed and str(out / "figures") in printed
    executed = out / "01-corpus.ipynb"
    assert _executed(executed) and not _errors(executed)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert('akhbar')</script>" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'dir="rtl"' in page
    injected = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    assert any(str(corpus) in "".join(c["source"]) for c in injected if c["cell_type"] == "code")


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    assert "nowhere" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match="nowhere"):
        run_report(tmp_path / "nowhere", out=tmp_path / "out")
    with pytest.raises(FileNotFoundError, match="99-missing"):
        run_report(tmp_path, out=tmp_path / "out", notebooks=["99-missing.ipynb"])


@pytest.mark.corpus
@pytest.mark.slow
def test_report_on_500_ant_articles(ant_dir, tmp_path):
    files = sorted(p for p in ant_dir.rglob("*") if p.is_file() and p.parent != ant_dir)
    sample = random.Random(7).sample(files, 500)
    out = tmp_path / "report"
    run_report(sample, out=out, jobs=2, verbose=False)
    executed = [out / name for name in NOTEBOOKS]
    assert all(p.exists() and _executed(p) for p in executed)
    errors = [e for p in executed for e in _errors(p)]
    assert not errors, errors
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('dir="rtl"') >= 5
    assert 'src="data:image/png;base64' in page
    assert "<script src=" not in page and 'src="http' not in page  # self-contained, offline
    figures = {p.suffix for p in (out / "figures").iterdir()}
    assert {".png", ".svg", ".pdf"} <= figures
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert {"corpus-over-time", "actors-persons", "themes-shares", "timeline-events"} <= set(pngs)
    assert (out / "tables" / "actors.xlsx").stat().st_size > 0


def test_a_failing_notebook_is_named_and_the_others_still_report(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    broken = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        }
    )
    broken.cells = [
        new_code_cell('CORPUS = "../seeds"', metadata={"tags": ["parameters"]}),
        new_code_cell('raise ValueError("no such column: n_mentions")'),
    ]
    path = tmp_path / "99-broken.ipynb"
    nbformat.write(broken, path)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match=r"99-broken\.ipynb: cell \[\d+\]: ValueError: no such"):
        run_report(SEEDS, out=out, notebooks=[path, "01-corpus.ipynb"], verbose=False)
    assert _errors(out / "99-broken.ipynb")
    assert not _errors(out / "01-corpus.ipynb") and _executed(out / "01-corpus.ipynb")
    assert "no such column" in (out / "report.html").read_text(encoding="utf-8")


def test_export_tables_are_excel_friendly_and_leave_the_input_alone(tmp_path):
    import pandas as pd
    from akhbar.report import export_tables

    aliases = pd.Series(
        [["بوقادوم", "لبوقادوم"], ["تبون"]],
        index=pd.MultiIndex.from_tuples(
            [("person:صبري-بوقادوم", "صبري بوقادوم"), ("person:عبدالمجيد-تبون", "عبدالمجيد تبون")],
            names=["actor_id", "name"],
        ),
        name="surfaces",
    )
    before = aliases.copy()
    paths = export_tables({"aliases": aliases}, directory=tmp_path / "tables")
    assert [p.name for p in paths] == ["aliases.csv", "aliases.xlsx"]
    assert paths[0].read_bytes().startswith(b"\xef\xbb\xbf")
    for read in (pd.read_csv(paths[0], encoding="utf-8-sig"), pd.read_excel(paths[1])):
        assert read.columns.tolist() == ["actor_id", "name", "surfaces"]
        assert read["surfaces"].tolist() == ["بوقادوم، لبوقادوم", "تبون"]
    pd.testing.assert_series_equal(aliases, before)
    with pytest.raises(ValueError, match="'pdf'"):
        export_tables({"aliases": aliases}, directory=tmp_path, formats=("pdf",))

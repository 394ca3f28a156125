"""Precision and recall of akhbar.extract_dates on the hand annotations of ANT paragraphs.

The annotations (``tests/data/date_annotations.csv``, see the ``.md`` beside it) were made
on paragraphs drawn with a fixed seed: ``dev`` before the extractor was written (then used
to fix errors), ``heldout`` later and never used for tuning. Figures are printed for each. A predicted
expression is correct when its span overlaps an annotated one and its ``date`` and
``date_end`` are the annotated ones; span figures only ask for the overlap.

Run::

    .venv/bin/python benchmarks/eval_dates.py [--errors]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
from collections import defaultdict
from pathlib import Path

import akhbar

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "data" / "date_annotations.csv"
ANT = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared")) / "corpora/ant-multisource"


def read_annotations(
    path: Path = ANNOTATIONS, *, sample: str | None = None
) -> dict[tuple[str, str, int], dict]:
    """``{(path, field, line): {"reference": day, "gold": [(start, end, date, date_end)]}}``.

    ``sample`` keeps one sample (``dev`` or ``heldout``); None keeps both.
    """
    table: dict[tuple[str, str, int], dict] = defaultdict(lambda: {"gold": []})
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if sample is not None and row["sample"] != sample:
                continue
            key = (row["path"], row["field"], int(row["line"]))
            table[key]["reference"] = datetime.date.fromisoformat(row["reference"])
            if row["start"]:
                table[key]["gold"].append(
                    (int(row["start"]), int(row["end"]), row["date"], row["date_end"])
                )
    return dict(table)


def paragraph(ant: Path, key: tuple[str, str, int]) -> str:
    """The annotated paragraph: line ``key[2]`` of field ``key[1]`` of ANT file ``key[0]``."""
    import re

    raw = (ant / key[0]).read_text(encoding="utf-8")
    tag = key[1].upper()
    found = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S)
    if found is None:
        raise ValueError(f"{ant / key[0]}: no <{tag}> field")
    lines = [line for line in found.group(1).split("\n") if line.strip()]
    return lines[key[2]]


def evaluate(
    ant: Path = ANT,
    annotations: Path = ANNOTATIONS,
    *,
    sample: str | None = None,
    errors: bool = False,
) -> dict:
    """Counts and value/span precision and recall over the annotated paragraphs of ``sample``."""
    n_gold = n_pred = tp_pred = tp_gold = span_pred = span_gold = 0
    for key, item in read_annotations(annotations, sample=sample).items():
        text = paragraph(ant, key)
        found = akhbar.extract_dates(text, reference_date=item["reference"])
        pred = [
            (
                r.start,
                r.end,
                r.date.date().isoformat() if r.date == r.date else "",
                r.date_end.date().isoformat() if r.date_end == r.date_end else "",
            )
            for r in found.itertuples()
        ]
        gold = item["gold"]
        n_gold += len(gold)
        n_pred += len(pred)

        def overlap(a, b):
            return a[0] < b[1] and b[0] < a[1]

        def same(a, b):
            return overlap(a, b) and a[2:] == b[2:]

        tp_pred += sum(any(same(p, g) for g in gold) for p in pred)
        tp_gold += sum(any(same(p, g) for p in pred) for g in gold)
        span_pred += sum(any(overlap(p, g) for g in gold) for p in pred)
        span_gold += sum(any(overlap(p, g) for p in pred) for g in gold)
        if errors:
            for p in pred:
                if not any(same(p, g) for g in gold):
                    print("FP", key, item["reference"], repr(text[p[0] : p[1]]), p[2:])
            for g in gold:
                if not any(same(p, g) for p in pred):
                    print("FN", key, item["reference"], repr(text[g[0] : g[1]]), g[2:])
    return {
        "n_gold": n_gold,
        "n_pred": n_pred,
        "value_precision": tp_pred / n_pred if n_pred else 0.0,
        "value_recall": tp_gold / n_gold if n_gold else 0.0,
        "span_precision": span_pred / n_pred if n_pred else 0.0,
        "span_recall": span_gold / n_gold if n_gold else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print each miss and false alarm")
    args = parser.parse_args()
    for sample in ("dev", "heldout", None):
        scores = evaluate(sample=sample, errors=args.errors)
        print(f"== {sample or 'all'}: {scores['n_gold']} annotated, {scores['n_pred']} predicted")
        for name in ("value_precision", "value_recall", "span_precision", "span_recall"):
            print(f"  {name}: {scores[name]:.3f}")


if __name__ == "__main__":
    main()

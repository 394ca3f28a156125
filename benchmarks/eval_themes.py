"""Evaluate the theme taxonomy on ANT: does an article's top theme predict its label?

For the ANT articles labelled sport, economy, technology and culture, the top theme
(most hits among all themes, ties to the earlier theme in the taxonomy, no hit = a
miss) is taken as a prediction of the label. The lexicon was written from knowledge of
the language, checked only against a fixed, seeded 10% development sample of ANT
(:func:`dev_split`); the figures that count are those on the other 90%. Both are
printed. Goal: macro F1 >= 0.85.

    .venv/bin/python benchmarks/eval_themes.py [path/to/ant-multisource]
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import akhbar
import numpy as np
import pandas as pd
from akhbar.themes import top_themes

LABELS = ("sport", "economy", "technology", "culture")
SEED = 2018
DEV_FRACTION = 0.1


def dev_split(articles: pd.DataFrame, *, seed: int = SEED) -> pd.Series:
    """True for the articles of the development sample: 10% of ANT's records, seeded."""
    records = np.sort(articles["record"].unique())
    rng = np.random.default_rng(seed)
    chosen = records[rng.permutation(len(records))[: round(DEV_FRACTION * len(records))]]
    return articles["record"].isin(set(chosen))


def label_scores(articles: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Per-label precision, recall, F1 (and support) of the top theme, plus a macro row."""
    selected = articles[articles["label"].isin(LABELS)]
    top = top_themes(hits).set_index("article_id")["theme"].astype(object)
    predicted = selected["article_id"].map(top).fillna("none")
    gold = selected["label"]
    rows = []
    for label in LABELS:
        tp = int(((predicted == label) & (gold == label)).sum())
        n_pred, n_gold = int((predicted == label).sum()), int((gold == label).sum())
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((label, precision, recall, f1, n_gold))
    scores = pd.DataFrame(rows, columns=["label", "precision", "recall", "f1", "support"])
    macro = scores[["precision", "recall", "f1"]].mean()
    scores.loc[len(scores)] = ["macro", *macro, int(scores["support"].sum())]
    return scores


def main(folder: str | None = None) -> None:
    shared = Path(os.environ.get("AKHBAR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    folder = folder or str(shared / "corpora" / "ant-multisource")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(folder, progress=False)
    articles = articles[articles["label"].isin(LABELS)]
    hits = akhbar.tag_themes(articles)
    dev = dev_split(articles)
    pd.set_option("display.width", 120)
    for name, part in (("development 10%", dev), ("held-out 90%", ~dev)):
        scores = label_scores(articles[part], hits)
        print(f"== {name}: {int(part.sum())} articles ==")
        print(scores.to_string(index=False, float_format="%.3f"))
        print()


if __name__ == "__main__":
    main(*sys.argv[1:2])

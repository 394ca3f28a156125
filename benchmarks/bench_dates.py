"""Throughput of akhbar.extract_dates over the whole ANT corpus (31,525 articles).

Loads the corpus once (not timed), then times ``extract_dates`` on every article and
prints articles, paragraphs and expressions per second, the share of paragraphs the
prefilter skipped, and the mix of precisions and calendars found.

Run::

    .venv/bin/python benchmarks/bench_dates.py [--limit N]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import akhbar
from akhbar.dates import has_date_cue
from akhbar.text import normalize_series

ROOT = Path(__file__).resolve().parents[1]
ANT = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared")) / "corpora/ant-multisource"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(ANT)
    if args.limit:
        articles = articles.head(args.limit)
    print(f"loaded {len(articles):,} articles in {time.perf_counter() - t0:.1f} s (not timed)")

    paragraphs = akhbar.split_paragraphs(articles)
    paragraphs = paragraphs[paragraphs["repeat_of"].isna()]
    cued = normalize_series(paragraphs["text"]).map(has_date_cue)

    t0 = time.perf_counter()
    dates = akhbar.extract_dates(articles)
    seconds = time.perf_counter() - t0
    print(f"extract_dates: {seconds:.1f} s for {len(articles):,} articles")
    print(
        f"  {len(articles) / seconds:,.0f} articles/s, {len(paragraphs) / seconds:,.0f} paragraphs/s"
    )
    print(f"  {len(dates):,} date expressions ({len(dates) / seconds:,.0f}/s)")
    print(f"  prefilter skipped {1 - cued.mean():.1%} of {len(paragraphs):,} paragraphs")
    print(f"  undated (no reference day): {dates['date'].isna().sum():,}")
    print("precision:", dates["precision"].value_counts().to_dict())
    print("calendar:", dates["calendar"].value_counts().to_dict())
    print(f"relative: {dates['relative'].mean():.1%}")


if __name__ == "__main__":
    main()

"""Extraction results cache on ANT: cold, warm, and 50 new articles.

One process loads the corpus, holds back 50 articles drawn with a fixed seed,
and times each extractor (actors by default) with ``cache=`` a fresh folder:

cold      every article extracted and written to the cache (one part)
write     the cache's own share of cold: saving the cold result to an empty folder
warm      the same articles again: everything read back from the cache
+50       the whole corpus: the 50 held-back articles extracted, the rest read back
uncached  (``--uncached``) the same extraction without a cache, for comparison

Every cached result is compared with ``pd.testing.assert_frame_equal`` against
the cold result (same rows, order and dtypes). ``n_jobs`` is passed to the
extractor (default -1: all cores). ``load=`` is the machine's one-minute load
average after each step: above the number of cores, others shared them.

    nice .venv/bin/python benchmarks/bench_cache.py
    nice .venv/bin/python benchmarks/bench_cache.py --extractors extract_actors,tag_themes
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "ant-multisource"


def peak_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def timed(call, *args, **kwargs) -> tuple:
    """``call``'s result and its wall time in seconds."""
    start = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - start


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--extractors", default="extract_actors")
    parser.add_argument("--new", type=int, default=50, help="articles held back, then added")
    parser.add_argument("--n-jobs", type=int, default=-1)
    parser.add_argument("--uncached", action="store_true", help="also time the plain path")
    options = parser.parse_args(argv)

    import akhbar
    import pandas as pd
    from akhbar.cache import ARTICLE_FIELDS, ResultCache, article_digests

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        articles = akhbar.load_articles(options.corpus, progress=False)
        print(f"loaded {len(articles)} articles in {time.perf_counter() - start:.1f} s")
    articles.attrs = {}
    held = sorted(random.Random(50).sample(range(len(articles)), options.new))
    older = articles.drop(index=held).reset_index(drop=True)
    print(
        f"{len(older)} articles, then {len(articles)} with {options.new} new; "
        f"n_jobs={options.n_jobs}; {os.cpu_count()} cores\n"
    )
    header = f"{'extractor':<15} {'step':<9} {'articles':>8} {'seconds':>8} {'rows':>9}  note"
    print(header)
    print("-" * len(header))

    def row(name: str, step: str, n: int, seconds: float, rows: int, note: str = "") -> None:
        note = f"{note} load={os.getloadavg()[0]:.1f} peak={peak_mb():.0f}MB".strip()
        print(f"{name:<15} {step:<9} {n:>8} {seconds:8.2f} {rows:>9}  {note}", flush=True)

    for name in options.extractors.split(","):
        extract = getattr(akhbar, name)
        with tempfile.TemporaryDirectory(prefix="akhbar-cache-") as folder:
            cold, seconds = timed(extract, older, cache=folder, n_jobs=options.n_jobs)
            row(
                name,
                "cold",
                len(older),
                seconds,
                len(cold),
                f"cache {folder_mb(Path(folder)):.0f}MB",
            )
            with tempfile.TemporaryDirectory(prefix="akhbar-cache-") as scratch:
                fields = [c for c in ARTICLE_FIELDS if c in older.columns]
                store = ResultCache(scratch, extract, {"_fields": fields})
                ids = older["article_id"].to_numpy(dtype=object)
                _, seconds = timed(store.save, ids, article_digests(older, fields), cold)
            row(name, "write", len(older), seconds, len(cold), "the cold result alone, saved")
            warm, seconds = timed(extract, older, cache=folder, n_jobs=options.n_jobs)
            pd.testing.assert_frame_equal(warm, cold)
            row(name, "warm", len(older), seconds, len(warm), "identical to cold")
            del warm
            grown, seconds = timed(extract, articles, cache=folder, n_jobs=options.n_jobs)
            kept = grown[~grown["article_id"].isin(articles["article_id"].iloc[held])]
            pd.testing.assert_frame_equal(kept.reset_index(drop=True), cold)
            row(name, f"+{options.new}", len(articles), seconds, len(grown), "old rows identical")
            del grown, kept
            if options.uncached:
                plain, seconds = timed(extract, older, cache=False, n_jobs=options.n_jobs)
                pd.testing.assert_frame_equal(plain, cold)
                row(name, "uncached", len(older), seconds, len(plain), "identical to cold")
                del plain
            del cold


if __name__ == "__main__":
    main()

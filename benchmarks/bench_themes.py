"""Throughput of akhbar.tag_themes over the whole ANT corpus (goal: 31.5k articles < 20 s).

Loading is not timed. ``tag_themes`` is timed end to end on one process (it splits
paragraphs itself, then matches), from a cold word cache; wall and CPU seconds are
printed, and the split alone, so that the matching cost can be read off.

    .venv/bin/python benchmarks/bench_themes.py [path/to/ant-multisource]
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

import akhbar
from akhbar import themes


def _timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(folder: str | None = None) -> None:
    shared = Path(os.environ.get("AKHBAR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    folder = folder or str(shared / "corpora" / "ant-multisource")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(folder, progress=False)
    paragraphs, split_wall, split_cpu = _timed(akhbar.split_paragraphs, articles)
    themes._BUILTIN.clear()  # a cold cache: every distinct word is stemmed once
    hits, wall, cpu = _timed(akhbar.tag_themes, articles)
    print(f"articles: {len(articles)}, paragraphs: {len(paragraphs)}, hits: {len(hits)}")
    print(f"split_paragraphs alone: {split_wall:.1f} s wall, {split_cpu:.1f} s CPU")
    print(f"tag_themes (split + match): {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"throughput: {len(articles) / cpu:,.0f} articles per CPU second (goal: 31.5k in < 20 s)")


if __name__ == "__main__":
    main(*sys.argv[1:2])

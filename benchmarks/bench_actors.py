"""Speed and yield of extract_actors and extract_quotes on ANT, and the seed's facts.

Draws ``--n`` ANT articles with a fixed seed, runs the engine underneath
(``find_entities``) alone, then ``extract_actors`` and ``extract_quotes`` on
one core, and prints words per second (words: whitespace tokens of every
paragraph read), mentions per type, the share of persons with a role and a
country, quotes per kind and the share attributed. Then prints the seed's
actors and quotes.

    .venv/bin/python benchmarks/bench_actors.py [--n 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import akhbar
import pandas as pd
from akhbar import ner

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpora" / "ant-multisource"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="ANT articles to draw")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(ANT)
    sample = articles.sample(n=min(args.n, len(articles)), random_state=args.seed)
    paragraphs = akhbar.split_paragraphs(sample)
    paragraphs = paragraphs[paragraphs["repeat_of"].isna()]
    words = int(paragraphs["text"].str.split().str.len().sum())
    print(f"ANT sample: {len(sample):,} articles, {len(paragraphs):,} paragraphs, {words:,} words")
    akhbar.extract_actors("تحميل النموذج")  # load models and lexicons before timing

    timings = []

    def timed(name, function, *arguments):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*arguments)
        timings.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    timed("find_entities", lambda texts: [ner.find_entities(t) for t in texts], paragraphs["text"])
    mentions = timed("extract_actors", akhbar.extract_actors, sample)
    quotes = timed("extract_quotes", akhbar.extract_quotes, sample)

    print("\nwords/s on one core: CPU time of this process (wall time shown too: other")
    print("processes on the machine slow it down, not the code)")
    print(f"{'stage':<18}{'cpu_s':>8}{'wall_s':>8}{'words/s':>10}")
    for name, wall, cpu in timings:
        print(f"{name:<18}{cpu:>8.1f}{wall:>8.1f}{words / cpu:>10,.0f}")

    print("\nmentions per type")
    print(mentions["actor_type"].value_counts().to_string())
    people = mentions[mentions["actor_type"] == "person"]
    print(f"persons with a role: {people['role'].notna().mean():.1%}; "
          f"with a country: {people['country'].notna().mean():.1%}")  # fmt: skip
    counts = akhbar.count_actors(mentions)
    print(f"actors: {len(counts):,}; top persons:")
    top = counts[counts["actor_type"] == "person"].head(10)
    print(top[["name", "country", "n_mentions", "n_articles"]].to_string(index=False))
    print(f"\nquotes: {len(quotes):,}")
    print(quotes["kind"].value_counts().to_string())
    print(f"attributed to a speaker: {quotes['speaker'].notna().mean():.1%}")

    seed = akhbar.load_articles(ROOT / "seeds")
    pd.set_option("display.width", 200)
    seed_counts = akhbar.count_actors(akhbar.extract_actors(seed))
    print("\nseed actors (persons and organisations)")
    keep = seed_counts["actor_type"].isin(["person", "organization"])
    print(seed_counts[keep][["name", "actor_type", "roles", "country", "n_mentions"]].to_string())
    print("\nseed quotes")
    seed_quotes = akhbar.extract_quotes(seed)
    seed_quotes["quote"] = seed_quotes["quote"].str.slice(0, 40)
    print(seed_quotes[["paragraph_no", "speaker", "verb", "kind", "quote"]].to_string())


if __name__ == "__main__":
    main()

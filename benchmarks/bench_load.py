"""Benchmark: load the whole ANT corpus and compare with merely reading its bytes.

Prints the floor (Python reading every file's bytes, warm cache), the load
time and its ratio to the floor, articles/s, MB/s and the peak memory growth
of the loading process (and of its largest worker) against the corpus size.
Goal (issue 2): at most 2.5x the floor with both cores, memory growth under
3x the corpus bytes. Then the reload from ``cache=`` (issue 8: under 0.5 s).
Run::

    .venv/bin/python benchmarks/bench_load.py [CORPUS] [--workers N] [--repeat N]

CPU times are printed beside wall times: on a shared machine the wall times
of both the floor and the load stretch with other people's work.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared")) / "corpora/ant-multisource"


def rss_mb() -> float:
    """Current resident set size of this process in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def workers() -> list[int]:
    """Process ids of akhbar's parsing pool (empty before its first use)."""
    import akhbar.corpus

    return [pid for pool in akhbar.corpus._POOLS.values() for pid in pool._processes]


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb(pid: int) -> float:
    """Peak resident set size of a process in MB (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3
    return 0.0


def floor(folder: Path) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to read every file's bytes, number of files and bytes."""
    paths = [Path(root, name) for root, _, names in os.walk(folder) for name in names]
    wall, cpu = time.perf_counter(), time.process_time()
    size = sum(len(path.read_bytes()) for path in paths)
    return time.perf_counter() - wall, time.process_time() - cpu, len(paths), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import akhbar.corpus  # imported before the baseline so it does not count

    floor(args.corpus)  # warm the page cache
    floors = [floor(args.corpus) for _ in range(args.repeat)]
    floor_wall = min(f[0] for f in floors)
    floor_cpu = min(f[1] for f in floors)
    n_files, n_bytes = floors[0][2], floors[0][3]
    baseline = rss_mb()
    loads = []
    for _ in range(args.repeat):
        before = {pid: cpu_seconds(pid) for pid in workers()}
        wall, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            articles = akhbar.corpus.load_articles(
                args.corpus, workers=args.workers, progress=False
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pool = sum(cpu_seconds(pid) - before.get(pid, 0.0) for pid in workers())
        loads.append((wall, cpu, pool))
        del articles
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    children = max((peak_mb(pid) for pid in workers()), default=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.corpus.load_articles(args.corpus, workers=args.workers, progress=False)
    first_wall = loads[0][0]
    best_wall = min(w for w, _, _ in loads)
    best_cpu = min(c + p for _, c, p in loads)
    parent_cpu, pool_cpu = min(((c, p) for _, c, p in loads), key=sum)
    mb = n_bytes / 1e6
    print(f"corpus: {args.corpus} ({n_files} files, {mb:.1f} MB, {len(articles)} articles)")
    print(f"floor (read bytes): {floor_wall:.3f} s wall, {floor_cpu:.3f} s CPU")
    print(
        f"load_articles: {best_wall:.3f} s wall best of {args.repeat} (first {first_wall:.3f} s), "
        f"CPU {best_cpu:.3f} s (parent {parent_cpu:.3f} + workers {pool_cpu:.3f}), "
        f"workers={args.workers or 'default'}"
    )
    print(
        f"ratio to floor: {best_wall / floor_wall:.2f}x wall (goal <= 2.5x); "
        f"CPU per core {best_cpu / (args.workers or 2) / floor_cpu:.2f}x the floor's CPU"
    )
    print(f"articles/s: {len(articles) / best_wall:,.0f}   MB/s: {mb / best_wall:.1f}")
    print(
        f"memory: baseline {baseline:.0f} MB, peak {peak:.0f} MB, growth {peak - baseline:.0f} MB "
        f"= {(peak - baseline) / mb:.2f}x corpus (goal < 3x); largest worker peak {children:.0f} MB"
    )
    with tempfile.TemporaryDirectory() as cache, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wall = time.perf_counter()
        akhbar.corpus.load_articles(args.corpus, cache=cache, progress=False)
        cold = time.perf_counter() - wall
        reloads = []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            akhbar.corpus.load_articles(args.corpus, cache=cache, progress=False)
            reloads.append((time.perf_counter() - wall, time.process_time() - cpu))
    print(
        f"cache: first load {cold:.3f} s; cached reload best {min(w for w, _ in reloads):.3f} s "
        f"wall, {min(c for _, c in reloads):.3f} s CPU (goal < 0.5 s)"
    )
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Benchmark: load the whole ANT corpus and compare with merely reading its bytes.

Prints the floor (Python reading every file's bytes, warm cache), the load
time and its ratio to the floor, articles/s, MB/s and the peak memory growth
of the loading process (and of its largest worker) against the corpus size.
Goal (issue 2): at most 2.5x the floor with both cores, memory growth under
3x the corpus bytes. Then the summed resident memory of this process and its
descendants (the loader's fork server and workers), sampled by a separate
process: its peak during a load, and what is left one idle second after it
(the workers end with the load; the fork server stays for the session). Then the reload from ``cache=`` (issue 8: under 0.5 s).
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


def children_cpu() -> float:
    """CPU seconds of this process's ended children and of every descendant of the live ones.

    The loader's workers start from a fork server (a child of this process),
    which reaps them: their time is in the fork server's ``cutime``/``cstime``.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    ticks = os.sysconf("SC_CLK_TCK")
    total = usage.ru_utime + usage.ru_stime
    for kid in _children(os.getpid()):
        try:
            with open(f"/proc/{kid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / ticks  # utime stime cutime cstime
    return total


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(k) for k in f.read().split()]
    except OSError:
        return []


#: run as a separate process (a thread would change how the loader starts workers): print
#: "seconds_since_start MB MB" every 10 ms: the summed RSS of a process and all its
#: descendants (the fork server and the workers it starts), and the largest descendant's
_SAMPLER = """
import os, sys, time
pid, page = int(sys.argv[1]), os.sysconf("SC_PAGE_SIZE")
def rss(p):
    try:
        with open(f"/proc/{p}/statm") as f:
            return int(f.read().split()[1]) * page
    except OSError:
        return 0
def descendants(p):
    try:
        with open(f"/proc/{p}/task/{p}/children") as f:
            kids = [int(k) for k in f.read().split() if int(k) != os.getpid()]
    except OSError:
        return []
    return kids + [d for k in kids for d in descendants(k)]
while os.path.exists(f"/proc/{pid}"):
    sizes = [rss(k) for k in descendants(pid)]
    print(time.monotonic(), (rss(pid) + sum(sizes)) / 1e6, max(sizes, default=0) / 1e6, flush=True)
    time.sleep(0.01)
"""


def tree_memory(corpus: Path, workers: int | None) -> tuple[float, float, float, float, float]:
    """Summed RSS (MB) of this process and its descendants: before, peak during a load, and the
    largest in the idle second after it; then the largest single descendant during the load
    (a worker) and after it (the fork server)."""
    import subprocess

    import akhbar.corpus

    with tempfile.TemporaryFile("w+") as log:
        sampler = subprocess.Popen(
            [sys.executable, "-c", _SAMPLER, str(os.getpid())], stdout=log, text=True
        )
        time.sleep(0.3)
        start = time.monotonic()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            articles = akhbar.corpus.load_articles(corpus, workers=workers, progress=False)
        end = time.monotonic()
        time.sleep(1.0)
        sampler.terminate()
        sampler.wait()
        del articles
        log.seek(0)
        samples = [tuple(map(float, line.split())) for line in log if line.strip()]
    before = max((mb for t, mb, _ in samples if t < start), default=0.0)
    during = max((mb for t, mb, _ in samples if start <= t <= end), default=0.0)
    after = max((mb for t, mb, _ in samples if t > end + 0.2), default=0.0)
    worker = max((one for t, _, one in samples if start <= t <= end), default=0.0)
    server = max((one for t, _, one in samples if t > end + 0.2), default=0.0)
    return before, during, after, worker, server


def floor(folder: Path) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to read every file's bytes, number of files and bytes."""
    paths = [Path(root, name) for root, _, names in os.walk(folder) for name in names]
    wall, cpu = time.perf_counter(), time.process_time()
    size = sum(len(path.read_bytes()) for path in paths)
    return time.perf_counter() - wall, time.process_time() - cpu, len(paths), size


_KERNEL_CODE = """
import time, warnings, akhbar.corpus
warnings.simplefilter("ignore")
walls = []
for _ in range({n}):
    wall = time.perf_counter()
    articles = akhbar.corpus.load_articles({corpus!r}, workers={workers!r}, progress=False)
    walls.append(time.perf_counter() - wall)
    del articles
print(walls[0], min(walls[1:]))
"""


def kernel_loads(corpus: Path, workers: int | None, repeat: int) -> tuple[float, float]:
    """Wall seconds of the first load in a fresh Jupyter kernel and the best of ``repeat`` after."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    printed: list[str] = []

    def keep(message: dict) -> None:
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            raise RuntimeError("\n".join(message["content"]["traceback"]))

    try:
        code = _KERNEL_CODE.format(n=repeat + 1, corpus=str(corpus), workers=workers)
        client.execute_interactive(code, output_hook=keep, timeout=600)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    first, best = map(float, "".join(printed).split())
    return first, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--kernel",
        action="store_true",
        help="also time the loads inside a Jupyter kernel, where analysts run them",
    )
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
        before = children_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            articles = akhbar.corpus.load_articles(
                args.corpus, workers=args.workers, progress=False
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        loads.append((wall, cpu, children_cpu() - before))
        del articles
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
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
        f"CPU {best_cpu:.3f} s (this process {parent_cpu:.3f} + workers {pool_cpu:.3f}), "
        f"workers={args.workers or 'default'}"
    )
    print(
        f"ratio to floor: {best_wall / floor_wall:.2f}x wall (goal <= 2.5x); "
        f"CPU per core {best_cpu / (args.workers or 2) / floor_cpu:.2f}x the floor's CPU"
    )
    print(f"articles/s: {len(articles) / best_wall:,.0f}   MB/s: {mb / best_wall:.1f}")
    print(
        f"memory: baseline {baseline:.0f} MB, peak {peak:.0f} MB, growth {peak - baseline:.0f} MB "
        f"= {(peak - baseline) / mb:.2f}x corpus (goal < 3x)"
    )
    del articles
    before, during, after, worker, server = tree_memory(args.corpus, args.workers)
    print(
        f"this process + its descendants: {before:.0f} MB before a load, peak {during:.0f} MB "
        f"during it, {after:.0f} MB in the idle second after it; largest other process "
        f"{worker:.0f} MB during the load (a worker), {server:.0f} MB after it (the fork server, "
        "shared library pages counted in full)"
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
    if args.kernel:
        first, best = kernel_loads(args.corpus, args.workers, args.repeat)
        print(
            f"in a Jupyter kernel: first load {first:.3f} s, best of {args.repeat} after it "
            f"{best:.3f} s = {best / floor_wall:.2f}x the floor"
        )
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

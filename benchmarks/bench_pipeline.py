"""Throughput and peak memory of the pipeline: load, actors, quotes, themes, dates.

For every size (articles drawn from ANT with a fixed seed) and mode, one fresh
Python process loads the articles and runs each extractor in turn, so memory
figures do not leak from one run into the next.

Modes
-----
serial  everything in the measuring process
blocks  serial, but through ``map_articles(..., n_jobs=1, chunk_size=500)``: bounded memory
cores   extractors through ``akhbar.map_articles(..., n_jobs=-1)`` (spawned worker
        processes; their start-up is part of the time); ``load_articles`` runs as it is
dask1   a ``distributed.LocalCluster`` with 1 worker process (1 thread), extractors via
dask2   ``akhbar.parallel.dask_map``; 2 worker processes. The articles are loaded with
        ``load_articles(..., engine="dask")`` when it exists, else loaded in the driver
        and scattered with ``to_dask``; they are persisted on the workers before timing
        the extractors, and every extractor's result is computed back to the driver.

What is measured
----------------
seconds   wall time of the stage (perf_counter)
art/s     articles in the sample / seconds;  words/s: ``n_words`` (body words) / seconds
drv_MB    peak resident memory of the measuring process since it started (ru_maxrss,
          so it only grows from stage to stage: the load row is the peak of loading,
          the dates row the peak of the whole pipeline)
wrk_MB    the largest peak resident memory of any single worker process so far (for cores:
          ru_maxrss of reaped children; for dask: each worker's own ru_maxrss)
total_MB  drv_MB + n_workers x wrk_MB: a bound of the peak of the extractor processes
          (it leaves out helper processes such as load_articles' own pool)
tree_MB   the peak, during the stage, of the summed resident memory of the measuring
          process and all its descendants (workers, load pools, dask nannies), sampled
          every 0.2 s from /proc: the closest figure to "what the pipeline used"
load=     the machine's one-minute load average at the end of the stage: above the
          number of cores, other work shared them and the timings are pessimistic

Stages whose function does not exist yet are skipped with a note. ``--check N``
instead compares serial, cores and dask2 results on the same N articles.

    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000,10000,31525 \\
        --modes serial,cores,dask1,dask2
    .venv/bin/python benchmarks/bench_pipeline.py --check 600
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "ant-multisource"
STAGES = {
    "load": "load_articles",
    "actors": "extract_actors",
    "quotes": "extract_quotes",
    "themes": "tag_themes",
    "dates": "extract_dates",
}
MODES = ("serial", "blocks", "cores", "dask1", "dask2")
GOAL_MB = 1536


def corpus_files(corpus: Path, size: int) -> list[Path]:
    """``size`` article files of ``corpus`` drawn with a fixed seed, in path order."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus)
    if size >= len(files):
        return files
    return sorted(random.Random(8).sample(files, size))


def peak_mb(who: int) -> float:
    """ru_maxrss in MB (kilobytes on Linux, bytes on macOS)."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss * scale / 2**20


def _worker_peak() -> float:
    return peak_mb(resource.RUSAGE_SELF)


def tree_mb(root: int) -> float | None:
    """Resident memory of ``root`` and all its descendants, now (Linux /proc; else None)."""
    proc = Path("/proc")
    if not (proc / "self" / "statm").exists():
        return None
    children: dict[int, list[int]] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            total += int((proc / str(pid) / "statm").read_text().split()[1])
        except OSError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


class TreeSampler(threading.Thread):
    """Samples :func:`tree_mb` of this process every ``interval`` seconds, keeps the peak."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        now = tree_mb(os.getpid())
        if now is not None:
            self.peak = max(self.peak, now)

    def take(self) -> float:
        """The peak since the last take (sampled, so short spikes can be missed)."""
        self.sample()
        peak, self.peak = self.peak, 0.0
        return peak


def measure(
    size: int, mode: str, stages: list[str], corpus: Path, *, recycle: int | None = None
) -> list[dict]:
    """Run the stages in this process; one record per stage (or skip note)."""
    import akhbar
    from akhbar.parallel import available_cores, dask_map, map_articles, to_dask

    files = corpus_files(corpus, size)
    n_workers = {"serial": 0, "blocks": 0, "cores": available_cores(), "dask1": 1, "dask2": 2}[mode]
    client = cluster = None
    if mode.startswith("dask"):
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    records: list[dict] = []
    articles = ddf = None
    n_words = 0
    sampler = TreeSampler()
    sampler.start()
    sampler.take()  # the stage peaks below start here (after any cluster start-up)

    def record(stage, seconds, rows, note=""):
        if client is not None:
            worker = max(client.run(_worker_peak).values())
        else:
            worker = peak_mb(resource.RUSAGE_CHILDREN) if n_workers else 0.0
        driver = peak_mb(resource.RUSAGE_SELF)
        records.append(
            {
                "size": len(files),
                "mode": mode,
                "stage": stage,
                "seconds": seconds,
                "articles_s": len(files) / seconds if seconds else None,
                "words_s": n_words / seconds if seconds else None,
                "rows": rows,
                "driver_mb": driver,
                "worker_mb": worker,
                "total_mb": driver + n_workers * worker,
                "tree_mb": sampler.take(),
                "note": f"{note} load={os.getloadavg()[0]:.1f}".strip(),
            }
        )

    try:
        for stage in stages:
            name = STAGES[stage]
            try:
                func = getattr(akhbar, name)
            except (AttributeError, ImportError) as error:
                records.append(
                    {"mode": mode, "size": len(files), "stage": stage, "skip": str(error)}
                )
                continue
            if stage == "load":
                parameters = inspect.signature(func).parameters
                dask_load = "engine" in parameters and client is not None
                load_options = {}
                if "workers" in parameters and client is None:  # its own process pool
                    load_options["workers"] = max(n_workers, 1)
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    if dask_load:
                        ddf = func(files, engine="dask").persist()
                        articles = None
                    else:
                        articles = func(files, **load_options)
                        if client is not None:
                            ddf = to_dask(articles).persist()
                    if ddf is not None:
                        from distributed import wait

                        wait(ddf)
                seconds = time.perf_counter() - start
                if articles is None:
                    n_words = int(ddf["n_words"].sum().compute())
                else:
                    n_words = int(articles["n_words"].sum())
                how = "engine=dask" if dask_load else ("to_dask" if client is not None else "")
                how = f"workers={load_options['workers']}" if load_options else how
                record(stage, seconds, len(files), how)
                continue
            if articles is None and ddf is None:
                raise SystemExit("bench_pipeline: the load stage must come first")
            more = {} if recycle is None or mode != "cores" else {"recycle_after": recycle}
            start = time.perf_counter()
            if mode == "serial":
                result = func(articles)
            elif mode == "blocks":
                result = map_articles(func, articles, n_jobs=1, chunk_size=500)
            elif mode == "cores":
                result = map_articles(func, articles, n_jobs=-1, **more)
            else:
                result = dask_map(func, ddf).compute()
            seconds = time.perf_counter() - start
            record(
                stage, seconds, len(result), f"recycle={recycle}" if "recycle_after" in more else ""
            )
            del result
    finally:
        sampler.done.set()
        if client is not None:
            client.close()
            cluster.close()
    return records


def run_one(
    size: int,
    mode: str,
    stages: list[str],
    corpus: Path,
    *,
    timeout: float | None = None,
    recycle: int | None = None,
) -> list[dict]:
    """Measure in a fresh interpreter; its last stdout line is the JSON records."""
    command = [
        sys.executable,
        __file__,
        "--measure",
        f"--sizes={size}",
        f"--modes={mode}",
        f"--stages={','.join(stages)}",
        f"--corpus={corpus}",
        *([f"--recycle={recycle}"] if recycle is not None else []),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [{"size": size, "mode": mode, "stage": "-", "skip": f"timed out after {timeout} s"}]
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return [{"size": size, "mode": mode, "stage": "-", "skip": "failed: " + " | ".join(tail)}]
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(records: list[dict]) -> None:
    header = (
        f"{'size':>6} {'mode':<6} {'stage':<7} {'seconds':>8} {'art/s':>8} {'words/s':>9} "
        f"{'rows':>8} {'drv_MB':>7} {'wrk_MB':>7} {'total_MB':>8} {'tree_MB':>7}  note"
    )
    print(header)
    print("-" * len(header))
    for r in records:
        if "skip" in r:
            print(f"{r['size']:>6} {r['mode']:<6} {r['stage']:<7} skipped: {r['skip']}")
            continue
        print(
            f"{r['size']:>6} {r['mode']:<6} {r['stage']:<7} {r['seconds']:8.2f} "
            f"{r['articles_s']:8.0f} {r['words_s']:9.0f} {r['rows']:8d} {r['driver_mb']:7.0f} "
            f"{r['worker_mb']:7.0f} {r['total_mb']:8.0f} {r.get('tree_mb', 0):7.0f}  {r['note']}",
            flush=True,
        )


def print_growth(records: list[dict]) -> None:
    """Seconds per 1,000 articles by size: flat means cost grows linearly."""
    timed = [r for r in records if "skip" not in r]
    sizes = sorted({r["size"] for r in timed})
    if len(sizes) < 2:
        return
    print("\nseconds per 1,000 articles (flat = linear growth)")
    print(f"{'mode':<6} {'stage':<7} " + " ".join(f"{s:>8}" for s in sizes))
    keys = dict.fromkeys((r["mode"], r["stage"]) for r in timed)
    for mode, stage in keys:
        cells = []
        for s in sizes:
            hit = [r for r in timed if (r["mode"], r["stage"], r["size"]) == (mode, stage, s)]
            cells.append(f"{1000 * hit[0]['seconds'] / s:8.2f}" if hit else f"{'-':>8}")
        print(f"{mode:<6} {stage:<7} " + " ".join(cells))


def print_goal(records: list[dict]) -> None:
    full = [r for r in records if "skip" not in r and r["size"] >= 31000]
    for mode in dict.fromkeys(r["mode"] for r in full):
        rows = [r for r in full if r["mode"] == mode]
        last = rows[-1]
        stages = "+".join(r["stage"] for r in rows)
        tree = max(r.get("tree_mb", 0) for r in rows)
        verdict = "under" if tree < GOAL_MB else "OVER"
        print(
            f"goal ({mode}): {stages} on {last['size']} articles: sampled peak of all its "
            f"processes {tree:.0f} MB ({verdict} {GOAL_MB} MB); driver peak "
            f"{last['driver_mb']:.0f} MB, bound driver + workers x largest worker "
            f"{last['total_mb']:.0f} MB"
        )


def check_identical(size: int, stages: list[str], corpus: Path) -> None:
    """Serial, all cores and a two-worker cluster on the same articles, in one process.

    Rows in the tables above come from separate runs (minutes apart, while the
    code may change); this compares the three paths on one load.
    """
    import akhbar
    import pandas as pd
    from akhbar.parallel import dask_map, map_articles, to_dask
    from distributed import Client, LocalCluster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(corpus_files(corpus, size))
    print(f"\nidentical results on {len(articles)} articles (serial vs cores vs dask2)")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        ddf = to_dask(articles, npartitions=4)
        for stage in stages[1:]:
            try:
                func = getattr(akhbar, STAGES[stage])
            except (AttributeError, ImportError) as error:
                print(f"{stage:<7} skipped: {error}")
                continue
            serial = func(articles).reset_index(drop=True)
            chunk = max(1, len(articles) // 8)
            for mode, result in (
                ("cores", map_articles(func, articles, n_jobs=-1, chunk_size=chunk)),
                ("dask2", dask_map(func, ddf).compute().reset_index(drop=True)),
            ):
                try:
                    pd.testing.assert_frame_equal(result, serial)
                    verdict = "identical"
                except AssertionError as error:
                    verdict = "DIFFERENT: " + " ".join(str(error).split())[:200]
                print(f"{stage:<7} {mode:<6} {len(serial):>7} rows  {verdict}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,31525")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--check", type=int, default=0, metavar="N", help="compare the three paths on N articles"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per size and mode")
    parser.add_argument(
        "--recycle",
        type=int,
        default=None,
        metavar="N",
        help="cores mode: blocks per worker before fresh processes (map_articles' recycle_after)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    sizes = [int(s) for s in options.sizes.split(",")]
    modes = options.modes.split(",")
    stages = options.stages.split(",")
    for mode in modes:
        if mode not in MODES:
            parser.error(f"--modes: {mode!r} is not one of {','.join(MODES)}")
    for stage in stages:
        if stage not in STAGES:
            parser.error(f"--stages: {stage!r} is not one of {','.join(STAGES)}")
    if stages[0] != "load":
        parser.error("--stages: the first stage must be load")
    if options.measure:
        print(
            json.dumps(measure(sizes[0], modes[0], stages, options.corpus, recycle=options.recycle))
        )
        return
    if not options.corpus.is_dir():
        raise SystemExit(f"bench_pipeline: corpus folder not found: {options.corpus}")
    from akhbar.parallel import available_cores

    if options.check:
        check_identical(options.check, stages, options.corpus)
        return
    print(f"akhbar pipeline benchmark: {options.corpus}, {available_cores()} cores")
    records: list[dict] = []
    for size in sizes:
        for mode in modes:
            found = run_one(
                size,
                mode,
                stages,
                options.corpus,
                timeout=options.timeout,
                recycle=options.recycle,
            )
            print_table(found)
            records.extend(found)
    print()
    print_table(records)
    print_growth(records)
    print_goal(records)


if __name__ == "__main__":
    main()

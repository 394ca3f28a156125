"""How a large load starts its workers, and how they hand back their chunks.

Workers start from a fork server that has imported akhbar, except in a
script that a fork server would run again (no ``__main__`` guard), which
forks them; a worker's columns come back through a widened pipe; chunks
shrink towards the end of a load.
"""

from __future__ import annotations

import gc
import itertools
import subprocess
import sys
import textwrap
import types

import akhbar.corpus
import pytest
from akhbar.corpus import _chunk_size, _has_main_guard, _pool, _reimport_safe

fcntl = pytest.importorskip("fcntl")

TREC = (
    "<DOC>\n<DOCNO>SK-{n}</DOCNO>\n<URL>http://example.org/{n}</URL>\n<SRC>skynews</SRC>\n"
    "<CAT>sport</CAT>\n<TITLE>خبر {n}</TITLE>\n<TIME>Mon, 01 Jan 2018 10:00:00 GMT</TIME>\n"
    "<AUTHOR></AUTHOR>\n<ABSTRACT>\nملخص\n</ABSTRACT>\n<TEXT>\nفقرة {n}\n</TEXT>\n</DOC>\n"
)


@pytest.mark.parametrize(
    ("source", "guarded"),
    [
        ("import akhbar\nif __name__ == '__main__':\n    akhbar.load_articles('.')\n", True),
        ('if "__main__" == __name__:\n    pass\n', True),
        ("import akhbar\nakhbar.load_articles('.')\n", False),
        ("def main():\n    if __name__ == '__main__':\n        pass\n", False),  # not top level
        ("if __name__ == '__main__' and x:\n    pass\n", False),
        ("this is not python(\n", False),
    ],
)
def test_a_main_guard_is_found_only_at_the_top_of_a_script(tmp_path, source, guarded):
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    assert _has_main_guard(str(script)) is guarded


@pytest.mark.parametrize(
    ("main_file", "threads", "method"),
    [
        (None, 1, "forkserver"),
        ("guarded", 1, "forkserver"),
        ("unguarded", 1, "fork"),
        ("unguarded", 3, "forkserver"),  # forking a process with threads could hang the child
    ],
)
def test_workers_start_from_the_fork_server_unless_a_script_would_run_again(
    tmp_path, monkeypatch, main_file, threads, method
):
    monkeypatch.setattr(akhbar.corpus.threading, "active_count", lambda: threads)
    main = types.ModuleType("__main__")
    if main_file is not None:
        script = tmp_path / f"{main_file}.py"
        guard = "if __name__ == '__main__':\n    " if main_file == "guarded" else ""
        script.write_text(f"import akhbar\n{guard}akhbar.load_articles('.')\n", encoding="utf-8")
        main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert _reimport_safe() is (main_file != "unguarded")
    pool = _pool(1)
    try:
        assert pool._mp_context.get_start_method() == method
    finally:
        pool.shutdown()


def test_a_workers_results_pipe_holds_a_whole_chunk():
    """A worker hands back about 1 MB per chunk; a 64 kB pipe made it wait for the parent."""
    pool = _pool(1)
    try:
        writer = pool._result_queue._writer.fileno()
        size = fcntl.fcntl(writer, fcntl.F_GETPIPE_SZ)
    finally:
        pool.shutdown()
    with open("/proc/sys/fs/pipe-max-size") as limit:
        allowed = int(limit.read())
    assert size >= min(1 << 20, allowed) > 1 << 16


def test_chunks_shrink_towards_the_end_and_cover_every_file():
    sizes, left = [], 10_000
    while left:
        sizes.append(_chunk_size(left, listing=False))
        left -= sizes[-1]
    assert sum(sizes) == 10_000
    assert all(a >= b for a, b in itertools.pairwise(sizes))
    assert sizes[0] == akhbar.corpus.CHUNK_FILES and sizes[-2] == akhbar.corpus.MIN_CHUNK_FILES


@pytest.mark.parametrize("guarded", [True, False])
def test_a_script_shares_a_load_with_its_worker_guarded_or_not(tmp_path, guarded):
    """Both kinds of script load every article with a worker and without a warning."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(60):
        (corpus / f"{n:03d}.txt").write_text(TREC.format(n=n), encoding="utf-8")
    body = f"""
        import warnings, multiprocessing
        import akhbar, akhbar.corpus
        akhbar.corpus.POOL_MIN_FILES = 1
        warnings.simplefilter("error")
        articles = akhbar.load_articles({str(corpus)!r}, workers=2, progress=False)
        assert articles["title"].tolist() == [f"خبر {{n}}" for n in range(60)], articles["title"]
        assert multiprocessing.active_children() == []
        print(akhbar.corpus._reimport_safe(), len(articles))
    """
    if guarded:
        body = "if __name__ == '__main__':\n" + textwrap.indent(textwrap.dedent(body), "    ")
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(guarded), "60"]


def test_repeated_large_loads_do_not_grow_the_process(ant_dir, tmp_path):
    """The pool's results arrive in a thread whose allocator arena kept what it freed: each
    whole-ANT load left the process about 60 MB bigger until loads ended with malloc_trim."""
    script = tmp_path / "loads.py"
    script.write_text(
        textwrap.dedent(f"""
        import warnings
        import akhbar

        def rss():
            with open("/proc/self/statm") as statm:
                return int(statm.read().split()[1]) * 4096 / 1e6

        if __name__ == "__main__":
            warnings.simplefilter("ignore")
            sizes = []
            for _ in range(4):
                articles = akhbar.load_articles({str(ant_dir)!r}, progress=False)
                del articles
                sizes.append(rss())
            print(" ".join(f"{{s:.0f}}" for s in sizes))
        """),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    sizes = [float(s) for s in done.stdout.split()]
    assert sizes[-1] - sizes[0] < 40, f"resident MB after each load: {sizes}"


def test_workers_keep_the_memory_they_free():
    """A worker re-faulted every freed block: 45-54k page faults per whole-ANT load, 5k now."""
    pool = _pool(1)
    try:
        assert pool._initializer is akhbar.corpus._keep_freed_memory
    finally:
        pool.shutdown()
    script = textwrap.dedent("""
        import resource, sys
        import akhbar.corpus

        if sys.argv[1] == "keep":
            akhbar.corpus._keep_freed_memory()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(50):  # like a chunk: many article-sized blocks, then all freed
            blocks = [bytearray(4000) for _ in range(2000)]
            del blocks
        print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    """)
    faults = {}
    for mode in ("keep", "default"):
        done = subprocess.run(
            [sys.executable, "-c", script, mode], capture_output=True, text=True, check=True
        )
        faults[mode] = int(done.stdout)
    assert faults["keep"] * 10 < faults["default"], faults


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_pauses_during_a_load_and_comes_back_as_it_was(
    tmp_path, monkeypatch, enabled
):
    """Each row is a new tuple: the collector kept walking a whole notebook's objects."""
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(TREC.format(n=n), encoding="utf-8")
    seen = []
    parse_chunk = akhbar.corpus._parse_chunk

    def spy(files, options):
        seen.append(gc.isenabled())
        return parse_chunk(files, options)

    monkeypatch.setattr(akhbar.corpus, "_parse_chunk", spy)
    (gc.enable if enabled else gc.disable)()
    try:
        articles = akhbar.load_articles(tmp_path, workers=1, progress=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert len(articles) == 5
    assert seen == [False]

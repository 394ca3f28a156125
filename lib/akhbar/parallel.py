"""Run per-article extractors on all cores, or on a Dask cluster.

An extractor is *per article* when the rows it returns for one article depend
on that article alone (``extract_actors``, ``extract_quotes``, ``tag_themes``,
``extract_dates``). Such a function can be run on blocks of articles and the
blocks' results concatenated in input order: the result is the serial result,
row for row and dtype for dtype.

- :func:`map_articles` runs it in worker processes on one machine.
- :func:`dask_map` runs it on every partition of a dask DataFrame (lazy; a
  ``distributed.Client`` sends the work to a cluster).
- :func:`per_article` is a decorator that gives an extractor both paths: an
  ``n_jobs=`` keyword and dask DataFrame input.

On a cluster, connect a client before computing; every worker needs akhbar
installed (same version) and must see the corpus files at the same path::

    from distributed import Client
    client = Client("tcp://scheduler:8786")  # the scheduler's address
    articles = akhbar.load_articles("/mnt/news/ant", engine="dask")  # shared storage
    mentions = akhbar.extract_actors(articles)  # lazy dask DataFrame
    mentions.to_parquet("/mnt/news/out/mentions")  # or .compute() if it fits

Functions sent to other processes travel by reference (module and name), so
they must be defined at the top level of an importable module, not in a
notebook cell. Dask is optional: it is imported only when a dask DataFrame is
given.

>>> import pandas as pd
>>> from akhbar.text import tokens
>>> articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["خبر عاجل", "اليوم"]})
>>> map_articles(title_tokens, articles, n_jobs=1)
  article_id  token  start  end
0          a    خبر      0    3
1          a   عاجل      4    8
2          b  اليوم      0    5
"""

from __future__ import annotations

import functools
import math
import os
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import pandas as pd

__all__ = [
    "available_cores",
    "dask_map",
    "dispatch",
    "is_dask",
    "map_articles",
    "per_article",
    "title_tokens",
    "to_dask",
    "worker_pool",
]

#: an article block smaller than this is not worth a worker process
MIN_CHUNK = 100
#: an article block larger than this makes a worker's memory grow: the extractors keep
#: a block's intermediate objects until it is done (bench_pipeline.py, 10k articles on
#: 2 cores: workers peaked at 407 MB with blocks of 500, 367 MB with 250, same speed)
MAX_CHUNK = 250
#: blocks a worker process runs before it is replaced by a fresh one: the extractors'
#: caches (the NER tagger's per-word features, about 100 MB per 1,000 articles; word
#: stems; names seen) grow with the vocabulary a process has met, so a long-lived worker
#: grows with the corpus; a fresh one starts small again. 4 blocks of 250 (31.5k ANT
#: articles, 2 cores, actors): workers peak at 497 MB instead of 577 MB with 8, the whole
#: process tree at 1,274 MB instead of 1,555 MB, in 610 s instead of 624 s (load ~5)
RECYCLE_AFTER = 4

Extractor = Callable[..., pd.DataFrame]


def available_cores() -> int:
    """Return the number of CPU cores this process may run on.

    >>> available_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_pool(n_jobs: int | None = None) -> ProcessPoolExecutor:
    """A pool of worker processes to reuse across :func:`map_articles` calls.

    Each worker loads lexicons and models once, on its first block; reusing
    the pool for several extractors spares that start-up. Use it in a
    ``with`` block so that the processes end with it.

    >>> import pandas as pd
    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["خبر", "عاجل"]})
    >>> with worker_pool(2) as pool:
    ...     map_articles(title_tokens, articles, chunk_size=1, executor=pool).token.tolist()
    ['خبر', 'عاجل']
    """
    # spawn: safe beside threads (Jupyter, dask) and the same on Linux, macOS and Windows
    return ProcessPoolExecutor(max_workers=_resolve_jobs(n_jobs), mp_context=get_context("spawn"))


def _resolve_jobs(n_jobs: int | None) -> int:
    """``None`` or ``-1`` mean all cores, ``-2`` all but one (as in joblib)."""
    cores = available_cores()
    if n_jobs is None:
        return cores
    if n_jobs == 0:
        raise ValueError("n_jobs: expected a positive number of processes, -1 or None, got 0")
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    return n_jobs


def _chunk_bounds(ids: pd.Series | None, n_rows: int, chunk_size: int) -> list[tuple[int, int]]:
    """Row ranges of about ``chunk_size`` rows, never splitting a run of equal ``ids``."""
    bounds = []
    start = 0
    while start < n_rows:
        stop = min(start + chunk_size, n_rows)
        if ids is not None:
            while stop < n_rows and ids.iat[stop] == ids.iat[stop - 1]:
                stop += 1
        bounds.append((start, stop))
        start = stop
    return bounds


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate results in order, keeping the dtypes one call would have given.

    Parts with no rows are left out (their dtypes may be the generic ones of an
    empty result); categorical columns whose categories differ between parts
    are re-coded to the union of categories in order of first appearance.
    """
    full = [part for part in parts if len(part)]
    if not full:
        return parts[0].reset_index(drop=True)
    if len(full) == 1:
        return full[0].reset_index(drop=True)
    full = _settle_null_columns(full)
    first = full[0]
    for column in first.columns:
        dtype = first[column].dtype
        if not isinstance(dtype, pd.CategoricalDtype):
            continue
        if all(part[column].dtype == dtype for part in full):
            continue
        categories = pd.Index(
            dict.fromkeys(c for part in full for c in part[column].cat.categories)
        )
        union = pd.CategoricalDtype(categories, ordered=dtype.ordered)
        full = [part.assign(**{column: part[column].astype(union)}) for part in full]
    return pd.concat(full, ignore_index=True)


def _settle_null_columns(parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Give a column that is all missing in some parts the dtype it has in the others.

    A DataFrame built from rows infers each column's dtype from its values: a
    column of Nones comes out ``object`` where the whole input would give
    ``str``. When the parts holding values agree on one dtype, the all-missing
    parts take it (what one call on all the articles would have inferred).
    """
    for column in parts[0].columns:
        dtypes = {str(part[column].dtype) for part in parts}
        if len(dtypes) == 1:
            continue
        valued = [part for part in parts if part[column].notna().any()]
        targets = {part[column].dtype for part in valued}
        if len(targets) != 1:
            continue
        target = targets.pop()
        parts = [
            part
            if part[column].dtype == target or part[column].notna().any()
            else part.assign(**{column: part[column].astype(target)})
            for part in parts
        ]
    return parts


def _check_picklable(func: Extractor, kwargs: dict[str, Any]) -> None:
    name = getattr(func, "__qualname__", repr(func))
    try:
        pickle.dumps(func)
    except Exception as error:
        raise TypeError(
            f"map_articles: cannot send {name!r} to worker processes ({error}); define it "
            "at the top level of an importable module (not in a notebook cell or as a lambda)"
        ) from error
    for key, value in kwargs.items():
        try:
            pickle.dumps(value)
        except Exception as error:
            raise TypeError(
                f"map_articles: cannot send option {key}= of {name!r} to worker processes "
                f"({error}); pass something picklable, such as a path or a plain dict"
            ) from error


def map_articles(
    func: Extractor,
    articles: pd.DataFrame,
    *,
    n_jobs: int | None = None,
    chunk_size: int | None = None,
    executor: Executor | None = None,
    recycle_after: int | None = RECYCLE_AFTER,
    **kwargs: Any,
) -> pd.DataFrame:
    """Run a per-article extractor over blocks of articles in worker processes.

    The articles are cut into blocks of consecutive rows (rows sharing an
    ``article_id`` stay together), ``func(block, **kwargs)`` runs on each block
    in a pool of processes, and the results are concatenated in input order
    with a fresh index: the same rows, order and dtypes as
    ``func(articles, **kwargs).reset_index(drop=True)`` for any function whose
    output for an article depends on that article only. Small inputs and
    ``n_jobs=1`` run serially in this process. The input is not modified.

    Parameters
    ----------
    func
        The extractor, e.g. ``akhbar.tag_themes``: a top-level function of an
        importable module (worker processes import it by name).
    articles
        An articles DataFrame (one row per article). Anything else, such as a
        plain string, is passed to ``func`` directly.
    n_jobs
        Number of processes; ``None`` or ``-1`` use every available core,
        ``-2`` all but one.
    chunk_size
        Articles per block. By default about four blocks per process, between
        100 and 250 articles each; inputs of one block run serially. With
        ``n_jobs=1`` and a ``chunk_size`` the blocks run one after another in
        this process, which bounds the extractor's working memory.
    executor
        An existing executor to reuse across calls (spares starting processes
        each time); ``n_jobs`` then only sets the block size.
    recycle_after
        Blocks each worker process runs before fresh processes take over
        (their caches grow with the vocabulary they meet); ``None`` keeps the
        same processes to the end. Not used with ``executor``.
    **kwargs
        Options passed to ``func``; they must be picklable.

    Returns
    -------
    pandas.DataFrame
        ``func``'s result for all articles, index 0..n-1.

    Examples
    --------
    >>> import pandas as pd
    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["خبر", "", "نهاية الخبر"]})
    >>> map_articles(title_tokens, articles, n_jobs=2, chunk_size=1).token.tolist()
    ['خبر', 'نهاية', 'الخبر']
    """
    if not isinstance(articles, pd.DataFrame):
        return func(articles, **kwargs)
    jobs = _resolve_jobs(n_jobs)
    chunked = chunk_size is not None
    if chunk_size is None:
        chunk_size = min(MAX_CHUNK, max(MIN_CHUNK, math.ceil(len(articles) / (4 * jobs))))
    elif chunk_size < 1:
        raise ValueError(f"chunk_size: expected a positive number of articles, got {chunk_size}")
    ids = articles["article_id"] if "article_id" in articles.columns else None
    bounds = _chunk_bounds(ids, len(articles), chunk_size)
    if len(bounds) <= 1 or (jobs == 1 and executor is None and not chunked):
        return func(articles, **kwargs).reset_index(drop=True)
    if jobs == 1 and executor is None:  # block by block here: memory bounded by the block
        return _concat([func(_without_attrs(articles.iloc[a:b]), **kwargs) for a, b in bounds])
    if recycle_after is not None and recycle_after < 1:
        raise ValueError(
            f"recycle_after: expected a positive number of blocks, got {recycle_after}"
        )
    _check_picklable(func, kwargs)
    task = functools.partial(func, **kwargs) if kwargs else func

    def chunks(wave: list[tuple[int, int]]) -> Iterator[pd.DataFrame]:
        return (_without_attrs(articles.iloc[start:stop]) for start, stop in wave)

    if executor is not None:
        return _concat(list(executor.map(task, chunks(bounds))))
    parts: list[pd.DataFrame] = []
    workers = min(jobs, len(bounds))
    # one pool per wave rather than max_tasks_per_child=, which can hang on Python
    # 3.11-3.13 once a worker retires with blocks still queued (CPython gh-115634)
    for wave in _waves(bounds, workers * recycle_after if recycle_after else len(bounds)):
        with worker_pool(min(workers, len(wave))) as pool:
            parts.extend(pool.map(task, chunks(wave)))
    return _concat(parts)


def _waves(bounds: list[tuple[int, int]], most: int) -> list[list[tuple[int, int]]]:
    """Cut the blocks into the fewest runs of at most ``most``, of even lengths.

    >>> [len(wave) for wave in _waves([(i, i + 1) for i in range(10)], 4)]
    [4, 3, 3]
    """
    n_waves = math.ceil(len(bounds) / most)
    size, extra = divmod(len(bounds), n_waves)
    waves, start = [], 0
    for i in range(n_waves):
        stop = start + size + (i < extra)
        waves.append(bounds[start:stop])
        start = stop
    return waves


def _without_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy without ``attrs``.

    ``load_articles`` keeps its problem report, a DataFrame, in
    ``articles.attrs["problems"]``; pandas compares ``attrs`` when it
    concatenates, which fails for DataFrame values, and every slice would
    carry (and pickle) the report again.
    """
    if not frame.attrs:
        return frame
    frame = frame.copy(deep=False)
    frame.attrs = {}
    return frame


def to_dask(articles: pd.DataFrame, *, npartitions: int | None = None) -> Any:
    """Turn an in-memory articles DataFrame into a dask DataFrame.

    Partitions are blocks of consecutive articles (by default about 250 each);
    ``attrs`` (such as the problem report of ``load_articles``) are left
    behind. For a corpus larger than memory, load it with
    ``load_articles(..., engine="dask")`` instead, so that workers read the
    files themselves.

    >>> import pandas as pd
    >>> to_dask(pd.DataFrame({"article_id": ["a", "b", "c"]}), npartitions=2).npartitions
    2
    """
    import dask.dataframe as dd

    if npartitions is None:
        npartitions = max(1, math.ceil(len(articles) / MAX_CHUNK))
    return dd.from_pandas(_without_attrs(articles), npartitions=npartitions, sort=False)


def is_dask(data: Any) -> bool:
    """Tell whether ``data`` is a dask DataFrame, without importing dask.

    >>> import pandas as pd
    >>> is_dask(pd.DataFrame()), is_dask("نص")
    (False, False)
    """
    module = type(data).__module__ or ""
    return module.split(".")[0] in {"dask", "dask_expr"} and hasattr(data, "map_partitions")


def dask_map(
    func: Extractor,
    ddf: Any,
    *,
    meta: pd.DataFrame | None = None,
    **kwargs: Any,
) -> Any:
    """Run a per-article extractor on every partition of a dask DataFrame.

    Returns a lazy dask DataFrame: nothing runs until ``.compute()`` (on the
    default scheduler, or on a cluster when a ``distributed.Client`` is
    active). Partitions keep their order, and each partition's rows are
    numbered from 0, so ``result.compute().reset_index(drop=True)`` equals
    ``func(ddf.compute(), **kwargs)`` for a per-article function.

    Parameters
    ----------
    func
        The extractor, e.g. ``akhbar.extract_dates``.
    ddf
        A dask DataFrame of articles, e.g. from
        ``load_articles(..., engine="dask")`` or ``dask.dataframe.from_pandas``.
    meta
        An empty DataFrame with the result's columns and dtypes. By default it
        is ``func`` applied to the empty articles frame ``ddf._meta``.
    **kwargs
        Options passed to ``func``.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["خبر", "", "نهاية الخبر"]})
    >>> lazy = dask_map(title_tokens, dd.from_pandas(articles, npartitions=2))
    >>> lazy.compute(scheduler="sync").reset_index(drop=True).token.tolist()
    ['خبر', 'نهاية', 'الخبر']
    """
    if meta is None:
        empty = _pandas_strings(ddf._meta)
        try:
            meta = func(empty, **kwargs)
        except Exception as error:
            name = getattr(func, "__qualname__", repr(func))
            raise ValueError(
                f"dask_map: {name} failed on an empty articles frame with columns "
                f"{list(empty.columns)} ({error}); pass meta= (an empty DataFrame with the "
                "result's columns and dtypes)"
            ) from error
    task = functools.partial(_on_partition, func)
    return ddf.map_partitions(task, **kwargs, meta=meta.iloc[:0], enforce_metadata=True)


def _pandas_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Give text columns pandas' own ``str`` dtype (missing = NaN).

    ``dask.dataframe.from_pandas`` turns ``str`` columns into ``string`` (missing
    = ``pd.NA``, whose truth value raises); extractors written for
    ``load_articles`` output must see the dtypes they see in pandas.
    """
    na_strings = [
        column
        for column, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA
    ]
    if not na_strings:
        return frame
    return frame.astype(dict.fromkeys(na_strings, "str"))


def _on_partition(func: Extractor, partition: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    return func(_pandas_strings(partition), **kwargs)


def dispatch(
    func: Extractor,
    data: Any,
    *,
    n_jobs: int | None = None,
    cache: str | os.PathLike | bool | None = None,
    **options: Any,
) -> Any:
    """Run ``func`` elsewhere or from the cache when asked to, else return None.

    The one branch an extractor needs at its top to accept ``n_jobs=``,
    ``cache=`` and dask DataFrames: a dask DataFrame goes to :func:`dask_map`
    (each partition is cached on its own when ``cache`` is a folder); a
    pandas DataFrame with a cache folder (``cache``, or else
    ``data.attrs["cache"]`` as recorded by a cached load; ``False`` never
    caches) to :func:`akhbar.cache.extract_cached`; one with ``n_jobs`` other
    than ``None`` or 1 to :func:`map_articles`; ``None`` means "run serially
    here". ``func`` is called elsewhere with ``options`` and without
    ``n_jobs`` or ``cache``.

    Examples
    --------
    In an extractor::

        def tag_themes(articles, *, lexicon=None, n_jobs=None):
            if (elsewhere := dispatch(tag_themes, articles, n_jobs=n_jobs, lexicon=lexicon)) is not None:
                return elsewhere
            ...

    >>> import pandas as pd
    >>> dispatch(title_tokens, pd.DataFrame({"article_id": ["a"], "title": ["خبر"]})) is None
    True
    """
    if is_dask(data):
        if cache is not None and cache is not False:
            options["cache"] = os.fspath(cache)  # workers keep the results of their partitions
        return dask_map(func, data, **options)
    if isinstance(data, pd.DataFrame) and cache is not False:
        folder = data.attrs.get("cache") if cache is None or cache is True else cache
        if folder is not None:
            from akhbar.cache import extract_cached

            return extract_cached(func, data, folder, n_jobs=n_jobs, **options)
    if n_jobs not in (None, 1) and isinstance(data, pd.DataFrame):
        return map_articles(func, data, n_jobs=n_jobs, **options)
    return None


def per_article(func: Extractor) -> Extractor:
    """Give a per-article extractor an ``n_jobs=`` option and dask input.

    The decorated function behaves as before on pandas input and strings. With
    ``n_jobs`` other than ``None`` or 1 it runs through :func:`map_articles`
    (``-1``: all cores); given a dask DataFrame it returns a dask DataFrame
    through :func:`dask_map`.

    Examples
    --------
    Inside a module, above ``def``::

        @per_article
        def tag_themes(articles, *, lexicon=None): ...

        tag_themes(articles, n_jobs=-1)  # all cores, same result as serial
        tag_themes(dask_articles)  # lazy dask DataFrame
    """

    @functools.wraps(func)
    def wrapper(data: Any, /, *args: Any, n_jobs: int | None = None, **kwargs: Any) -> Any:
        if args:  # options are keyword-only by house style; positional ones go serial
            return func(data, *args, **kwargs)
        if is_dask(data):
            return dask_map(wrapper, data, **kwargs)
        if n_jobs not in (None, 1) and isinstance(data, pd.DataFrame):
            return map_articles(wrapper, data, n_jobs=n_jobs, **kwargs)
        return func(data, **kwargs)

    return wrapper


def _iter_titles(articles: pd.DataFrame) -> Iterator[tuple[Any, str]]:
    for article_id, title in zip(articles["article_id"], articles["title"], strict=True):
        yield article_id, title if isinstance(title, str) else ""


def title_tokens(articles: pd.DataFrame) -> pd.DataFrame:
    """A tiny per-article extractor: one row per token of each title.

    It serves the examples above and the tests; real extractors have the same
    shape (rows keyed by ``article_id`` with offsets).

    >>> import pandas as pd
    >>> title_tokens(pd.DataFrame({"article_id": ["a"], "title": ["قمة الرياض"]})).end.tolist()
    [3, 10]
    """
    from akhbar.text import tokens

    rows = [
        (article_id, token, start, end)
        for article_id, title in _iter_titles(articles)
        for token, start, end in tokens(title)
    ]
    result = pd.DataFrame(rows, columns=["article_id", "token", "start", "end"])
    return result.astype({"article_id": "str", "token": "str", "start": "int64", "end": "int64"})

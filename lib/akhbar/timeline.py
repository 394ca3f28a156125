"""What happened when: date expressions per paragraph and a timeline of dated sentences.

:func:`extract_dates` finds every date expression (Gregorian or Hijri, absolute
or relative to the publication day) with the grammar in :mod:`akhbar.dates`;
:func:`build_timeline` keeps one row per dated sentence, with the actors and
themes named in it: the table behind a timeline chart.

``date`` and ``date_end`` are the first and last day of the period an
expression denotes, both inclusive (``2011`` is 2011-01-01 .. 2011-12-31): add
one day to ``date_end`` for a half-open interval.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd

from akhbar.dates import find_dates
from akhbar.parallel import dispatch
from akhbar.text import sentences

__all__ = ["DATE_COLUMNS", "TIMELINE_COLUMNS", "build_timeline", "extract_dates"]

DATE_COLUMNS = [
    "article_id",
    "paragraph_no",
    "sentence_no",
    "sentence",
    "start",
    "end",
    "expression",
    "date",
    "date_end",
    "precision",
    "calendar",
    "relative",
]
TIMELINE_COLUMNS = [
    "date",
    "date_end",
    "precision",
    "article_id",
    "paragraph_no",
    "sentence_no",
    "sentence",
    "expression",
    "actors",
    "themes",
]


def _reference(value) -> dt.date | None:
    if value is None or value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value).date()


def _paragraphs(data, reference_date, include_repeats: bool):
    """Yield ``(article_id, paragraph_no, text, reference)``."""
    if isinstance(data, str):
        yield None, 0, data, _reference(reference_date)
        return
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"extract_dates: data must be an articles DataFrame or a str, not {type(data).__name__}"
        )
    missing = {"article_id", "published_at"} - set(data.columns)
    if missing:
        raise ValueError(f"extract_dates: articles table lacks column(s) {sorted(missing)}")
    from akhbar import split_paragraphs

    published = dict(zip(data["article_id"], data["published_at"], strict=True))
    fallback = _reference(reference_date)
    paragraphs = split_paragraphs(data, include_repeats=include_repeats)
    for article_id, no, text in zip(
        paragraphs["article_id"], paragraphs["paragraph_no"], paragraphs["text"], strict=True
    ):
        yield article_id, int(no), text, _reference(published.get(article_id)) or fallback


def _rows(data, reference_date, include_repeats: bool) -> dict[str, list]:
    columns: dict[str, list] = {c: [] for c in [*DATE_COLUMNS, "sentence_start", "sentence_end"]}
    for article_id, no, text, ref in _paragraphs(data, reference_date, include_repeats):
        found = find_dates(text, reference=ref)
        if not found:
            continue
        spans = sentences(text) or [(0, len(text))]
        for match in found:
            k = next((i for i, (s, e) in enumerate(spans) if s <= match.start < e), len(spans) - 1)
            s, e = spans[k]
            columns["article_id"].append(article_id)
            columns["paragraph_no"].append(no)
            columns["sentence_no"].append(k)
            columns["sentence"].append(text[s:e])
            columns["sentence_start"].append(s)
            columns["sentence_end"].append(e)
            columns["start"].append(match.start)
            columns["end"].append(match.end)
            columns["expression"].append(match.expression)
            columns["date"].append(match.date)
            columns["date_end"].append(match.date_end)
            columns["precision"].append(match.precision)
            columns["calendar"].append(match.calendar)
            columns["relative"].append(match.relative)
    return columns


def _frame(columns: dict[str, list], keep: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: columns[c] for c in keep})
    for c in ("date", "date_end"):  # seconds: centuries before 1678 fit, nanoseconds would not
        values = [None if d is None else dt.datetime(d.year, d.month, d.day) for d in columns[c]]
        frame[c] = pd.Series(values, dtype="datetime64[s]", index=frame.index)
    for c in ("paragraph_no", "sentence_no", "start", "end", "sentence_start", "sentence_end"):
        if c in frame:
            frame[c] = frame[c].astype("int64")
    frame["relative"] = frame["relative"].astype(bool)
    frame["article_id"] = frame["article_id"].astype(object)
    return frame


def extract_dates(
    data: pd.DataFrame | str,
    *,
    reference_date=None,
    include_repeats: bool = False,
    n_jobs: int | None = None,
    cache: str | os.PathLike | bool | None = None,
) -> pd.DataFrame:
    """One row per date expression in an articles table or a string.

    Parameters
    ----------
    data : DataFrame or str
        An articles table (:func:`akhbar.load_articles`), read paragraph by
        paragraph with :func:`akhbar.split_paragraphs`, or one plain string
        (then ``article_id`` is None and ``paragraph_no`` 0). Not mutated.
    reference_date : date-like, keyword-only
        The day relative expressions are resolved against. For a table each
        article's ``published_at`` is used and this is only the fallback for
        articles without one. Expressions that need a reference and have none
        (``أمس``, ``الأربعاء``, ``في أبريل``) are still returned, with ``date``
        and ``date_end`` NaT.
    include_repeats : bool, keyword-only
        Also read paragraphs that repeat another one (``repeat_of`` set).
    n_jobs : int or None, keyword-only
        Run on this many processes (``-1``: all cores) with
        :func:`akhbar.parallel.map_articles`; same rows as serial. A dask
        DataFrame of articles gives a lazy dask DataFrame (one task per partition).
    cache : folder, False or None, keyword-only
        Keep the results per article as Parquet in this folder and extract
        only the articles not there yet (see :mod:`akhbar.cache`); None uses
        the folder of ``load_articles(..., cache=)`` when the articles come
        from one, False never reads or writes a cache.

    Returns
    -------
    DataFrame
        ``article_id``, ``paragraph_no``, ``sentence_no``, ``sentence``,
        ``start``, ``end`` (offsets in the paragraph), ``expression``,
        ``date`` and ``date_end`` (first and last day of the period, both
        inclusive), ``precision`` (day, week, month, year, decade, century),
        ``calendar`` (gregorian, hijri) and ``relative`` (resolved against the
        reference day).

    Examples
    --------
    >>> rows = extract_dates("في 5 رمضان 1442 هـ، أي منذ العام 2011", reference_date="2021-04-21")
    >>> rows["expression"].tolist()
    ['5 رمضان 1442 هـ', 'منذ العام 2011']
    >>> rows[["date", "date_end", "calendar"]]
            date   date_end   calendar
    0 2021-04-17 2021-04-17      hijri
    1 2011-01-01 2021-04-21  gregorian
    """
    if (
        elsewhere := dispatch(
            extract_dates,
            data,
            n_jobs=n_jobs,
            cache=cache,
            reference_date=reference_date,
            include_repeats=include_repeats,
        )
    ) is not None:
        return elsewhere  # worker processes or dask partitions (akhbar.parallel)
    return _frame(_rows(data, reference_date, include_repeats), DATE_COLUMNS)


_WIDTH = "_width"


def build_timeline(
    articles: pd.DataFrame,
    *,
    mentions: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per dated sentence, with the actors and themes it names.

    Parameters
    ----------
    articles : DataFrame
        An articles table; not mutated.
    mentions : DataFrame, keyword-only
        Output of :func:`akhbar.extract_actors` (``article_id``,
        ``paragraph_no``, ``start``, ``name``...). Computed when None and
        ``extract_actors`` is available; otherwise ``actors`` is empty.
    hits : DataFrame, keyword-only
        Output of :func:`akhbar.tag_themes` (``article_id``, ``paragraph_no``,
        ``start``, ``theme``...). Computed the same way.

    Returns
    -------
    DataFrame
        ``date``, ``date_end``, ``precision`` (of the most precise date in
        the sentence; the first one on ties), ``article_id``,
        ``paragraph_no``, ``sentence_no``, ``sentence``, ``expression``,
        ``actors`` (list of actor names) and ``themes`` (list of theme ids),
        sorted by date. Sentences whose dates cannot be resolved are left out.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["a1"], "title": ["قمة أمس في الجزائر"],
    ...     "lede": [""], "dateline": [""], "caption": [""], "body": ["انعقدت عام 2011."],
    ...     "published_at": [pd.Timestamp("2021-04-21")]})
    >>> build_timeline(articles, mentions=pd.DataFrame(), hits=pd.DataFrame())[
    ...     ["date", "precision", "paragraph_no", "expression"]]
            date precision  paragraph_no expression
    0 2011-01-01      year             1   عام 2011
    1 2021-04-20       day             0        أمس
    """
    columns = _rows(articles, None, False)
    dates = _frame(columns, [*DATE_COLUMNS, "sentence_start", "sentence_end"])
    dates = dates.dropna(subset=["date"])
    keys = ["article_id", "paragraph_no", "sentence_no"]
    dates[_WIDTH] = dates["date_end"] - dates["date"]
    best = dates.sort_values([*keys, _WIDTH, "start"], kind="stable").drop_duplicates(keys)
    if mentions is None:
        mentions = _maybe("extract_actors", articles)
    if hits is None:
        hits = _maybe("tag_themes", articles)
    best = best.assign(
        actors=_collect(best, mentions, "name"),
        themes=_collect(best, hits, "theme"),
    )
    best = best.sort_values(["date", "article_id", "paragraph_no", "sentence_no"], kind="stable")
    return best[TIMELINE_COLUMNS].reset_index(drop=True)


def _maybe(name: str, articles: pd.DataFrame) -> pd.DataFrame | None:
    import akhbar

    try:
        function = getattr(akhbar, name)
    except (AttributeError, ImportError):
        return None
    return function(articles)


def _collect(sentences_: pd.DataFrame, table: pd.DataFrame | None, column: str) -> list[list]:
    """For each sentence row, the distinct ``column`` values of ``table`` rows starting in it."""
    empty: list[list] = [[] for _ in range(len(sentences_))]
    needed = {"article_id", "paragraph_no", "start", column}
    if table is None or table.empty or not needed <= set(table.columns):
        return empty
    index: dict[tuple, list[tuple[int, object]]] = {}
    for article_id, no, start, value in zip(
        table["article_id"], table["paragraph_no"], table["start"], table[column], strict=True
    ):
        index.setdefault((article_id, int(no)), []).append((int(start), value))
    out = []
    for article_id, no, s, e in zip(
        sentences_["article_id"],
        sentences_["paragraph_no"],
        sentences_["sentence_start"],
        sentences_["sentence_end"],
        strict=True,
    ):
        values: list = []
        for start, value in index.get((article_id, int(no)), []):
            if s <= start < e and value not in values:
                values.append(value)
        out.append(values)
    return out

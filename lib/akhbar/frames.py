"""Building the articles table from the columns that parsers produce.

Workers hand over text columns as Arrow arrays; :func:`build_frame` only
concatenates them, orders rows by file, makes ``article_id`` unique and
links exact duplicates. Shared by :mod:`akhbar.corpus` and :mod:`akhbar.cache`.
"""

from __future__ import annotations

import hashlib
from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa

from akhbar.keys import fingerprints, utf8_buffers

__all__ = ["PROBLEM_COLUMNS", "STRING_COLUMNS", "ProblemTable", "build_frame", "problem_frame"]

#: the columns of ``articles.attrs["problems"]``
PROBLEM_COLUMNS = ("source_path", "record", "problem", "raw")
#: text columns built as Arrow arrays in the worker that parses them
STRING_COLUMNS = (
    "source_path",
    "record",
    "outlet",
    "url",
    "title",
    "author",
    "lede",
    "dateline",
    "caption",
    "body",
    "label",
)
_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def _unique_ids(ids: np.ndarray) -> np.ndarray:
    """Number the later copies of a record that occurs twice in one file."""
    repeated = pd.Series(ids).duplicated().to_numpy()
    if repeated.any():
        ids = ids.astype(object)
        seen: dict[str, int] = {}
        for i in np.flatnonzero(repeated):
            seen[ids[i]] = seen.get(ids[i], 0) + 1
            ids[i] = hashlib.blake2b(f"{ids[i]}#{seen[ids[i]]}".encode(), digest_size=8).hexdigest()
        return _unique_ids(ids.astype(str))
    return ids


def _duplicate_of(
    title_keys: np.ndarray, bodies: pa.ChunkedArray, ids: np.ndarray, known: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The ``article_id`` of the first article with the same normalised title and body, and the
    body fingerprints used (``b""`` for bodies that were not compared).

    Only articles whose normalised title occurs more than once can be
    duplicates; of those, the bodies without a ``known`` fingerprint are
    fingerprinted, one per distinct (title, exact UTF-8 body), since equal
    bodies have equal normalised forms.
    """
    out = np.full(len(ids), None, dtype=object)
    keys_used = np.zeros(len(ids), dtype="S12")
    if len(ids) == 0:
        return out, keys_used
    shared = pd.Series(title_keys).duplicated(keep=False).to_numpy()
    rows = np.flatnonzero(shared)
    if len(rows) == 0:
        return out, keys_used
    body_keys = known[rows].copy()
    todo = np.flatnonzero(body_keys == b"")
    if len(todo):
        subset = _take(bodies, rows[todo])
        codes, offsets = utf8_buffers(subset)
        data = memoryview(codes)
        exact = [
            title.ljust(12, b"\0") + hashlib.blake2b(data[a:b], digest_size=16).digest()
            for title, (a, b) in zip(
                title_keys[rows[todo]].tolist(), pairwise(offsets.tolist()), strict=True
            )
        ]
        _, first_exact, same_exact = np.unique(
            np.array(exact, dtype=object), return_index=True, return_inverse=True
        )
        computed = fingerprints(subset.take(pa.array(first_exact)).to_pylist())
        body_keys[todo] = np.array(computed, dtype="S12")[same_exact.ravel()]
    keys_used[rows] = body_keys
    pairs = zip(title_keys[rows].tolist(), body_keys.tolist(), strict=True)
    keys = np.array([t + b"|" + b if t or b else b"" for t, b in pairs], dtype=object)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    first = first[inverse.ravel()]
    later = (first != np.arange(len(rows))) & (keys != b"")
    out[rows[later]] = ids[rows[first[later]]]
    return out, keys_used


def _take(values: pa.ChunkedArray, rows: np.ndarray) -> pa.Array:
    """``values[rows]`` as one array, chunk by chunk (a chunked ``take`` may first copy every
    chunk into one)."""
    pieces = []
    bounds = np.cumsum([0, *(len(chunk) for chunk in values.chunks)])
    for i, chunk in enumerate(values.chunks):
        lo, hi = np.searchsorted(rows, [bounds[i], bounds[i + 1]])
        if hi > lo:
            pieces.append(chunk.take(pa.array(rows[lo:hi] - bounds[i])))
    return pa.concat_arrays(pieces) if pieces else pa.array([], type=pa.large_string())


def _combine(chunks: list[dict]) -> dict:
    """One column set from many chunks, rows in file order (chunks may come from the cache)."""
    pieces: dict[str, list] = {}
    for chunk in chunks:
        for c in (*STRING_COLUMNS, "article_id", "published_at", "n_paragraphs", "n_words"):
            pieces.setdefault(c, []).append(chunk[c])
        pieces.setdefault("title_key", []).append(chunk["title_key"])
        pieces.setdefault("file_no", []).append(chunk["file_no"])
        known = chunk.get("body_key")
        pieces.setdefault("body_key", []).append(
            known if known is not None else np.zeros(len(chunk["file_no"]), dtype="S12")
        )
    columns: dict = {}
    for c in STRING_COLUMNS:
        arrays = [
            a.cast(pa.large_string()) if a.type != pa.large_string() else a
            for piece in pieces.get(c, [])
            for a in getattr(piece, "chunks", [piece])
        ]
        columns[c] = pa.chunked_array(arrays, type=pa.large_string())
    columns["article_id"] = np.array(
        [i for piece in pieces.get("article_id", []) for i in piece], dtype=object
    )
    for c, dtype in (
        ("published_at", "datetime64[ns]"),
        ("n_paragraphs", "int64"),
        ("n_words", "int64"),
        ("title_key", "S12"),
        ("file_no", "int64"),
        ("body_key", "S12"),
    ):
        parts = pieces.get(c, [])
        columns[c] = np.concatenate(parts).astype(dtype) if parts else np.array([], dtype)
    order = columns["file_no"]
    columns["order"] = np.arange(len(order))
    if len(order) and (np.diff(order) < 0).any():
        order = np.argsort(order, kind="stable")
        indices = pa.array(order)
        for c, values in columns.items():
            columns[c] = values.take(indices) if c in STRING_COLUMNS else values[order]
    return columns


def _keep_body_keys(chunks: list[dict], keys: np.ndarray, order: np.ndarray) -> None:
    """Give each chunk the body fingerprints computed for its rows (the cache stores them)."""
    unsorted = np.empty_like(keys)
    unsorted[order] = keys
    start = 0
    for chunk in chunks:
        end = start + len(chunk["file_no"])
        chunk["body_key"] = unsorted[start:end]
        start = end


def build_frame(chunks: list[dict]) -> pd.DataFrame:
    """The articles table from parsed or cached chunks of columns.

    Each chunk gains a ``body_key`` array: the body fingerprints computed to
    find duplicates (``b""`` where none was needed), which the cache keeps.
    """

    def strings(values) -> pd.Series:
        return pd.Series(pd.array(values, dtype=_STR_DTYPE))

    columns = _combine(chunks)
    ids = _unique_ids(columns["article_id"].astype(str))
    duplicate_of, body_keys = _duplicate_of(
        columns["title_key"], columns["body"], ids, columns["body_key"]
    )
    _keep_body_keys(chunks, body_keys, columns["order"])
    text = {c: strings(columns[c]) for c in STRING_COLUMNS}
    data = {
        "article_id": strings(ids.tolist()),
        **{c: text[c] for c in ("source_path", "record", "outlet", "url", "title", "author")},
        **{c: text[c] for c in ("lede", "dateline", "caption", "body")},
        "published_at": pd.Series(columns["published_at"]),
        "label": text["label"],
        "n_paragraphs": pd.Series(columns["n_paragraphs"]),
        "n_words": pd.Series(columns["n_words"]),
        "duplicate_of": strings(duplicate_of),
    }
    return pd.DataFrame(data, copy=False)


class ProblemTable(pd.DataFrame):
    """``articles.attrs["problems"]``: a DataFrame that compares as a whole.

    pandas compares the ``attrs`` of the frames it combines (``pd.concat``,
    ``merge``, ``join``), and ``==`` between two plain DataFrames cannot be
    read as true or false, so combining two loads would raise. Here ``==`` is
    :meth:`~pandas.DataFrame.equals`; everything derived from the table
    (filters, columns, copies) is a plain DataFrame.

    Examples
    --------
    >>> a = ProblemTable({"problem": ["empty body"]})
    >>> a == ProblemTable({"problem": ["empty body"]}), a == a.iloc[:0]
    (True, False)
    >>> import copy
    >>> type(a[a["problem"] != ""]).__name__, type(copy.deepcopy(a)).__name__
    ('DataFrame', 'ProblemTable')
    """

    @property
    def _constructor(self):
        return pd.DataFrame

    def __eq__(self, other: object) -> bool:  # type: ignore[override]
        return isinstance(other, pd.DataFrame) and self.equals(other)

    def __ne__(self, other: object) -> bool:  # type: ignore[override]
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict | None = None) -> ProblemTable:
        return ProblemTable(self.copy(deep=True))  # pandas deep-copies attrs it hands on


def problem_frame(problems: list[tuple]) -> ProblemTable:
    """Problems in file order (each tuple ends with its file's number in the load)."""
    problems = sorted(problems, key=lambda p: p[-1])
    table = pd.DataFrame([p[:4] for p in problems], columns=list(PROBLEM_COLUMNS)).astype(
        {"source_path": "str", "record": "str", "problem": "str"}
    )
    return ProblemTable(table)

"""A folder of Parquet files that spares re-parsing and re-extracting articles.

``load_articles(source, cache=folder)`` uses :class:`CorpusCache`. Parsed
rows are keyed by the hash of their file's bytes, so a file that moved or was
touched without changing is not parsed again; a file whose size and
modification time match the manifest is not even re-read. Each load that
parsed new files appends one Parquet part; parts are merged when they pile
up. Load options (format, fields, encoding) get their own sub-folder.

Layout of ``folder/<options hash>/``: ``manifest.parquet`` (``path``,
``size``, ``mtime_ns``, ``digest``), ``articles/part-*.parquet`` and
``problems/part-*.parquet``, each row carrying its file's ``file_digest``.

Extraction results (:func:`extract_cached`, used by ``extract_actors``,
``extract_quotes``, ``tag_themes`` and ``extract_dates`` when given
``cache=folder`` or articles from ``load_articles(..., cache=folder)``) live in
``folder/results/<extractor>-<key>/part-*.parquet``. The key hashes the
extractor, its options (files and tables by content), akhbar's version and the
content of the package's code and data, so any change lands in a new folder.
Rows are kept per article, matched by ``article_id`` and a hash of the fields
extractors read (:data:`ARTICLE_FIELDS`): an edited article is extracted again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
import uuid
import warnings
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.corpus import file_digest, read_bytes
from akhbar.frames import STRING_COLUMNS

__all__ = ["ARTICLE_FIELDS", "CACHE_VERSION", "CorpusCache", "ResultCache", "extract_cached"]

CACHE_VERSION = 3
#: merge the parts of a cache when there are more than this many
MAX_PARTS = 16


def _digest(path: str) -> str | None:
    try:
        return file_digest(read_bytes(path))
    except OSError:
        return None


class CorpusCache:
    """Parsed articles kept on disk, keyed by file content (see the module docstring)."""

    def __init__(self, folder: str | os.PathLike, options: dict):
        key = json.dumps(
            {k: options.get(k) for k in ("format", "fields", "encoding")}, sort_keys=True
        )
        name = f"v{CACHE_VERSION}-{hashlib.blake2b(key.encode(), digest_size=6).hexdigest()}"
        self.folder = Path(folder).expanduser() / name
        manifest = self.folder / "manifest.parquet"
        columns = ("path", "size", "mtime_ns", "digest")
        table = pq.read_table(manifest, memory_map=True) if manifest.exists() else None
        #: the manifest as arrays: path, size, mtime_ns, digest
        self.entries = {
            c: table[c].to_numpy(zero_copy_only=False)
            if table is not None
            else np.array([], dtype=object if c in ("path", "digest") else np.int64)
            for c in columns
        }
        self._manifest: dict[str, tuple[int, int, str]] | None = None
        self.updates: dict[str, tuple[int, int, str]] = {}  # files re-hashed by lookup

    @property
    def manifest(self) -> dict[str, tuple[int, int, str]]:
        """path -> (size, mtime_ns, digest), built when first needed (saving new files)."""
        if self._manifest is None:
            e = self.entries
            self._manifest = dict(
                zip(
                    e["path"].tolist(),
                    zip(
                        e["size"].tolist(),
                        e["mtime_ns"].tolist(),
                        e["digest"].tolist(),
                        strict=True,
                    ),
                    strict=True,
                )
            )
        return self._manifest

    def _parts(self, kind: str) -> list[Path]:
        folder = self.folder / kind
        return sorted(folder.glob("part-*.parquet")) if folder.exists() else []

    def lookup(self, files: list[tuple]) -> tuple[dict, list[tuple], list[tuple]]:
        """Split ``files`` into cached rows and problems, and the files left to parse.

        A file whose size and modification time match the manifest keeps its
        recorded digest; any other file is hashed again.
        """
        n = len(files)
        names = [f[1] for f in files]
        sizes = np.zeros(n, dtype=np.int64)
        mtimes = np.zeros(n, dtype=np.int64)
        readable = np.ones(n, dtype=bool)
        stat = os.stat
        for i, name in enumerate(names):
            try:
                info = stat(name)
            except OSError:
                readable[i] = False
                continue
            sizes[i] = info.st_size
            mtimes[i] = info.st_mtime_ns
        e = self.entries
        at = pd.Index(e["path"], dtype=object).get_indexer(names) if n else np.zeros(0, int)
        listed = at >= 0
        same = readable & listed
        same[listed] &= (e["size"][at[listed]] == sizes[listed]) & (
            e["mtime_ns"][at[listed]] == mtimes[listed]
        )
        digests = np.full(n, None, dtype=object)
        digests[same] = e["digest"][at[same]]
        for i in np.flatnonzero(readable & ~same).tolist():
            digests[i] = _digest(names[i])
            if digests[i] is not None:
                self.updates[names[i]] = (int(sizes[i]), int(mtimes[i]), digests[i])
        recorded = set(e["digest"].tolist())
        known = np.fromiter((d in recorded for d in digests.tolist()), bool, n) & readable
        self.stats = {
            files[i][0]: (int(sizes[i]), int(mtimes[i]))
            for i in np.flatnonzero(readable & ~known).tolist()
        }
        hits = np.flatnonzero(known)
        wanted = {
            "file_no": np.array([files[i][0] for i in hits.tolist()], dtype=np.int64),
            "path": [names[i] for i in hits.tolist()],
            "rel": np.array([files[i][2] for i in hits.tolist()], dtype=object),
            "digest": digests[hits],
        }
        missing = [files[i] for i in np.flatnonzero(~known).tolist()]
        return self._read(wanted), self._read_problems(wanted), missing

    def _read(self, wanted: dict) -> dict:
        parts = self._parts("articles")
        if not len(wanted["digest"]) or not parts:
            return _empty_chunk()
        table, files = _expand(pq.read_table(parts, memory_map=True), wanted)
        rel = wanted["rel"][files]
        ids = table["article_id"].to_numpy(zero_copy_only=False).astype(object)
        cached_rel = table["rel"].to_numpy(zero_copy_only=False)
        moved = np.flatnonzero(rel != cached_rel).tolist()
        if moved:  # the article_id hashes the path relative to the loaded root
            records = table["record"].take(moved).to_pylist()
            titles = table["title"].take(moved).to_pylist()
            bodies = table["body"].take(moved).to_pylist()
            for i, record, title, body in zip(moved, records, titles, bodies, strict=True):
                identity = f"{rel[i]}\0{record}\0{title}\0{body}"
                ids[i] = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
        paths = [wanted["path"][i] for i in files.tolist()]
        chunk = {c: table[c] for c in STRING_COLUMNS if c != "source_path"}
        chunk["source_path"] = pa.chunked_array([pa.array(paths, type=pa.large_string())])
        chunk["article_id"] = ids
        chunk["published_at"] = table["published_at"].to_numpy().astype("datetime64[ns]")
        chunk["n_paragraphs"] = table["n_paragraphs"].to_numpy()
        chunk["n_words"] = table["n_words"].to_numpy()
        chunk["title_key"] = table["title_key"].to_numpy(zero_copy_only=False).astype("S12")
        chunk["body_key"] = table["body_key"].to_numpy(zero_copy_only=False).astype("S12")
        chunk["file_no"] = wanted["file_no"][files]
        return chunk

    def _read_problems(self, wanted: dict) -> list[tuple]:
        parts = self._parts("problems")
        if not len(wanted["digest"]) or not parts:
            return []
        table, files = _expand(pq.read_table(parts, memory_map=True), wanted)
        rows = zip(
            files.tolist(),
            table["record"].to_pylist(),
            table["problem"].to_pylist(),
            table["raw"].to_pylist(),
            strict=True,
        )
        path, file_no = wanted["path"], wanted["file_no"].tolist()
        return [(path[f], record, problem, raw, file_no[f]) for f, record, problem, raw in rows]

    def save(self, files: list[tuple], chunks: list[dict], problems: list[tuple]) -> None:
        """Store the rows and problems of newly parsed ``files`` and update the manifest."""
        new: dict[int, str] = {}
        for chunk in chunks:
            new.update(chunk.get("digests", {}))
        compact = len(self._parts("articles")) > MAX_PARTS
        if not files and not self.updates and not compact:
            return
        # one copy of the rows of each content: the first file that has it, unless cached
        known = set(self.entries["digest"].tolist())
        first: dict[str, int] = {}
        for no in sorted(new):
            if new[no] not in known:
                first.setdefault(new[no], no)
        keep = set(first.values())
        tables = [_chunk_table(chunk, keep) for chunk in chunks if len(chunk["file_no"])]
        tables = [table for table in tables if table.num_rows]
        (self.folder / "articles").mkdir(parents=True, exist_ok=True)
        (self.folder / "problems").mkdir(parents=True, exist_ok=True)
        name = f"part-{uuid.uuid4().hex}.parquet"
        if tables:
            _write(pa.concat_tables(tables), self.folder / "articles" / name)
        rows = [p for p in problems if p[-1] in keep]
        if rows:
            problem_table = pa.table(
                {
                    "file_digest": [new[p[-1]] for p in rows],
                    "record": [p[1] for p in rows],
                    "problem": [p[2] for p in rows],
                    "raw": pa.array([p[3] for p in rows], type=pa.large_string()),
                }
            )
            _write(problem_table, self.folder / "problems" / name)
        manifest = self.manifest
        manifest.update(self.updates)
        for no, path, _, _ in files:
            if no not in new:
                continue
            stat = self.stats.get(no)
            if stat is None:
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stat = (info.st_size, info.st_mtime_ns)
            manifest[path] = (*stat, new[no])
        self._write_manifest()
        if len(self._parts("articles")) > MAX_PARTS:
            self._compact()

    def _write_manifest(self) -> None:
        paths = list(self.manifest)
        entries = list(self.manifest.values())
        table = pa.table(
            {
                "path": paths,
                "size": [e[0] for e in entries],
                "mtime_ns": [e[1] for e in entries],
                "digest": [e[2] for e in entries],
            }
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"manifest-{uuid.uuid4().hex}.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, self.folder / "manifest.parquet")

    def _compact(self) -> None:
        known = pa.array(sorted({e[2] for e in self.manifest.values()}))
        for kind in ("articles", "problems"):
            parts = self._parts(kind)
            if len(parts) < 2:
                continue
            table = pq.read_table(parts)
            table = table.filter(pc.is_in(table["file_digest"], known))
            _write(table, self.folder / kind / f"part-{uuid.uuid4().hex}.parquet")
            for part in parts:
                part.unlink()


def _write(table: pa.Table, path: Path) -> None:
    """Uncompressed and without dictionaries: the cache is read far more often than written."""
    temporary = path.with_suffix(".tmp")
    pq.write_table(table, temporary, compression="none", use_dictionary=False)
    os.replace(temporary, path)


def _expand(table: pa.Table, wanted: dict) -> tuple[pa.Table, np.ndarray]:
    """The rows of ``table`` for every wanted file with their content (a row repeated for copies
    of one file), and for each row the number of its file in ``wanted``."""
    digests = table["file_digest"].to_numpy(zero_copy_only=False)
    index = pd.Index(wanted["digest"], dtype=object)
    if index.is_unique:
        files = index.get_indexer(digests)
        rows = np.flatnonzero(files >= 0)
        if len(rows) < len(digests):
            table, files = table.take(pa.array(rows)), files[rows]
        return table, files
    rows_of = pd.DataFrame({"digest": digests, "row": np.arange(len(digests))})
    files_of = pd.DataFrame({"digest": wanted["digest"], "file": np.arange(len(index))})
    pairs = rows_of.merge(files_of, on="digest").sort_values(["file", "row"])
    return table.take(pa.array(pairs["row"].to_numpy())), pairs["file"].to_numpy()


def _chunk_table(chunk: dict, keep: set[int]) -> pa.Table:
    digests = chunk["digests"]
    columns = {c: chunk[c] for c in STRING_COLUMNS if c != "source_path"}
    columns["article_id"] = pa.array(list(chunk["article_id"]), type=pa.string())
    columns["published_at"] = pa.array(chunk["published_at"])
    columns["n_paragraphs"] = pa.array(chunk["n_paragraphs"])
    columns["n_words"] = pa.array(chunk["n_words"])
    columns["title_key"] = pa.array(chunk["title_key"].tolist(), type=pa.binary())
    known = chunk.get("body_key")
    if known is None:
        known = np.zeros(len(chunk["file_no"]), dtype="S12")
    columns["body_key"] = pa.array(known.tolist(), type=pa.binary())
    columns["rel"] = pa.array(chunk["rel"], type=pa.string())
    file_nos = chunk["file_no"].tolist()
    columns["file_digest"] = pa.array([digests.get(no, "") for no in file_nos])
    table = pa.table(columns)
    mask = [no in keep for no in file_nos]
    return table if all(mask) else table.filter(pa.array(mask))


def _empty_chunk() -> dict:
    chunk: dict = {c: pa.chunked_array([], type=pa.large_string()) for c in STRING_COLUMNS}
    chunk["article_id"] = np.array([], dtype=object)
    chunk["published_at"] = np.array([], dtype="datetime64[ns]")
    chunk["n_paragraphs"] = np.array([], dtype="int64")
    chunk["n_words"] = np.array([], dtype="int64")
    chunk["title_key"] = np.array([], dtype="S12")
    chunk["body_key"] = np.array([], dtype="S12")
    chunk["file_no"] = np.array([], dtype="int64")
    return chunk


# --- extraction results ------------------------------------------------------------------

#: the article columns extractors read: a change in any of them extracts the article again
ARTICLE_FIELDS = ("title", "lede", "dateline", "caption", "body", "published_at")
#: the layout of result parts; a new layout gives new cache folders
RESULTS_VERSION = 1
_DTYPES = b"akhbar.dtypes"
_KEYS = ["_article", "_content", "_marker"]


def extract_cached(
    func: Callable[..., pd.DataFrame],
    articles: pd.DataFrame,
    cache: str | os.PathLike,
    *,
    n_jobs: int | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run a per-article extractor only on articles whose results ``cache`` lacks.

    Results are kept per article in ``cache/results/`` (see the module
    docstring): the articles found there are read back, the others go to
    ``func`` (through :func:`akhbar.map_articles` when ``n_jobs`` is not None
    or 1) and are added as one new Parquet part. The result has the rows,
    order and dtypes of ``func(articles, **options)``. Inputs without unique
    string ``article_id`` values, or paragraph tables, are not cached. A part
    that cannot be read is renamed ``*.corrupt`` with a warning and its
    articles are extracted again. The input is not modified.

    Examples
    --------
    >>> import tempfile
    >>> from akhbar.parallel import title_tokens
    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["خبر عاجل", "اليوم"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = extract_cached(title_tokens, articles, folder)
    ...     again = extract_cached(title_tokens, articles.iloc[::-1], folder)  # read back
    >>> again.token.tolist()
    ['اليوم', 'خبر', 'عاجل']
    """
    from akhbar.parallel import _concat, _without_attrs, map_articles

    def run(frame: pd.DataFrame) -> pd.DataFrame:
        frame = _without_attrs(frame)  # no attrs["cache"]: func must not come back here
        if n_jobs in (None, 1):
            return func(frame, **options).reset_index(drop=True)
        return map_articles(func, frame, n_jobs=n_jobs, **options)

    columns = set(articles.columns)
    if not len(articles) or "article_id" not in columns or {"paragraph_no", "text"} <= columns:
        return run(articles)
    ids = articles["article_id"].to_numpy(dtype=object)
    if not all(isinstance(i, str) for i in ids) or len(set(ids)) < len(ids):
        warnings.warn(
            "extraction cache: article_id must be unique strings (as load_articles gives); "
            "extracting without the cache",
            stacklevel=3,
        )
        return run(articles)
    fields = [c for c in ARTICLE_FIELDS if c in columns]
    store = ResultCache(cache, func, {**options, "_fields": fields})
    contents = article_digests(articles, fields)
    frames, found = store.lookup(ids, contents)
    fresh = None
    missing = np.flatnonzero(~found)
    if len(missing):
        fresh = run(articles.iloc[missing])
        store.save(ids[missing], contents[missing], fresh)
        frames.append(fresh)
    full = [frame for frame in frames if len(frame)]
    if not full:
        return fresh if fresh is not None else run(articles.iloc[:0])
    result = _concat(full)
    position = pd.Index(ids).get_indexer(result["article_id"].to_numpy(dtype=object))
    return result.take(np.argsort(position, kind="stable")).reset_index(drop=True)


def article_digests(articles: pd.DataFrame, fields: list[str]) -> np.ndarray:
    """One 64-bit hash per article of the ``fields`` extractors read.

    >>> frame = pd.DataFrame({"title": ["خبر", "خبر", "نبأ"]})
    >>> digests = article_digests(frame, ["title"])
    >>> bool(digests[0] == digests[1]), bool(digests[0] == digests[2])
    (True, False)
    """
    if not fields:
        return np.zeros(len(articles), dtype=np.uint64)
    return pd.util.hash_pandas_object(articles[fields], index=False).to_numpy()


@functools.cache
def package_digest() -> str:
    """A hash of akhbar's code and data files: editing either gives new cache keys."""
    return _path_digest(Path(str(resources.files("akhbar"))))


def fingerprint(value: Any) -> Any:
    """A JSON-able stand-in for an option that changes when its content changes.

    Paths (to a file or a folder) stand for their content, DataFrames for
    their columns and values.

    >>> fingerprint({"sport": ["كأس"]}) == fingerprint({"sport": ["كأس"]})
    True
    >>> fingerprint(None), fingerprint(True), fingerprint("2021-04-21")
    (None, True, '2021-04-21')
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, pd.DataFrame):
        try:
            rows = pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes()
        except TypeError:  # unhashable cells (lists)
            rows = value.to_json(orient="split", force_ascii=False).encode()
        return {
            "columns": [str(c) for c in value.columns],
            "dtypes": [str(d) for d in value.dtypes],
            "rows": hashlib.blake2b(rows, digest_size=16).hexdigest(),
        }
    if isinstance(value, os.PathLike) or (isinstance(value, str) and os.path.exists(value)):
        return {"content": _path_digest(Path(value))}
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {"items": [[fingerprint(k), fingerprint(v)] for k, v in value.items()]}
    if isinstance(value, set | frozenset):
        return {"set": sorted(json.dumps(fingerprint(v), sort_keys=True) for v in value)}
    if isinstance(value, list | tuple):
        return [fingerprint(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def _path_digest(path: Path) -> str:
    """A hash of a file's content, or of a folder's file names and contents (no caches)."""
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(_files(path)) if path.is_dir() else [path]
    for file in files:
        digest.update(f"{file.relative_to(path) if path.is_dir() else ''}\0".encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _files(folder: Path):
    """The files under ``folder``, leaving out bytecode, ``__pycache__`` and hidden names."""
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not path.name.endswith((".pyc", ".pyo")):
            if not any(p == "__pycache__" or p.startswith(".") for p in parts):
                yield path


class ResultCache:
    """One extractor's results under one set of options, kept per article.

    Each part holds result rows plus one marker row per article extracted
    (so articles without rows count as done), with ``_article``, ``_content``
    (:func:`article_digests`) and ``_marker`` beside the result's columns,
    whose pandas dtypes are in the part's metadata.
    """

    def __init__(self, folder: str | os.PathLike, func: Callable, options: dict):
        import akhbar

        self.key = {
            "layout": RESULTS_VERSION,
            "extractor": f"{func.__module__}.{func.__qualname__}",
            "options": {k: fingerprint(v) for k, v in sorted(options.items())},
            "akhbar": akhbar.__version__,
            "package": package_digest(),
        }
        text = json.dumps(self.key, sort_keys=True, ensure_ascii=False)
        name = f"{func.__name__}-{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"
        self.folder = Path(folder).expanduser() / "results" / name

    def parts(self) -> list[Path]:
        """The parts, oldest first (names start with the time they were written)."""
        return sorted(self.folder.glob("part-*.parquet")) if self.folder.exists() else []

    def lookup(self, ids: np.ndarray, contents: np.ndarray) -> tuple[list[pd.DataFrame], Any]:
        """The cached rows of these articles (a frame per part) and which articles were found."""
        for _ in range(3):
            try:
                return self._lookup(ids, contents)
            except FileNotFoundError:  # another process merged parts meanwhile: list again
                continue
        return [], np.zeros(len(ids), dtype=bool)

    def _lookup(self, ids: np.ndarray, contents: np.ndarray) -> tuple[list[pd.DataFrame], Any]:
        index = pd.Index(ids, dtype=object)
        owner = np.full(len(ids), -1)
        found: list[tuple[pa.Table, dict]] = []
        for part in reversed(self.parts()):  # the newest version of an article wins
            read = self._read(part, _KEYS)  # the keys first: most parts of a dask partition's
            if read is None:  # lookup hold none of its articles
                continue
            keys, dtypes = read
            at = index.get_indexer(keys["_article"].to_numpy(zero_copy_only=False))
            mine = at >= 0
            mine[mine] &= contents[at[mine]] == keys["_content"].to_numpy()[mine]
            marker = keys["_marker"].to_numpy(zero_copy_only=False)
            claimed = np.unique(at[mine & marker])
            claimed = claimed[owner[claimed] < 0]
            owner[claimed] = len(found)
            keep = mine & ~marker
            keep[keep] &= owner[at[keep]] == len(found)
            if not keep.any():
                continue
            read = self._read(part)
            if read is None:
                owner[claimed] = -1
                continue
            found.append((read[0].take(np.flatnonzero(keep)), dtypes))
        frames = [_restore(table, dtypes) for table, dtypes in reversed(found)]
        return frames, owner >= 0

    def _read(self, part: Path, columns: list[str] | None = None) -> tuple[pa.Table, dict] | None:
        """The part's ``columns`` (all by default) and result dtypes; None if it is damaged."""
        try:
            with pq.ParquetFile(part) as file:
                schema = file.schema_arrow
                dtypes = json.loads(schema.metadata[_DTYPES])
                missing = {*_KEYS, *dtypes} - set(schema.names)
                if missing:
                    raise KeyError(f"no column {sorted(missing)}")
                table = file.read(columns=columns)
        except FileNotFoundError:
            raise
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as error:
            aside = part.with_suffix(".corrupt")
            warnings.warn(
                f"extraction cache: cannot read {part} ({type(error).__name__}: {error}); "
                f"its articles are extracted again and the file is renamed {aside.name}",
                stacklevel=5,
            )
            try:
                os.replace(part, aside)
            except OSError:
                pass
            return None
        return table, dtypes

    def save(self, ids: np.ndarray, contents: np.ndarray, result: pd.DataFrame | None) -> None:
        """Add one part: ``result``'s rows for these articles (all of them marked done)."""
        try:
            table = _part_table(ids, contents, result)
        except (pa.ArrowException, TypeError, ValueError) as error:
            warnings.warn(
                f"extraction cache: cannot keep these results as Parquet ({error}); "
                "they are not cached",
                stacklevel=4,
            )
            return
        self._write_part(table)
        parts = self.parts()
        if len(parts) > MAX_PARTS:
            self.compact(parts)

    def compact(self, parts: list[Path]) -> None:
        """Merge ``parts`` into one, keeping each article's newest version, then delete them."""
        from akhbar.parallel import _concat

        done: dict[str, int] = {}
        frames: list[pd.DataFrame] = []
        for part in reversed(parts):
            try:
                read = self._read(part)
            except FileNotFoundError:  # merged by another process
                continue
            if read is None:
                continue
            table, dtypes = read
            articles = table["_article"].to_numpy(zero_copy_only=False)
            marker = table["_marker"].to_numpy(zero_copy_only=False)
            content = table["_content"].to_numpy()
            new = {
                a: c
                for a, c in zip(articles[marker], content[marker], strict=True)
                if a not in done
            }
            done.update(new)
            keep = ~marker & np.fromiter((a in new for a in articles), bool, len(articles))
            if keep.any():
                frames.append(_restore(table.take(np.flatnonzero(keep)), dtypes))
        merged = _concat(frames[::-1]) if frames else None
        ids = np.array(list(done), dtype=object)
        contents = np.fromiter(done.values(), np.uint64, len(done))
        self._write_part(_part_table(ids, contents, merged))
        for part in parts:
            try:
                part.unlink()
            except FileNotFoundError:
                pass

    def _write_part(self, table: pa.Table) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(table, self.folder / f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet")


def _dtype_spec(dtype: Any) -> dict:
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "dtype": "category",
            "categories": dtype.categories.tolist(),
            "ordered": bool(dtype.ordered),
        }
    return {"dtype": str(dtype)}


def _part_table(ids: np.ndarray, contents: np.ndarray, result: pd.DataFrame | None) -> pa.Table:
    if result is None or not len(result.columns):
        result = pd.DataFrame({"article_id": np.array([], dtype=object)})
    dtypes = {str(c): _dtype_spec(result[c].dtype) for c in result.columns}
    rows = pa.Table.from_pandas(result, preserve_index=False)
    at = pd.Index(ids, dtype=object).get_indexer(result["article_id"].to_numpy(dtype=object))
    if (at < 0).any():
        raise ValueError("rows whose article_id is not among the articles extracted")
    n = len(ids)
    columns = {
        **{
            f.name: pa.concat_arrays([rows.column(f.name).combine_chunks(), pa.nulls(n, f.type)])
            for f in rows.schema
        },
        "_article": pa.array(np.concatenate([ids[at], ids]).tolist(), type=pa.string()),
        "_content": pa.array(np.concatenate([contents[at], contents]), type=pa.uint64()),
        "_marker": pa.array(np.arange(rows.num_rows + n) >= rows.num_rows),
    }
    table = pa.table(columns)
    return table.replace_schema_metadata({_DTYPES: json.dumps(dtypes, ensure_ascii=False)})


def _restore(table: pa.Table, dtypes: dict) -> pd.DataFrame:
    """The rows of a part as pandas, with the dtypes the extractor gave them."""
    data = {}
    for name, spec in dtypes.items():
        column = table.column(name)
        kind = spec["dtype"]
        if kind == "object":  # keeps None as None (pandas would make str with NaN)
            values = column.to_numpy(zero_copy_only=False)
            data[name] = pd.Series(values, dtype=object, copy=False)  # no inference to str
        elif kind == "category":
            values = column.to_pandas()
            if isinstance(values.dtype, pd.CategoricalDtype):  # astype ignores the order
                values = values.cat.set_categories(spec["categories"], ordered=spec["ordered"])
            data[name] = values.astype(pd.CategoricalDtype(spec["categories"], spec["ordered"]))
        else:
            data[name] = column.to_pandas().astype(kind)
    return pd.DataFrame(data, copy=False)

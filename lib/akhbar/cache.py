"""A folder of Parquet files that spares re-parsing articles already loaded once.

``load_articles(source, cache=folder)`` uses :class:`CorpusCache`. Parsed
rows are keyed by the hash of their file's bytes, so a file that moved or was
touched without changing is not parsed again; a file whose size and
modification time match the manifest is not even re-read. Each load that
parsed new files appends one Parquet part; parts are merged when they pile
up. Load options (format, fields, encoding) get their own sub-folder.

Layout of ``folder/<options hash>/``: ``manifest.parquet`` (``path``,
``size``, ``mtime_ns``, ``digest``), ``articles/part-*.parquet`` and
``problems/part-*.parquet``, each row carrying its file's ``file_digest``.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.corpus import file_digest, read_bytes
from akhbar.frames import STRING_COLUMNS

__all__ = ["CACHE_VERSION", "CorpusCache"]

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
        self.folder = Path(folder) / name
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

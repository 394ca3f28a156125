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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.corpus import file_digest
from akhbar.frames import STRING_COLUMNS

__all__ = ["CACHE_VERSION", "CorpusCache"]

CACHE_VERSION = 1
#: merge the parts of a cache when there are more than this many
MAX_PARTS = 16


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return file_digest(file.read())
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
        self.manifest: dict[str, tuple[int, int, str]] = {}
        manifest = self.folder / "manifest.parquet"
        if manifest.exists():
            table = pq.read_table(manifest)
            self.manifest = dict(
                zip(
                    table["path"].to_pylist(),
                    zip(
                        table["size"].to_pylist(),
                        table["mtime_ns"].to_pylist(),
                        table["digest"].to_pylist(),
                        strict=True,
                    ),
                    strict=True,
                )
            )
        self.stats: dict[int, tuple[int, int]] = {}
        self.digests: dict[int, str] = {}

    def _parts(self, kind: str) -> list[Path]:
        folder = self.folder / kind
        return sorted(folder.glob("part-*.parquet")) if folder.exists() else []

    def lookup(self, files: list[tuple]) -> tuple[dict, list[tuple], list[tuple]]:
        """Split ``files`` into cached rows and problems, and the files left to parse."""
        known = {digest for _, _, digest in self.manifest.values()}
        wanted: dict[str, list[tuple[int, str, str]]] = {}  # digest -> [(file_no, path, rel)]
        missing = []
        for file in files:
            no, name, rel, _ = file
            try:
                stat = os.stat(name)
            except OSError:
                missing.append(file)
                continue
            self.stats[no] = (stat.st_size, stat.st_mtime_ns)
            entry = self.manifest.get(name)
            if entry is not None and entry[:2] == (stat.st_size, stat.st_mtime_ns):
                digest = entry[2]
            else:
                digest = _digest(name)
            if digest is not None and digest in known:
                wanted.setdefault(digest, []).append((no, name, rel))
                self.digests[no] = digest
            else:
                missing.append(file)
        return self._read(wanted), self._read_problems(wanted), missing

    def _read(self, wanted: dict[str, list[tuple[int, str, str]]]) -> dict:
        parts = self._parts("articles")
        if not wanted or not parts:
            return _empty_chunk()
        table = _select(pq.read_table(parts, memory_map=True), wanted)
        table, files = _expand(table, wanted)
        file_no = np.array([f[0] for f in files], dtype="int64")
        path = [f[1] for f in files]
        rel = [f[2] for f in files]
        ids = table["article_id"].to_numpy(zero_copy_only=False).astype(object)
        cached_rel = table["rel"].to_pylist()
        moved = [i for i, (a, b) in enumerate(zip(rel, cached_rel, strict=True)) if a != b]
        if moved:  # the article_id hashes the path relative to the loaded root
            records = table["record"].take(moved).to_pylist()
            titles = table["title"].take(moved).to_pylist()
            bodies = table["body"].take(moved).to_pylist()
            for i, record, title, body in zip(moved, records, titles, bodies, strict=True):
                identity = f"{rel[i]}\0{record}\0{title}\0{body}"
                ids[i] = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
        chunk = {c: table[c] for c in STRING_COLUMNS if c != "source_path"}
        chunk["source_path"] = pa.chunked_array([pa.array(path, type=pa.large_string())])
        chunk["article_id"] = ids
        chunk["published_at"] = table["published_at"].to_numpy().astype("datetime64[ns]")
        chunk["n_paragraphs"] = table["n_paragraphs"].to_numpy()
        chunk["n_words"] = table["n_words"].to_numpy()
        chunk["title_key"] = np.array(table["title_key"].to_pylist(), dtype="S12")
        chunk["file_no"] = file_no
        return chunk

    def _read_problems(self, wanted: dict[str, list[tuple[int, str, str]]]) -> list[tuple]:
        parts = self._parts("problems")
        if not wanted or not parts:
            return []
        table = _select(pq.read_table(parts, memory_map=True), wanted)
        table, files = _expand(table, wanted)
        rows = zip(
            files,
            table["record"].to_pylist(),
            table["problem"].to_pylist(),
            table["raw"].to_pylist(),
            strict=True,
        )
        return [(f[1], record, problem, raw, f[0]) for f, record, problem, raw in rows]

    def save(self, files: list[tuple], chunks: list[dict], problems: list[tuple]) -> None:
        """Store the rows and problems of newly parsed ``files`` and update the manifest."""
        digests = dict(self.digests)
        new: dict[int, str] = {}
        for chunk in chunks:
            new.update(chunk.get("digests", {}))
        digests.update(new)
        # one copy of the rows of each content: the first file that has it, unless cached
        known = {digest for _, _, digest in self.manifest.values()}
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
                    "file_digest": [digests[p[-1]] for p in rows],
                    "record": [p[1] for p in rows],
                    "problem": [p[2] for p in rows],
                    "raw": pa.array([p[3] for p in rows], type=pa.large_string()),
                }
            )
            _write(problem_table, self.folder / "problems" / name)
        for no, name_, _, _ in files:
            if no in digests and no not in self.stats:
                try:
                    stat = os.stat(name_)
                    self.stats[no] = (stat.st_size, stat.st_mtime_ns)
                except OSError:
                    continue
        paths = {no: name_ for no, name_, _, _ in files}
        for no, digest in digests.items():
            if no in self.stats and no in paths:
                self.manifest[paths[no]] = (*self.stats[no], digest)
        if files or len(self._parts("articles")) > MAX_PARTS:
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


def _select(table: pa.Table, wanted: dict) -> pa.Table:
    """The rows of ``table`` whose file is wanted (all of them, most of the time)."""
    digests = table["file_digest"]
    if set(digests.unique().to_pylist()) <= wanted.keys():
        return table
    return table.filter(pc.is_in(digests, pa.array(list(wanted))))


def _expand(table: pa.Table, wanted: dict) -> tuple[pa.Table, list[tuple[int, str, str]]]:
    """Rows repeated for every wanted file with their content, and those files in row order."""
    digests = table["file_digest"].to_pylist()
    if all(len(wanted[d]) == 1 for d in set(digests)):
        return table, [wanted[d][0] for d in digests]
    rows, files = [], []
    for i, d in enumerate(digests):
        for file in wanted[d]:
            rows.append(i)
            files.append(file)
    return table.take(pa.array(rows, type=pa.int64())), files


def _chunk_table(chunk: dict, keep: set[int]) -> pa.Table:
    digests = chunk["digests"]
    columns = {c: chunk[c] for c in STRING_COLUMNS if c != "source_path"}
    columns["article_id"] = pa.array(list(chunk["article_id"]), type=pa.string())
    columns["published_at"] = pa.array(chunk["published_at"])
    columns["n_paragraphs"] = pa.array(chunk["n_paragraphs"])
    columns["n_words"] = pa.array(chunk["n_words"])
    columns["title_key"] = pa.array(chunk["title_key"].tolist(), type=pa.binary())
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
    chunk["file_no"] = np.array([], dtype="int64")
    return chunk

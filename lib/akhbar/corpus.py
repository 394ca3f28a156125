r"""Reading articles in every supported format into one tidy pandas table.

:func:`load_articles` finds the files (:mod:`akhbar.files`), decodes them
(:mod:`akhbar.encodings`), parses each with the parser for its format
(:mod:`akhbar.formats`, :mod:`akhbar.tables`) in a pool of processes for large
loads, and builds one row per article (:mod:`akhbar.frames`). Nothing is lost
on the way: every defect is a row of ``articles.attrs["problems"]``. Options
add a Parquet cache (:mod:`akhbar.cache`), near-duplicates
(:mod:`akhbar.duplicates`) and a lazy dask DataFrame.
:func:`split_paragraphs` (from :mod:`akhbar.paragraphs`) turns articles into
one row per paragraph.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> text = "عنوان\n\nمقدمة\nالأربعاء 2021/04/21\nتعليق\n\nفقرة أولى\n\nفقرة ثانية\n\n4\n"
>>> _ = (folder / "001.txt").write_text(text, encoding="utf-8")
>>> articles = load_articles(folder)
>>> articles.loc[0, ["title", "caption", "published_at", "label"]].tolist()
['عنوان', 'تعليق', Timestamp('2021-04-21 00:00:00'), '4']
>>> articles.loc[0, "body"].split("\n")
['فقرة أولى', 'فقرة ثانية']
"""

from __future__ import annotations

import ast
import contextlib
import gc
import hashlib
import multiprocessing
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

import numpy as np
import pandas as pd
import pyarrow as pa

from akhbar.encodings import NotText, decode, raw_utf8
from akhbar.files import iter_files
from akhbar.formats import parse_plain, parse_times, parse_trec, parse_trec_bytes
from akhbar.frames import PROBLEM_COLUMNS, STRING_COLUMNS, build_frame, problem_frame
from akhbar.keys import edge_spaces, fingerprints, line_counts, word_counts
from akhbar.paragraphs import split_paragraphs

__all__ = ["COLUMNS", "PROBLEM_COLUMNS", "ArticleError", "load_articles", "split_paragraphs"]

#: the columns of an articles table, in order
COLUMNS = (
    "article_id",
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
    "published_at",
    "label",
    "n_paragraphs",
    "n_words",
    "duplicate_of",
)
FORMATS = ("auto", "plain", "trec", "json", "jsonl", "csv", "parquet")
#: files whose name says they document a corpus rather than hold articles
_DOC_NAME_RE = re.compile(
    r"^(readme|licen[cs]e|copying|notice|provenance|changelog|changes|authors|citation)"
    r"([._-].*)?$",
    re.I,
)
_TEXT_SUFFIXES = {"", ".txt", ".text", ".xml", ".trec", ".sgml", ".doc"}
_TABLE_SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: show a progress bar above this many files
PROGRESS_MIN_FILES = 300
#: parse in worker processes from this many files on
POOL_MIN_FILES = 2000


class ArticleError(ValueError):
    """A problem in an article file, raised when ``errors="raise"``."""


#: suffixes of markup files: without a ``<DOC>`` record they hold no article
_MARKUP_SUFFIXES = {".xml", ".trec", ".sgml"}
#: a ``<DOC>`` record opening a line (any case): what makes a text file TREC
_DOC_TAG_RE = re.compile(r"^[ \t\ufeff]*<doc(?:>|\s)", re.I | re.M)


def _detect_format(suffix: str, text: str) -> str:
    """The format of a decoded text file, from its content.

    TREC when a line opens with a ``<DOC>`` tag (any case) in the first 4,000
    characters or the suffix is a markup one; any other ``<``, such as a title
    that quotes HTML, leaves the file plain text.

    >>> _detect_format(".txt", "<DOC>\\n<DOCNO>X</DOCNO>"), _detect_format("", "\\n <doc id=1>")
    ('trec', 'trec')
    >>> _detect_format(".txt", "<script>alert(1)</script> عنوان\\n\\nمقدمة")
    'plain'
    """
    if text.startswith("<DOC>") or suffix in _MARKUP_SUFFIXES:
        return "trec"
    if _DOC_TAG_RE.search(text, 0, 4000):
        return "trec"  # markup without <DOC> records is reported as holding no article
    return "plain"


# --- parsing one file -----------------------------------------------------------------


def _parse_file(name: str, explicit: bool, options: dict, data: bytes | None):
    """Records and problems of one file (its bytes when they could be read)."""
    fmt = options["format"]
    base = os.path.basename(name)
    suffix = os.path.splitext(base)[1].lower()
    if not explicit and fmt == "auto":
        if _DOC_NAME_RE.match(base):
            raw = _read_text(data)
            return [], [(name, "", "not an article: a documentation file, not loaded", raw)]
        if suffix not in _TEXT_SUFFIXES and suffix not in _TABLE_SUFFIXES:
            return [], [(name, "", f"not an article file: unsupported extension {suffix}", None)]
    if data is None:
        return [], [(name, "", "unreadable file", None)]
    if fmt == "auto":
        fmt = _TABLE_SUFFIXES.get(suffix, "auto")
    if fmt in ("json", "jsonl", "csv", "parquet"):
        from akhbar.tables import parse_table

        records, problems = parse_table(
            Path(name), fmt, fields=options["fields"], encoding=options["encoding"], data=data
        )
        return records, [(name, r, p, raw) for r, p, raw in problems]
    try:
        text, _ = decode(data, encoding=options["encoding"])
    except NotText as error:
        return [], [(name, "", f"not an article: {error}", None)]
    detected = fmt == "auto"
    if detected:
        fmt = _detect_format(suffix, text)
    parser = parse_trec if fmt == "trec" else parse_plain
    records, problems = parser(text)
    if detected and not records and fmt == "trec" and suffix not in _MARKUP_SUFFIXES:
        records, problems = parse_plain(text)  # a <doc> line, but no record: read it as text
    raws = {r["record"]: r["raw"] for r in records}
    return records, [(name, r, p, raws.get(r, text)) for r, p in problems]


def _read_text(data: bytes | None) -> str | None:
    try:
        return decode(data)[0] if data is not None else None
    except NotText:
        return None


def _fast_row(name: str, explicit: bool, options: dict, data: bytes | None) -> tuple | None:
    """The row of a usual one-record TREC file read from its bytes, or ``None``.

    Only where :func:`_parse_file` would decode the bytes unchanged and parse
    them as TREC. The row ends with the text of ``<TIME>``: the chunk reads
    the times, validates the text as UTF-8 and strips non-ASCII spaces
    (:func:`_settle_fast_rows`).
    """
    if data is None or options["encoding"] is not None or parse_trec is not _parse_trec:
        return None  # (a parse_trec replaced, e.g. by a test, is used for every file)
    if options["format"] == "auto":
        base = os.path.basename(name)
        suffix = os.path.splitext(base)[1].lower()
        if suffix in _TABLE_SUFFIXES:
            return None
        if not explicit and (suffix not in _TEXT_SUFFIXES or _DOC_NAME_RE.match(base)):
            return None
        if not data.startswith(b"<DOC>") and suffix not in _MARKUP_SUFFIXES:
            return None
    elif options["format"] != "trec":
        return None
    if not raw_utf8(data):
        return None
    row = parse_trec_bytes(data)
    if row is None:
        return None
    record, outlet, url, title, author, lede, body, label, time = row
    return (record, outlet, url, title, author, lede, b"", b"", body, label, time)


_parse_trec = parse_trec
#: the fields of a row, in order: text fields, then ``published_at``
_ROW_FIELDS = (*(c for c in STRING_COLUMNS if c != "source_path"), "published_at")
#: text fields whose lines are stripped one by one (the others are stripped whole)
_LINE_FIELDS = ("lede", "dateline", "caption", "body")


def _parse_safely(name: str, explicit: bool, options: dict, data: bytes | None):
    try:
        return _parse_file(name, explicit, options, data)
    except Exception as error:  # a parser bug must not stop the load: report it
        raw = _read_text(data)
        return [], [(name, "", f"parser error: {type(error).__name__}: {error}", raw)]


def _text_columns(rows: list[tuple], only=None) -> dict[str, pa.Array]:
    """The text fields of ``rows`` (``bytes`` or ``str`` values) as Arrow binary arrays.

    >>> columns = _text_columns([(b"a", "\u0628", *[b""] * 9), (b"bc", b"", *[b""] * 9)])
    >>> columns["record"].to_pylist(), columns["outlet"].to_pylist()
    ([b'a', b'bc'], [b'\xd8\xa8', b''])
    """
    fields = list(zip(*rows, strict=True)) if rows else [()] * len(_ROW_FIELDS)
    return {
        c: _binary(fields[at]) for at, c in enumerate(_ROW_FIELDS[:-1]) if only is None or c in only
    }


def _binary(values: tuple) -> pa.Array:
    """Bytes as one Arrow array built from their concatenation (str values: ``pa.array``)."""
    try:
        data = b"".join(values)
    except TypeError:  # some values are str (files parsed as text)
        return pa.array(values, type=pa.large_binary())
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)), out=offsets[1:])
    return pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(values), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


#: the text fields of rows read from bytes, stripped whole or line by line (their dateline
#: and caption are empty)
_FAST_FIELDS = {
    False: ("record", "outlet", "url", "title", "author", "label"),
    True: ("lede", "body"),
}


def _settle_fast_rows(rows: list[tuple], fast: list[int], text: dict) -> tuple[set, set[int]]:
    """Make the rows read from bytes what decoding would have given, in place.

    Their times are read. A row whose time cannot be read or whose bytes are
    not UTF-8 is left for the slow path (returned), so is one whose body is
    empty once non-ASCII spaces are stripped; fields that start or end (or
    have a line that does) with such a space are stripped as ``str``. Returns
    the columns that changed, and the rows to parse again.
    """
    again: set[int] = set()
    changed: set[str] = set()
    if not fast:
        return changed, again
    for i, stamp in zip(fast, parse_times([rows[i][-1] for i in fast]), strict=True):
        if stamp is None:
            again.add(i)  # an unreadable date is a problem, with the file's text
        else:
            rows[i] = (*rows[i][:-1], stamp)
    for column in (*_FAST_FIELDS[False], *_FAST_FIELDS[True]):
        try:
            text[column].view(pa.large_string()).validate(full=True)
        except pa.ArrowInvalid:
            again.update(i for i in fast if not _utf8(rows[i]))
            break
    is_fast = np.zeros(len(rows), dtype=bool)
    is_fast[fast] = True
    short = pa.concat_arrays([text[c] for c in _FAST_FIELDS[False]])  # one call for them all
    flagged = [
        *zip(_FAST_FIELDS[False], edge_spaces(short).reshape(-1, len(rows)), strict=True),
        *((c, edge_spaces(text[c], lines=True)) for c in _FAST_FIELDS[True]),
    ]
    for column, column_flags in flagged:
        lines = column in _FAST_FIELDS[True]
        at = _ROW_FIELDS.index(column)
        for i in np.flatnonzero(column_flags & is_fast).tolist():
            if i in again:
                continue
            row = list(rows[i])
            row[at] = _strip_spaces(row[at], lines=lines)
            rows[i] = tuple(row)
            changed.add(column)
            if column == "body" and not row[at]:
                again.add(i)  # an empty body is a problem, with the file's text
    return changed, again


#: what opens or ends a space ``str.strip()`` strips and ``bytes.strip()`` keeps, in UTF-8
_SPACE_HEADS = frozenset(bytes([b]) for b in (0x1C, 0x1D, 0x1E, 0x1F, 0xC2, 0xE1, 0xE2, 0xE3))
_SPACE_ENDINGS = tuple(
    chr(c).encode() for c in range(0x3001) if chr(c).isspace() and not chr(c).encode().isspace()
)


def _strip_spaces(value: bytes, *, lines: bool) -> bytes:
    """UTF-8 text stripped of ASCII whitespace (line by line), stripped as ``str.strip`` would.

    >>> _strip_spaces("\\u00a0a\\n\\u2009\\nb".encode(), lines=True).decode()
    'a\\nb'
    """
    if not lines:
        return value.decode().strip().encode()
    kept = []
    for line in value.split(b"\n"):
        if line[:1] in _SPACE_HEADS or line.endswith(_SPACE_ENDINGS):
            line = line.decode().strip().encode()
        if line:
            kept.append(line)
    return b"\n".join(kept)


def _utf8(row: tuple) -> bool:
    try:
        for value in row[:-1]:
            value.decode()
    except UnicodeDecodeError:
        return False
    return True


def _parse_chunk(files: list[tuple[int, str, str, bool]], options: dict):
    """Parse a chunk of files into columns (runs in worker processes).

    Text columns come back as Arrow arrays, so that the parent process only
    concatenates buffers instead of converting millions of Python strings.
    The usual TREC file is read from its bytes without decoding it
    (:func:`_fast_row`); the others through :func:`_parse_file`. Each row and
    problem carries the number of its file in the load; with
    ``options["digests"]`` rows also carry the hash of their file's bytes.
    """
    rows: list[tuple] = []
    owners: list[int] = []  # the position in ``files`` of each row's file
    fast: list[int] = []  # rows read from bytes
    datas: dict[int, bytes] = {}  # their files' bytes, should they need parsing again
    problems: list[tuple] = []
    digests: dict[int, str] = {}
    for at, (no, name, _, explicit) in enumerate(files):
        try:
            data = read_bytes(name)
        except OSError as error:
            data = None
            problems.append((name, "", f"unreadable file: {error}", None, no))
        if options.get("digests") and data is not None:
            digests[no] = file_digest(data)
        row = _fast_row(name, explicit, options, data)
        if row is not None:
            fast.append(len(rows))
            datas[len(rows)] = data
            rows.append(row)
            owners.append(at)
            continue
        records, file_problems = _parse_safely(name, explicit, options, data)
        problems.extend((*p, no) for p in file_problems)
        rows.extend(tuple(r[c] for c in _ROW_FIELDS) for r in records)
        owners.extend([at] * len(records))
    text = _text_columns(rows)
    changed, again = _settle_fast_rows(rows, fast, text)
    if again:  # parse those files again the usual way, rows in file order
        kept_rows, kept_owners = [], []
        for i, (row, at) in enumerate(zip(rows, owners, strict=True)):
            if i not in again:
                kept_rows.append(row)
                kept_owners.append(at)
                continue
            no, name, _, explicit = files[at]
            records, file_problems = _parse_safely(name, explicit, options, datas[i])
            problems.extend((*p, no) for p in file_problems)
            kept_rows.extend(tuple(r[c] for c in _ROW_FIELDS) for r in records)
            kept_owners.extend([at] * len(records))
        rows, owners = kept_rows, kept_owners
    if again:
        text = _text_columns(rows)
    elif changed:
        text.update(_text_columns(rows, changed))
    arrays = {c: values.view(pa.large_string()) for c, values in text.items()}
    file_nos = [files[at][0] for at in owners]
    rels = [files[at][2] for at in owners]
    arrays["source_path"] = pa.array([files[at][1] for at in owners], type=pa.large_string())
    published = [row[-1] for row in rows]
    arrays["article_id"] = _article_ids(
        rels, [row[0] for row in rows], [row[3] for row in rows], [row[8] for row in rows]
    )
    arrays["published_at"] = np.array(
        [s if s else "NaT" for s in published], dtype="datetime64[ns]"
    )
    arrays["n_paragraphs"] = line_counts(arrays["body"])
    arrays["n_words"] = word_counts(arrays["body"])
    arrays["title_key"] = np.array(fingerprints(arrays["title"].to_pylist()), dtype="S12")
    arrays["file_no"] = np.array(file_nos, dtype="int64")
    if options.get("digests"):
        arrays["rel"] = rels
        arrays["digests"] = digests
    return arrays, problems


def read_bytes(path: str) -> bytes:
    """The bytes of a file, read with two system calls for a small file (no file object)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        pieces = []
        while piece := os.read(fd, _BLOCK):
            pieces.append(piece)
    finally:
        os.close(fd)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


_BLOCK = 1 << 16  # one read for nearly every article (a larger buffer costs more to allocate)


def _article_ids(rels: list[str], records: list, titles: list, bodies: list) -> list[str]:
    """16 hex digits of blake2b over ``rel NUL record NUL title NUL body`` (UTF-8).

    Fed piece by piece, so that no copy of the body is made; text read from
    bytes is hashed as it is, ``str`` values are encoded.

    >>> _article_ids(["a.txt"], [b""], ["عنوان"], [b"\\xd9\\x81"])
    ['e454aca0bf275594']
    """
    ids = []
    for rel, record, title, body in zip(rels, records, titles, bodies, strict=True):
        digest = hashlib.blake2b(rel.encode(), digest_size=8)
        for part in (record, title, body):
            digest.update(b"\0")
            digest.update(part if part.__class__ is bytes else part.encode())
        ids.append(digest.hexdigest())
    return ids


def file_digest(data: bytes) -> str:
    """The hash that keys a file's content in the cache."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_articles(
    source,
    *,
    format: str = "auto",
    fields: dict[str, str] | None = None,
    encoding: str | None = None,
    errors: str = "collect",
    progress: bool | None = None,
    workers: int | None = None,
    cache: str | os.PathLike | None = None,
    near_duplicates: bool = False,
    engine: str = "pandas",
    partition_files: int = 250,
) -> pd.DataFrame:
    """Load news articles from files into one row per article.

    Parameters
    ----------
    source
        A file, a folder (searched recursively; hidden files and folders such
        as ``.git`` are not looked at), a glob, or a list of these.
    format
        ``"auto"`` (per file: by extension, then by content), ``"plain"``
        (the layout of ``seeds/``), ``"trec"`` (``<DOC>`` records),
        ``"json"``, ``"jsonl"``, ``"csv"`` or ``"parquet"``.
    fields
        For tables: akhbar column -> the source's field name, e.g.
        ``{"published_at": "date_extracted", "body": "content"}``.
    encoding
        Force a text encoding; by default a byte-order mark, then UTF-8, then
        Windows-1256.
    errors
        ``"collect"`` (default): defects become rows of
        ``articles.attrs["problems"]`` and a warning summarises them;
        ``"raise"``: raise :class:`ArticleError` naming the file and reason.
    progress
        Show a progress bar (tqdm; the widget in Jupyter); by default when
        there are more than 300 files.
    workers
        Processes that parse files of loads over 2,000 files, this one
        included; by default 2 (or 1 on a one-core machine). The others are
        started for the load and end with it; they start from a fork server
        that stays for the session (about 55 MB of its own), except in a
        script without an ``if __name__ == "__main__":`` guard.
    cache
        A folder where parsed articles are kept as Parquet, keyed by each
        file's content (a file whose size and modification time did not
        change is not even re-read). Loading again parses only new or
        changed files. The extractors (``extract_actors``, ``extract_quotes``,
        ``tag_themes``, ``extract_dates``) keep their results there too
        (``articles.attrs["cache"]``), so a re-run extracts only new articles.
        The cache is only an accelerator: delete it any time.
    near_duplicates
        Add ``near_duplicate_of``: the ``article_id`` of an earlier article
        telling the same story with small edits (MinHash over word shingles).
    engine
        ``"pandas"`` (default) or ``"dask"``: a lazy dask DataFrame with one
        partition per ``partition_files`` files, for a cluster (see the README).
        A dask frame links duplicates only within a partition and has no
        problems table; ``cache`` and ``near_duplicates`` do not apply.
    partition_files
        Files per dask partition; 250 keeps each worker's memory modest.

    Returns
    -------
    DataFrame
        One row per article: ``article_id`` (16 hex digits hashing the path
        relative to the loaded root, ``record`` and the text: stable across
        runs and machines, unique within a load), ``source_path``, ``record``
        (DOCNO, JSON index or CSV row; empty for one-article files),
        ``outlet``, ``url``, ``title``, ``author``, ``lede``, ``dateline``,
        ``caption``, ``body`` (one paragraph per line), ``published_at``
        (tz-naive: the local time as the source wrote it, never converted),
        ``label`` (the source's own category), ``n_paragraphs``, ``n_words``
        (body, split on whitespace) and ``duplicate_of`` (for an article whose
        normalised title and body equal an earlier one's, that one's
        ``article_id``; both are kept).

    Notes
    -----
    Nothing disappears. ``articles.attrs["problems"]`` has one row per
    defect (``source_path``, ``record``, ``problem``, ``raw``): empty or
    binary files, files without a recognisable article, empty bodies,
    missing or unparseable dates, a dateline weekday that contradicts its date
    (the date is kept), malformed records (loaded with what they have). ``raw``
    holds the text of the defective record or file. Files found in a folder
    whose name marks them as documentation (README, LICENSE, NOTICE,
    PROVENANCE, ...) or whose extension is not an article format are not
    loaded as articles: each is a problem row, with its text in ``raw``.

    pandas keeps ``attrs`` through filters, ``merge`` and ``pd.concat`` of
    frames with the same problems; ``pd.concat`` of two different loads drops
    them (pass a list of sources to one call to keep one problems table).
    Clear ``articles.attrs`` before ``to_parquet``, which writes ``attrs`` as
    JSON, and save the problems table on its own with ``to_csv``; ``cache=``
    keeps both for you.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if errors not in ("collect", "raise"):
        raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")
    if fields is not None:
        from akhbar.tables import column_map

        column_map([], fields=fields)  # names unknown akhbar columns before any work
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    batches = _numbered(iter_files(source))
    if engine == "dask" or cache is not None:
        files = [found for batch in batches for found in batch]
    else:  # parsing starts while folders are still being read
        files = batches
    if engine == "dask":
        return _dask_frame(
            files,
            {"format": format, "fields": fields, "encoding": encoding},
            partition_files=partition_files,
        )
    options = {"format": format, "fields": fields, "encoding": encoding, "digests": bool(cache)}
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    store = None
    chunks: list[dict] = []
    problems: list[tuple] = []
    if cache is not None:
        from akhbar.cache import CorpusCache

        store = CorpusCache(cache, options)
        cached_chunk, cached_problems, files = store.lookup(files)
        chunks.append(cached_chunk)
        problems.extend(cached_problems)
        _check(cached_problems, errors)
    new_chunks, new_problems = [], []
    with _no_cycle_collection():  # parsing makes many small objects and no cycles
        parsed, ending = _run(files, options, progress=progress, workers=workers)
        try:
            for chunk_columns, chunk_problems in parsed:
                _check(chunk_problems, errors)
                new_chunks.append(chunk_columns)
                new_problems.extend(chunk_problems)
            problems.extend(new_problems)
            articles = build_frame(chunks + new_chunks)  # gives chunks the body keys to cache
        finally:
            ending.join()  # the workers have ended when the load returns
    if store is not None:
        store.save(files, new_chunks, new_problems)
    del chunks, new_chunks, parsed
    _release_memory()
    if near_duplicates:
        from akhbar.duplicates import near_duplicates as near

        articles["near_duplicate_of"] = near(articles).fillna(articles["duplicate_of"])
    articles.attrs["problems"] = problem_frame(problems)
    if cache is not None:  # the extractors keep their results beside the articles
        articles.attrs["cache"] = os.path.expanduser(os.fspath(cache))
    if problems:
        files_hit = len({p[0] for p in problems})
        warnings.warn(
            f"{len(problems)} problems in {files_hit} files while loading {len(articles)} "
            'articles; see articles.attrs["problems"]',
            stacklevel=2,
        )
    return articles


@contextlib.contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector (if it runs) while a load makes its rows.

    Each of the tens of thousands of rows is a new tuple, so the collector kept
    walking every object of the process, a notebook kernel's included: 2-5% of a
    whole-ANT load in a kernel. The rows hold no cycles; collection resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _release_memory() -> None:
    """Hand back to the system the memory that the chunks of a load held (glibc only).

    The pool's results arrive in a thread of this process, whose allocator
    arena keeps what it freed: without this, every load of a large corpus
    left this process tens of MB bigger.
    """
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018 (glibc's: musl has neither)
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


def _partition(files: list[tuple], options: dict) -> pd.DataFrame:
    """One dask partition: the articles of a few files (runs on a dask worker)."""
    arrays, _ = _parse_chunk(files, options)
    return build_frame([arrays])


def _dask_frame(files: list[tuple], options: dict, *, partition_files: int):
    import dask.dataframe as dd

    parts = [files[i : i + partition_files] for i in range(0, len(files), partition_files)]
    meta = build_frame([])
    if not parts:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_map(_partition, parts, args=[options], meta=meta, enforce_metadata=False)


def _check(problems: list[tuple], errors: str) -> None:
    if errors == "raise" and problems:
        path, record, problem = sorted(problems, key=lambda p: p[-1])[0][:3]
        where = f"{path}, record {record}" if record else path
        raise ArticleError(f"{where}: {problem}")


def _numbered(batches: Iterable[list[tuple]]) -> Iterator[list[tuple]]:
    """Batches of ``(path, rel, explicit)`` as ``(number in the load, path, rel, explicit)``."""
    no = 0
    for batch in batches:
        yield [(no + i, path, rel, explicit) for i, (path, rel, explicit) in enumerate(batch)]
        no += len(batch)


def _run(files, options, *, progress: bool | None, workers: int):
    """Parsed chunks of files, in order, and a thread to join once they are used.

    ``files`` is a list, or batches of files as folders are read. A large load
    is shared between this process and a pool of ``workers - 1`` others,
    started for the load and ended with it so that no worker holds memory
    afterwards (:func:`_shared`): the pool starts once 2,000 files are found,
    and this process parses chunks between reading folders and handing chunks
    to the pool. The pool ends in the returned thread, while this process
    builds the articles table.
    """
    if isinstance(files, list):
        listed, batches = files, iter(())
    else:
        listed, batches = [], iter(files)
        for batch in batches:
            listed.extend(batch)
            if len(listed) >= POOL_MIN_FILES:
                break
    pooled = workers > 1 and len(listed) >= POOL_MIN_FILES
    if not pooled:
        listed.extend(found for batch in batches for found in batch)
    # the pool first: its start method depends on the threads running (see _pool),
    # and a progress bar starts a monitor thread
    if pooled:
        fingerprints([""])  # its lookup table: this process needs it, forked workers share it
    pool = _pool(workers - 1) if pooled else None
    bar = None
    ending = threading.Thread(target=lambda: None)
    try:
        if pool is not None:
            results = _shared(pool, listed, batches, options, progress, ahead=3 * (workers - 1))
            ending = threading.Thread(target=pool.shutdown, daemon=True)
        else:
            bar = _bar(progress, len(listed))
            results = []
            for start in range(0, len(listed), CHUNK_FILES):
                chunk = listed[start : start + CHUNK_FILES]
                results.append(_parse_chunk(chunk, options))
                if bar is not None:
                    bar.update(len(chunk))
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    ending.start()
    return results, ending


def _bar(progress: bool | None, total: int):
    """A progress bar (the widget in Jupyter) when asked, or by default over 300 files."""
    if not (progress if progress is not None else total > PROGRESS_MIN_FILES):
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="file", desc="loading articles")


#: files per chunk of a load (fewer at the end of a pooled load, never fewer than the minimum)
CHUNK_FILES = 250
MIN_CHUNK_FILES = 32


def _chunk_size(left: int, *, listing: bool) -> int:
    """Files in the next chunk of a pooled load, with ``left`` files not yet handed out.

    While folders are still being read, full chunks only; then an eighth of
    what is left, so that chunks shrink towards the end and the pool and this
    process finish together.

    >>> sizes, left = [], 1200
    >>> while left:
    ...     sizes.append(_chunk_size(left, listing=False))
    ...     left -= sizes[-1]
    >>> sizes
    [150, 131, 114, 100, 88, 77, 67, 59, 51, 45, 39, 34, 32, 32, 32, 32, 32, 32, 32, 21]
    >>> _chunk_size(CHUNK_FILES - 1, listing=True), _chunk_size(1000, listing=True)
    (0, 250)
    """
    if listing:
        return CHUNK_FILES if left >= CHUNK_FILES else 0
    return min(left, max(MIN_CHUNK_FILES, min(CHUNK_FILES, left // 8)))


def _shared(pool: ProcessPoolExecutor, listed: list, batches, options: dict, progress, *, ahead):
    """Parse files in the pool and in this process; if the pool breaks, finish here.

    Chunks are cut in file order as work is handed out (:func:`_chunk_size`).
    The pool is kept ``ahead`` chunks busy; between hand-outs this process
    reads the next folder while there are folders left (``batches``), and
    parses the next chunk itself. The pool always gets the first chunk, so
    that a pool that cannot work is noticed. Parsers catch their own errors,
    so a broken pool means the workers could not run at all (e.g. a script
    without ``if __name__ == "__main__":`` when workers must be spawned): the
    load goes on, more slowly, and says why.
    """
    chunks: list[list] = []
    results: dict[int, tuple] = {}
    futures: dict[int, Future] = {}
    counted: set[int] = set()  # chunks counted on the progress bar
    titles = _SharedTitles()
    broken = False
    listing = True
    cut = 0  # listed[:cut] are in chunks
    bar = None

    def take() -> int | None:
        nonlocal cut
        size = _chunk_size(len(listed) - cut, listing=listing)
        if not size:
            return None
        chunks.append(listed[cut : cut + size])
        cut += size
        return len(chunks) - 1

    def done(i: int, result: tuple) -> None:
        results[i] = result
        titles.add(result[0])
        counted.add(i)
        if bar is not None:
            bar.update(len(chunks[i]))

    def feed() -> None:
        nonlocal broken
        busy = 0
        for i, future in futures.items():
            if not future.done():
                busy += 1
            elif i not in counted and future.exception() is None:
                done(i, future.result())
        while not broken and busy < ahead:
            i = take()
            if i is None:
                return
            try:
                futures[i] = pool.submit(_parse_chunk, chunks[i], options)
            except BrokenProcessPool:
                broken = True
                done(i, _parse_chunk(chunks[i], options))  # the chunk the pool refused
                return
            busy += 1

    try:
        while True:
            if listing:
                batch = next(batches, None)
                if batch is None:
                    listing = False
                    bar = _bar(progress, len(listed))
                    if bar is not None:
                        bar.update(sum(len(chunks[i]) for i in counted))
                else:
                    listed.extend(batch)
            feed()
            i = take()
            if i is not None:
                done(i, _parse_chunk(chunks[i], options))
            elif not listing:
                break
        for i, future in futures.items():
            if i in counted:
                continue
            try:
                done(i, future.result())
            except BrokenProcessPool as error:
                warnings.warn(
                    f"load_articles: worker processes failed ({error}); parsing the remaining "
                    "files in this process. In a script, put the load under "
                    '`if __name__ == "__main__":` or pass workers=1.',
                    stacklevel=4,
                )
                for j in futures:
                    if j not in counted:
                        done(j, _parse_chunk(chunks[j], options))
                break
    finally:
        if bar is not None:
            bar.update(bar.total - bar.n)
            bar.close()
    return [results[i] for i in range(len(chunks))]


class _SharedTitles:
    """Body fingerprints of the articles whose title another article shares, computed as chunks
    come in (while the pool still works) rather than by :func:`build_frame` at the end."""

    def __init__(self) -> None:
        self.first: dict[bytes, tuple[dict, int]] = {}  # title key -> its first article
        self.done: set[tuple[int, int]] = set()

    def add(self, chunk: dict) -> None:
        if "body_key" not in chunk:
            chunk["body_key"] = np.zeros(len(chunk["title_key"]), dtype="S12")
        todo: dict[int, tuple[dict, list[int]]] = {}
        for row, key in enumerate(chunk["title_key"].tolist()):
            seen = self.first.setdefault(key, (chunk, row))
            if seen[0] is not chunk or seen[1] != row:
                for owner, at in (seen, (chunk, row)):
                    if (id(owner), at) not in self.done:
                        self.done.add((id(owner), at))
                        todo.setdefault(id(owner), (owner, []))[1].append(at)
        for owner, rows in todo.values():
            bodies = owner["body"].take(pa.array(rows)).to_pylist()
            owner["body_key"][rows] = fingerprints(bodies)


def _pool(workers: int) -> ProcessPoolExecutor:
    """A process pool for one load.

    Workers start from a fork server that has imported akhbar and warmed
    its parsing (:mod:`akhbar._preload`): a small process, started once per
    session, so that a worker starts in milliseconds, ready to parse, and
    neither it nor this process pays for copying this process's memory page
    by page. Where the fork server would re-run a
    script (:func:`_reimport_safe`: a script without a ``__main__`` guard),
    workers are forked from this process instead, which a process running
    threads cannot do safely (a forked child can inherit a held lock), so
    there workers start from the fork server all the same (or by spawn where
    there is none) and an unguarded script falls back to parsing alone.
    Results come back through a pipe widened to 1 MB (:func:`_widen_results`).
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and (threading.active_count() > 1 or _reimport_safe()):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["akhbar._preload"])
    elif "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_keep_freed_memory)
    _widen_results(pool)
    return pool


def _keep_freed_memory() -> None:
    """Tell glibc's allocator, in a worker, to keep the memory it frees for the next chunk.

    A worker lives for one load. By default glibc handed freed memory back to
    the system after every chunk and faulted it in again for the next: about
    50,000 page faults and a sixth of a worker's CPU on the whole ANT corpus
    (5,000 faults with this). Runs in the workers only, never in the
    analyst's process.
    """
    if _LIBC is None:
        return
    _LIBC.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD: keep up to this much free above the heap
    _LIBC.mallopt(-2, 64 << 20)  # M_TOP_PAD: grow the heap this much at a time
    _LIBC.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD: blocks under this come from the heap


def _reimport_safe() -> bool:
    """Whether a worker started by a fork server or by spawn may import ``__main__`` again.

    Such a worker first imports the main module, to find what it defines: a
    notebook or an interactive session has none; a script is safe when it
    keeps its work under ``if __name__ == "__main__":`` (read from its source).
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path:
        return True
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return False
    if _GUARDED.get(path, (None,))[0] != stamp:
        _GUARDED[path] = (stamp, _has_main_guard(path))
    return _GUARDED[path][1]


_GUARDED: dict[str, tuple[int, bool]] = {}


def _has_main_guard(path: str) -> bool:
    """Whether a Python file has a top-level ``if __name__ == "__main__":``.

    >>> import tempfile
    >>> lines = ["import akhbar", "if __name__ == '__main__':", "    akhbar.load_articles('.')"]
    >>> with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    ...     _ = f.write("\\n".join(lines))
    >>> _has_main_guard(f.name), _has_main_guard(__file__)
    (True, False)
    """
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            sides = [node.test.left, *node.test.comparators]
            names = {n.id for n in sides if isinstance(n, ast.Name)}
            values = {n.value for n in sides if isinstance(n, ast.Constant)}
            if names == {"__name__"} and values == {"__main__"}:
                return True
    return False


def _widen_results(pool: ProcessPoolExecutor) -> None:
    """Let a worker hand back a chunk's columns (about 1 MB) without waiting for this process.

    A pipe holds 64 kB by default, so a worker sending a chunk waited until
    this process, busy parsing, got round to reading it. Linux only, and only
    where the pool's pipe can be found; otherwise nothing changes.
    """
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    resize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if writer is None or resize is None:
        return
    try:
        fcntl.fcntl(writer.fileno(), resize, _RESULT_PIPE_BYTES)
    except (OSError, ValueError):
        pass  # beyond the system's limit (/proc/sys/fs/pipe-max-size): keep the default


_RESULT_PIPE_BYTES = 1 << 20

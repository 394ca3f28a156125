"""Articles from table-shaped exports: JSON, JSON Lines, CSV and Parquet.

:func:`parse_table` maps each record's fields to akhbar's columns, by the
usual field names (:data:`DEFAULT_FIELDS`) or by an explicit ``fields=``
mapping, and returns records and problems like the parsers of
:mod:`akhbar.formats`.

>>> column_map(["Headline", "content", "date_extracted", "source"])
{'title': 'Headline', 'body': 'content', 'outlet': 'source'}
>>> column_map(["content", "date_extracted"], fields={"published_at": "date_extracted"})
{'published_at': 'date_extracted', 'body': 'content'}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

from akhbar.encodings import NotText, decode
from akhbar.formats import FIELDS, parse_time

__all__ = ["DEFAULT_FIELDS", "column_map", "parse_table"]

#: akhbar column -> field names recognised without ``fields=`` (case-insensitive, first wins)
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "record": ("docno", "id", "doc_id", "article_id", "uuid", "guid"),
    "title": ("title", "headline", "heading", "عنوان", "العنوان"),
    "body": ("body", "content", "text", "article", "article_body", "full_text", "story", "نص"),
    "lede": ("lede", "lead", "abstract", "summary", "description", "standfirst", "excerpt"),
    "dateline": ("dateline",),
    "caption": ("caption", "image_caption"),
    "published_at": (
        "published_at",
        "published",
        "date",
        "datetime",
        "pubdate",
        "pub_date",
        "publish_date",
        "date_published",
        "publication_date",
        "time",
        "timestamp",
        "created_at",
    ),
    "url": ("url", "link", "href", "permalink", "uri"),
    "outlet": ("outlet", "source", "publisher", "site", "src", "newspaper", "media"),
    "label": ("label", "category", "cat", "section", "topic", "class"),
    "author": ("author", "byline", "authors", "writer"),
}
_TARGETS = tuple(DEFAULT_FIELDS)
_CONTAINER_KEYS = ("articles", "data", "items", "records", "docs", "documents", "results", "rows")


def column_map(names: list[str], *, fields: dict[str, str] | None = None) -> dict[str, str]:
    """akhbar column -> source field, from ``fields`` first, then the usual names.

    Raises
    ------
    ValueError
        When ``fields`` names a column akhbar does not have.
    """
    fields = dict(fields or {})
    unknown = sorted(set(fields) - set(_TARGETS))
    if unknown:
        raise ValueError(
            f"fields= maps unknown akhbar columns {unknown}; expected some of {_TARGETS}"
        )
    lower = {}
    for name in names:
        lower.setdefault(str(name).strip().lower(), name)
    taken = set(fields.values())
    mapping = dict(fields)
    for target, candidates in DEFAULT_FIELDS.items():
        if target in mapping:
            continue
        for candidate in candidates:
            name = lower.get(candidate)
            if name is not None and name not in taken:
                mapping[target] = name
                taken.add(name)
                break
    return mapping


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _paragraphs(value) -> str:
    return "\n".join(line for line in (x.strip() for x in _text(value).split("\n")) if line)


def _timestamp(value) -> tuple[str | None, str | None]:
    """Naive ISO text of a date value and a problem, if any."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, dt.datetime):  # also pandas Timestamp: keep the local clock
        return value.replace(tzinfo=None).isoformat(), None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat(), None
    parsed = parse_time(str(value))
    if parsed is None:
        return None, f"unparseable date: {value!r}"
    return parsed, None


def _record(item, index: int, mapping: dict[str, str]) -> tuple[dict, list[str]]:
    fields = dict.fromkeys(FIELDS, "")
    fields["raw"] = None
    problems: list[str] = []
    if not isinstance(item, dict):
        fields["record"] = str(index)
        fields["body"] = _paragraphs(item) if isinstance(item, str) else ""
        problems.append(f"malformed record: expected an object, got {type(item).__name__}")
    else:
        for target, name in mapping.items():
            value = item.get(name)
            if target == "published_at":
                fields[target], problem = _timestamp(value)
                if problem:
                    problems.append(problem)
            elif target in ("body", "lede", "caption"):
                fields[target] = _paragraphs(value)
            else:
                fields[target] = " ".join(_text(value).split())
        fields["record"] = fields["record"] or str(index)
        if "published_at" not in mapping:
            fields["published_at"] = None
    if not fields["body"]:
        problems.append("empty body")
    if problems:
        fields["raw"] = json.dumps(item, ensure_ascii=False, default=str)
    return fields, problems


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _CONTAINER_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        values = list(data.values())
        if values and all(isinstance(v, dict) for v in values):  # {id: article, ...}
            return [{"id": k, **v} for k, v in data.items()]
        return [data]
    return [data]


def parse_table(
    path: Path,
    fmt: str,
    *,
    fields: dict[str, str] | None = None,
    encoding: str | None = None,
    data: bytes | None = None,
) -> tuple[list[dict], list[tuple[str, str, str | None]]]:
    """Parse one JSON, JSONL, CSV or Parquet file; return ``(records, problems)``.

    ``record`` is the record's ``id``-like field when there is one, else its
    position in the file (from 0). Problems are ``(record, problem, raw)``.
    ``data`` is the file's bytes when already read.
    """
    if data is None:
        data = path.read_bytes()
    problems: list[tuple[str, str, str | None]] = []
    items: list = []
    malformed: dict[int, str] = {}  # JSONL lines that are not JSON: kept as raw text
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq

            items = pq.read_table(io.BytesIO(data)).to_pylist()
        except Exception as error:  # any reader error becomes a problem row
            return [], [("", f"unreadable Parquet file: {error}", None)]
    else:
        try:
            text, _ = decode(data, encoding=encoding)
        except NotText as error:
            return [], [("", f"not an article: {error}", None)]
        if fmt == "json":
            try:
                items = _items(json.loads(text))
            except json.JSONDecodeError as error:
                return [], [("", f"malformed JSON: {error}", text)]
        elif fmt == "jsonl":
            for number, line in enumerate(text.split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as error:
                    problems.append(
                        (str(len(items)), f"malformed JSON on line {number}: {error}", line)
                    )
                    malformed[len(items)] = line
                    items.append(None)
        else:
            delimiter = "\t" if path.suffix.lower() == ".tsv" else None
            if delimiter is None:
                try:
                    delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
                except csv.Error:
                    delimiter = ","
            csv.field_size_limit(1 << 30)
            try:
                items = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
            except csv.Error as error:
                return [], [("", f"malformed CSV: {error}", text)]
    if not items:
        return [], [*problems, ("", "no article: the file holds no records", None)]
    names = sorted({k for item in items if isinstance(item, dict) for k in item if k is not None})
    mapping = column_map(names, fields=fields)
    for target, name in (fields or {}).items():
        if name not in names:
            problems.append(
                ("", f"field {name!r} (for {target}) not found; fields are {names}", None)
            )
    if "body" not in mapping and "title" not in mapping:
        problems.append(("", f"no title or body field among {names}; map them with fields=", None))
    records = []
    for index, item in enumerate(items):
        if index in malformed:  # a row with nothing parsed, its text kept as raw
            record = dict.fromkeys(FIELDS, "")
            record.update(record=str(index), published_at=None, raw=malformed[index])
            records.append(record)
            continue
        record, record_problems = _record(item, index, mapping)
        records.append(record)
        problems.extend((record["record"], p, record["raw"]) for p in record_problems)
    return records, problems

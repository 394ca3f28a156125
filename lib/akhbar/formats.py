"""Parsers for the article formats akhbar reads, one function per format.

Each parser takes the decoded text of one file and returns ``(records,
problems)``: ``records`` is a list of dicts with the akhbar fields (``record``,
``outlet``, ``url``, ``title``, ``author``, ``lede``, ``dateline``, ``caption``,
``body``, ``published_at`` as an ISO string or ``None``, ``label``), and
``problems`` a list of ``(record, problem)`` pairs. A record with a defect is
still returned with what it has, and its ``raw`` text is kept. Parsers never
raise on bad content: the loader decides what to do with problems.

>>> records, problems = parse_plain("عنوان\\n\\nمقدمة\\nالأربعاء 2021/04/21\\nتعليق\\n\\nفقرة\\n\\n4")
>>> records[0]["title"], records[0]["published_at"], records[0]["label"], problems
('عنوان', '2021-04-21T00:00:00', '4', [])
"""

from __future__ import annotations

import datetime as dt
import html
import re

import numpy as np

__all__ = [
    "FIELDS",
    "parse_dateline",
    "parse_plain",
    "parse_time",
    "parse_times",
    "parse_trec",
    "parse_trec_bytes",
]

#: the fields every parser fills (``raw`` only for defective records)
FIELDS = (
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
    "raw",
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: Arabic weekday names (normalised hamza forms accepted) -> Python weekday()
WEEKDAYS = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
    "الاحد": 6,
}
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_RE = re.compile(r"(?<!\d)(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?!\d)")
_DATELINE_RE = re.compile(
    r"^\s*(?:(?P<weekday>" + "|".join(WEEKDAYS) + r")\s*[،,]?\s*)?"
    r"(?P<date>[\d٠-٩۰-۹]{1,4}\s*[/.\-]\s*[\d٠-٩۰-۹]{1,2}\s*[/.\-]\s*[\d٠-٩۰-۹]{1,4})\s*$"
)
_LABEL_RE = re.compile(r"^[0-9٠-٩۰-۹]{1,3}$")


# --- dates ------------------------------------------------------------------------


def _ymd(a: str, b: str, c: str) -> dt.date:
    """Day, month and year in either order (year first when it has 4 digits)."""
    if len(a) == 4:
        return dt.date(int(a), int(b), int(c))
    day, month, year = int(a), int(b), int(c)
    if len(c) <= 2:
        year += 2000
    if month > 12 and day <= 12:  # month/day/year
        day, month = month, day
    return dt.date(year, month, day)


def parse_dateline(line: str) -> tuple[dt.date | None, str | None]:
    """Read a dateline such as ``الأربعاء 2021/04/21``; return ``(date, problem)``.

    Dates may use ``/``, ``-`` or ``.``, year first or last, Eastern Arabic
    digits. When the weekday contradicts the date, the date is kept and the
    mismatch is the problem.

    >>> parse_dateline("الأربعاء ٢١-٠٤-٢٠٢١")
    (datetime.date(2021, 4, 21), None)
    >>> parse_dateline("الخميس 2021.04.21")[1]
    'dateline weekday الخميس contradicts 2021-04-21 (a Wednesday)'
    >>> parse_dateline("2021/13/40")
    (None, 'unparseable date in dateline: 2021/13/40')
    """
    match = _DATELINE_RE.match(line)
    if match is None:
        return None, f"no date in dateline: {line}"
    ascii_date = match["date"].translate(_DIGITS)
    parts = _DATE_RE.search(ascii_date)
    try:
        date = _ymd(parts[1], parts[3], parts[4])
    except (ValueError, TypeError):
        return None, f"unparseable date in dateline: {match['date']}"
    weekday = match["weekday"]
    if weekday and WEEKDAYS[weekday] != date.weekday():
        return date, (
            f"dateline weekday {weekday} contradicts {date.isoformat()} "
            f"(a {_WEEKDAY_EN[date.weekday()]})"
        )
    return date, None


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_RFC2822_RE = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*(?:[+-]\d{4}|[A-Z]{1,5}))?\s*$"
)
_ISO_RE = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{1,5})?\s*$"
)
_DMY_RE = re.compile(
    r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def parse_time(value: str) -> str | None:
    """Read a timestamp in RFC 2822, ISO 8601 or dd/mm/yyyy; return naive ISO or ``None``.

    The clock time is kept as the source wrote it: a zone offset is dropped,
    not applied, so the date stays the outlet's own date.

    >>> parse_time("Sun, 15 Jul 2018 21:56:56 +0400")
    '2018-07-15T21:56:56'
    >>> parse_time("2018-07-15T21:56:56+04:00")
    '2018-07-15T21:56:56'
    >>> parse_time("15/07/2018")
    '2018-07-15T00:00:00'
    >>> parse_time("2018/07/15 09:30")
    '2018-07-15T09:30:00'
    >>> parse_time("yesterday") is None
    True
    """
    text = value if value.isascii() else value.translate(_DIGITS)
    match = _RFC2822_RE.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        month = _MONTHS.get(month.lower())
        if month is None:
            return None
        year = int(year) + (2000 if len(year) == 2 else 0)
        parts = (year, month, int(day))
    else:
        match = _ISO_RE.match(text) or _DMY_RE.match(text)
        if match is None:
            return None
        a, b, c, hour, minute, second = match.groups()
        parts = (int(a), int(b), int(c)) if len(a) == 4 else (int(c), int(b), int(a))
    try:
        stamp = dt.datetime(*parts, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return stamp.isoformat()


def parse_times(values: list[str]) -> list[str | None]:
    """:func:`parse_time` of many timestamps, the usual RFC 2822 layouts read with numpy.

    ``Sun, 15 Jul 2018 21:56:56 +0400`` and ``... GMT`` (any zone of three
    capitals) are read at once; other values one by one.

    >>> parse_times(["Sun, 15 Jul 2018 21:56:56 +0400", "Mon, 26 Feb 2018 02:20:10 GMT",
    ...              "Wed, 31 Feb 2018 02:20:10 GMT", "15/07/2018"])
    ['2018-07-15T21:56:56', '2018-02-26T02:20:10', None, '2018-07-15T00:00:00']
    """
    out: list[str | None] = [None] * len(values)
    usual = [
        i
        for i, value in enumerate(values)
        if (len(value) == 31 or len(value) == 29) and value.isascii()
    ]
    read = np.zeros(0, dtype=bool)
    if usual:
        texts = [values[i].ljust(31) for i in usual]
        codes = np.frombuffer("".join(texts).encode(), dtype=np.uint8).reshape(-1, 31)
        stamps, read = _rfc2822(codes)
        for i, stamp in zip(np.array(usual)[read].tolist(), stamps.tolist(), strict=True):
            out[i] = stamp
    done = set(np.array(usual, dtype=np.int64)[read].tolist()) if usual else set()
    for i, value in enumerate(values):
        if i not in done:
            out[i] = parse_time(value)
    return out


_MONTH_KEYS = np.array([(ord(m[0]) << 16) | (ord(m[1]) << 8) | ord(m[2]) for m in _MONTHS])
_MONTH_ORDER = np.argsort(_MONTH_KEYS)


def _rfc2822(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO stamps of the rows of ``codes`` (31 bytes each) in a usual RFC 2822 layout, and which
    rows those are (the others may hold any layout, or an impossible date)."""

    def letters(*cols: int) -> np.ndarray:
        lower = codes[:, cols] | 0x20
        return ((lower >= ord("a")) & (lower <= ord("z"))).all(axis=1)

    def capitals(*cols: int) -> np.ndarray:
        part = codes[:, cols]
        return ((part >= ord("A")) & (part <= ord("Z"))).all(axis=1)

    def digits(*cols: int) -> np.ndarray:
        part = codes[:, cols]
        return ((part >= ord("0")) & (part <= ord("9"))).all(axis=1)

    def number(*cols: int) -> np.ndarray:
        value = np.zeros(len(codes), dtype=np.int64)
        for col in cols:
            value = value * 10 + codes[:, col] - ord("0")
        return value

    def char(col: int, text: str) -> np.ndarray:
        return codes[:, col] == ord(text)

    layout = letters(0, 1, 2) & char(3, ",") & char(4, " ") & digits(5, 6) & char(7, " ")
    layout &= letters(8, 9, 10) & char(11, " ") & digits(12, 13, 14, 15) & char(16, " ")
    layout &= digits(17, 18) & char(19, ":") & digits(20, 21) & char(22, ":") & digits(23, 24)
    layout &= char(25, " ")
    offset = (char(26, "+") | char(26, "-")) & digits(27, 28, 29, 30)
    zone = capitals(26, 27, 28) & char(29, " ") & char(30, " ")  # 29 characters, padded
    layout &= offset | zone
    lower = (codes[:, 8:11] | 0x20).astype(np.int64)
    keys = (lower[:, 0] << 16) | (lower[:, 1] << 8) | lower[:, 2]
    at = np.searchsorted(_MONTH_KEYS[_MONTH_ORDER], keys).clip(0, 11)
    month = np.where(_MONTH_KEYS[_MONTH_ORDER][at] == keys, _MONTH_ORDER[at] + 1, 0)
    day, year = number(5, 6), number(12, 13, 14, 15)
    hour, minute, second = number(17, 18), number(20, 21), number(23, 24)
    first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    length = (first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")
    valid = layout & (month > 0) & (year > 0) & (day >= 1) & (day <= length.astype(np.int64))
    valid &= (hour < 24) & (minute < 60) & (second < 60)
    stamps = (
        first[valid].astype("datetime64[D]").astype("datetime64[s]")
        + (day[valid] - 1) * 86400
        + hour[valid] * 3600
        + minute[valid] * 60
        + second[valid]
    )
    return np.datetime_as_string(stamps, unit="s"), valid


# --- the plain-text layout of seeds/ ----------------------------------------------


def _blocks(text: str) -> list[list[str]]:
    """Non-empty stripped lines grouped by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _empty_record(record: str = "") -> dict:
    fields = dict.fromkeys(FIELDS, "")
    fields["record"] = record
    fields["published_at"] = None
    fields["raw"] = None
    return fields


def parse_plain(text: str, *, record: str = "") -> tuple[list[dict], list[tuple[str, str]]]:
    """Parse the plain-text layout of ``seeds/``: one article per file.

    Layout: title; blank line; lede; dateline (weekday and date); caption;
    blank line; body paragraphs separated by blank lines; optionally a last
    line holding only a category number (the ``label``). Every line of a body
    block is a paragraph. The dateline is looked for in the first three blocks;
    lines before it are the lede, lines after it in its block the caption.
    Without a dateline everything after the title is body, and that is a problem.
    """
    blocks = _blocks(text)
    problems: list[tuple[str, str]] = []
    if not blocks:
        return [], [(record, "no article: the file holds no text")]
    fields = _empty_record(record)
    last = blocks[-1]
    if len(blocks) > 1 and len(last) == 1 and _LABEL_RE.match(last[0]):
        fields["label"] = last[0].translate(_DIGITS)
        blocks = blocks[:-1]
    head = blocks[0]
    fields["title"] = head[0]
    rest = [head[1:], *blocks[1:]] if len(head) > 1 else blocks[1:]
    dateline_at = None
    for b, block in enumerate(rest[:2]):
        for i, line in enumerate(block):
            if len(line) < 60 and _DATELINE_RE.match(line):
                dateline_at = (b, i)
                break
        if dateline_at:
            break
    if dateline_at is None:
        body = [line for block in rest for line in block]
        problems.append((record, "no dateline: no line with a date before the body"))
    else:
        b, i = dateline_at
        lede = [line for block in rest[:b] for line in block] + rest[b][:i]
        fields["lede"] = "\n".join(lede)
        fields["dateline"] = rest[b][i]
        fields["caption"] = "\n".join(rest[b][i + 1 :])
        body = [line for block in rest[b + 1 :] for line in block]
        date, problem = parse_dateline(fields["dateline"])
        if date is not None:
            fields["published_at"] = dt.datetime(date.year, date.month, date.day).isoformat()
        if problem:
            problems.append((record, problem))
    fields["body"] = "\n".join(body)
    if not body:
        problems.append((record, "empty body"))
    if problems:
        fields["raw"] = text
    return [fields], problems


# --- TREC-style <DOC> records (ANT) ---------------------------------------------

_TREC_TAGS = ("DOCNO", "URL", "SRC", "CAT", "TITLE", "TIME", "AUTHOR", "ABSTRACT", "TEXT")
_TREC_TARGET = {
    "DOCNO": "record",
    "URL": "url",
    "SRC": "outlet",
    "CAT": "label",
    "TITLE": "title",
    "AUTHOR": "author",
    "ABSTRACT": "lede",
    "TEXT": "body",
}
_OPEN_RE = re.compile(r"<(" + "|".join(_TREC_TAGS) + r")>")


def _doc_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of every ``<DOC>`` body: up to ``</DOC>``, the next ``<DOC>`` or
    the end of the text."""
    spans = []
    start = text.find("<DOC>")
    while start >= 0:
        following = text.find("<DOC>", start + 5)
        close = text.find("</DOC>", start + 5)
        if close >= 0 and (following < 0 or close < following):
            spans.append((start + 5, close, True))
        else:
            spans.append((start + 5, following if following >= 0 else len(text), False))
        start = following
    return spans


def _outside(text: str, spans: list[tuple[int, int, bool]]) -> str:
    """The non-blank text before, between and after the ``<DOC>`` records."""
    pieces, cursor = [], 0
    for start, stop, closed in spans:
        pieces.append(text[cursor : start - 5].strip())
        cursor = stop + 6 if closed else stop
    pieces.append(text[cursor:].strip())
    return " ".join(piece for piece in pieces if piece)


#: a record with every tag once, in the usual order, closed, and no ``<`` inside a field
_CANONICAL_RE = re.compile(
    r"\s*" + r"\s*".join(f"<{tag}>([^<]*)</{tag}>" for tag in _TREC_TAGS) + r"\s*"
)
#: a file holding one such record and nothing else
_SINGLE_RE = re.compile(r"\s*<DOC>" + _CANONICAL_RE.pattern + r"</DOC>\s*")
_OPEN_TAGS = tuple((tag, f"<{tag}>", f"</{tag}>", len(tag) + 2) for tag in _TREC_TAGS)


def _trec_fields(text: str, start: int, stop: int) -> tuple[dict[str, str], list[str]]:
    """The tagged fields of the record in ``text[start:stop]``; a field not closed runs to the
    next tag. Tags are looked for in their usual order first, from where the last one ended."""
    opens = []
    cursor = start
    for tag, opening, _, _ in _OPEN_TAGS:
        at = text.find(opening, cursor, stop)
        if at < 0 and cursor > start:  # out of the usual order
            at = text.find(opening, start, stop)
        if at >= 0:
            opens.append((at, tag))
            cursor = max(cursor, at)
    opens.sort()
    found: dict[str, str] = {}
    defects: list[str] = []
    for i, (at, tag) in enumerate(opens):
        end = at + len(tag) + 2
        limit = opens[i + 1][0] if i + 1 < len(opens) else stop
        close = text.find(f"</{tag}>", end, limit)
        if close < 0:
            defects.append(f"<{tag}> not closed")
            close = limit
        found[tag] = text[end:close]
    return found, defects


_ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return _ENTITY_RE.sub(lambda m: html.unescape(m[0]), text)


def _lines(text: str) -> str:
    """One stripped non-empty line per paragraph.

    >>> _lines("\\n  فقرة أولى \\t\\n\\n\\u00a0فقرة ثانية\\n")
    'فقرة أولى\\nفقرة ثانية'
    """
    if "\n" not in text:
        return text.strip()
    return "\n".join(filter(None, [line.strip() for line in text.split("\n")]))


def _canonical_record(match: re.Match) -> dict:
    """The fields of a record matched by ``_CANONICAL_RE``."""
    values = match.groups()
    if "&" in match[0]:
        values = [_unescape(value) for value in values]
    docno, url, src, cat, title, _, author, abstract, body = values
    return {
        "record": docno.strip(),
        "outlet": src.strip(),
        "url": url.strip(),
        "title": title.strip(),
        "author": author.strip(),
        "lede": _lines(abstract),
        "dateline": "",
        "caption": "",
        "body": _lines(body),
        "published_at": None,
        "label": cat.strip(),
        "raw": None,
    }


def parse_trec(text: str, *, record: str = "") -> tuple[list[dict], list[tuple[str, str]]]:
    """Parse TREC-style ``<DOC>`` records with regexes (tolerates ill-formed XML).

    ``DOCNO`` becomes ``record``, ``SRC`` ``outlet``, ``CAT`` ``label``,
    ``ABSTRACT`` ``lede``, ``TEXT`` ``body`` (one paragraph a line), ``TIME``
    ``published_at`` (RFC 2822, ISO 8601 or dd/mm/yyyy, local clock kept).
    A field whose closing tag is missing runs to the next tag.

    >>> records, problems = parse_trec(
    ...     "<DOC><DOCNO>X-1</DOCNO><TITLE>عنوان & آخر</TITLE>"
    ...     "<TIME>Mon, 26 Feb 2018 02:20:10 GMT</TIME><TEXT>\\nفقرة\\n</TEXT></DOC>"
    ... )
    >>> records[0]["record"], records[0]["title"], records[0]["published_at"], problems
    ('X-1', 'عنوان & آخر', '2018-02-26T02:20:10', [])
    """
    records: list[dict] = []
    problems: list[tuple[str, str]] = []
    single = _SINGLE_RE.fullmatch(text)
    if single is not None:  # the usual file: one usual record and nothing else
        spans = [(text.find("<DOC>") + 5, text.rfind("</DOC>"), True)]
    else:
        spans = _doc_spans(text)
        outside = _outside(text, spans)
        if outside and spans:
            problems.append((record, f"text outside <DOC> records: {outside[:80]}"))
    for n, (start, stop, closed) in enumerate(spans):
        if single is not None:
            match = single
        else:
            match = _CANONICAL_RE.fullmatch(text, start, stop) if closed else None
        if match is not None:  # the usual record: one regex match instead of a tag search
            fields, time, defects = _canonical_record(match), match[6].strip(), []
        else:
            fields = _empty_record(f"{record}#{n}" if record else f"#{n}")
            found, defects = _trec_fields(text, start, stop)
            if not closed:
                defects.append("<DOC> not closed")
            for tag, target in _TREC_TARGET.items():
                value = found.get(tag)
                if value is not None:
                    value = _unescape(value)
                    fields[target] = _lines(value) if target in ("body", "lede") else value.strip()
            if "DOCNO" not in found:
                defects.append("no <DOCNO>")
            time = found.get("TIME", "").strip()
        name = fields["record"]
        if time:
            fields["published_at"] = parse_time(time)
            if fields["published_at"] is None:
                problems.append((name, f"unparseable date in <TIME>: {time}"))
        else:
            problems.append((name, "no date: <TIME> missing or empty"))
        if not fields["body"]:
            problems.append((name, "empty body"))
        problems.extend((name, f"malformed record: {d}") for d in defects)
        if defects or not fields["body"]:
            fields["raw"] = text[start - 5 : stop + 6 if closed else stop]
        records.append(fields)
    if not records:
        problems.append((record, "no article: no <DOC> record found"))
    return records, problems


#: ``_SINGLE_RE`` over bytes, where ``\s`` is ASCII whitespace only: a match here is a
#: match of ``_SINGLE_RE`` over the decoded text, with the same groups
_SINGLE_BYTES_RE = re.compile(_SINGLE_RE.pattern.encode())


def _byte_lines(text: bytes) -> bytes:
    """:func:`_lines` over UTF-8 bytes, stripping ASCII whitespace only."""
    if b"\n" not in text:
        return text.strip()
    return b"\n".join(filter(None, [line.strip() for line in text.split(b"\n")]))


def parse_trec_bytes(data: bytes) -> tuple | None:
    """The record of a file holding one usual, defect-free TREC record, read from its bytes.

    The fast path of :func:`parse_trec` for the common file, without decoding
    it: ``(record, outlet, url, title, author, lede, body, label, time)``,
    the text fields as UTF-8 bytes stripped of ASCII whitespace only, ``time``
    the text of ``<TIME>``. ``None`` when the file needs :func:`parse_trec`
    (entities, an unusual record, no body, no time). The caller checks what
    bytes cannot tell: that the text is UTF-8 (:func:`akhbar.encodings.raw_utf8`
    and a validation), that no field starts or ends with a non-ASCII space
    (:func:`akhbar.keys.edge_spaces`), and that the time can be read
    (:func:`parse_times`).

    >>> parse_trec_bytes(
    ...     b"<DOC><DOCNO>X-1</DOCNO><URL>u</URL><SRC>s</SRC><CAT>c</CAT><TITLE> t </TITLE>"
    ...     b"<TIME>15/07/2018</TIME><AUTHOR></AUTHOR><ABSTRACT></ABSTRACT>"
    ...     b"<TEXT>\\n a \\n\\n b\\n</TEXT></DOC>\\n"
    ... )
    (b'X-1', b's', b'u', b't', b'', b'', b'a\\nb', b'c', '15/07/2018')
    >>> parse_trec_bytes(b"<DOC><DOCNO>X-1</DOCNO></DOC>") is None
    True
    """
    if b"&" in data:
        return None
    match = _SINGLE_BYTES_RE.fullmatch(data)
    if match is None:
        return None
    docno, url, src, cat, title, time, author, abstract, body = match.groups()
    body = _byte_lines(body)
    if not body:
        return None
    try:
        time = time.decode().strip()
    except UnicodeDecodeError:
        return None
    if not time:
        return None
    lede = _byte_lines(abstract)
    return (
        docno.strip(),
        src.strip(),
        url.strip(),
        title.strip(),
        author.strip(),
        lede,
        body,
        cat.strip(),
        time,
    )

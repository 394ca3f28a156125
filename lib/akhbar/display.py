"""Right-to-left tables for Arabic data in JupyterLab, and drill-down to the evidence.

JupyterLab has no right-to-left support for tables and strips ``<style>`` from
untrusted outputs, so :func:`show` writes plain HTML whose direction is set by
the ``dir="rtl"`` attribute, which the sanitiser keeps. Article text is untrusted
input: every value is HTML-escaped, so a title holding ``<script>`` displays as
text and nothing read from a corpus is ever executed.

>>> import pandas as pd
>>> table = show(pd.DataFrame({"name": ["تبون"], "n_mentions": [1234]}))
>>> 'dir="rtl"' in table._repr_html_() and "1,234" in table._repr_html_()
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

__all__ = ["Table", "evidence", "show"]

ELLIPSIS = "\u2026"


class Table:
    """A DataFrame ready for display: right-to-left HTML in Jupyter, plain text elsewhere.

    Built by :func:`show`; holds a copy of the shown rows in ``data`` and the
    HTML in ``html``.
    """

    def __init__(self, data: pd.DataFrame, html_text: str, text: str) -> None:
        self.data = data
        self.html = html_text
        self._text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self._text

    def __len__(self) -> int:
        return len(self.data)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _format_number(value: Any, *, percent: bool, digits: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Integral):
        return f"{int(value):,}"
    number = float(value)
    if percent:
        return f"{number * 100:,.{max(digits - 1, 0)}f}%"
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.{digits}f}"


def _format_date(value: pd.Timestamp) -> str:
    if value.hour == value.minute == value.second == 0 and value.microsecond == 0:
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def _format_value(value: Any, *, percent: bool, digits: int) -> str:
    """Readable text for one value (no HTML)."""
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | ExtensionArray):
        return "، ".join(_format_value(v, percent=percent, digits=digits) for v in value)
    if _is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return _format_date(value)
    if isinstance(value, Real):
        return _format_number(value, percent=percent, digits=digits)
    return str(value)


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _is_share(name: str, series: pd.Series) -> bool:
    if not pd.api.types.is_float_dtype(series):
        return False
    lowered = str(name).lower()
    return lowered.startswith("share") or lowered.endswith("_share") or "share_" in lowered


def _cell(text: str, *, max_chars: int, mark: str = "") -> str:
    """Escaped cell content, truncated with the full text in a ``title`` attribute."""
    shown = text
    truncated = max_chars > 0 and len(text) > max_chars
    if truncated:
        shown = text[: max_chars - 1].rstrip() + ELLIPSIS
    at = shown.find(mark) if mark else -1
    if at >= 0:
        body = (
            html.escape(shown[:at])
            + "<mark>"
            + html.escape(mark)
            + "</mark>"
            + html.escape(shown[at + len(mark) :])
        )
    else:
        body = html.escape(shown)
    if truncated:
        return f'<span title="{html.escape(text, quote=True)}">{body}</span>'
    return body


def show(
    data: pd.DataFrame | pd.Series,
    *,
    max_chars: int = 80,
    max_rows: int = 50,
    columns: Iterable[str] | None = None,
    caption: str | None = None,
    digits: int = 2,
    mark: Mapping[str, str] | None = None,
) -> Table:
    """Display a table right to left with readable numbers and escaped, truncated text.

    Parameters
    ----------
    data : DataFrame or Series
        The table; it is not mutated.
    max_chars : int
        Longer texts are cut to this many characters; the full text shows on hover
        (``title`` attribute). 0 keeps every character.
    max_rows : int
        Rows shown; a note says how many there are in all.
    columns : iterable of str, optional
        Columns to show, in this order.
    caption : str, optional
        A caption above the table (escaped like the values).
    digits : int
        Decimals for floats. Columns named ``share...`` show as percentages.
    mark : mapping, optional
        ``{text_column: term_column}``: highlight each row's term inside its text,
        e.g. ``{"sentence": "surface"}`` for evidence tables.

    Returns
    -------
    Table
        Renders as HTML in Jupyter (``_repr_html_``) and as text elsewhere.

    Examples
    --------
    >>> import pandas as pd
    >>> titles = pd.DataFrame({"title": ["<script>alert(1)</script>"], "share": [0.25]})
    >>> html_text = show(titles)._repr_html_()
    >>> "<script>" in html_text, "&lt;script&gt;" in html_text, "25.0%" in html_text
    (False, True, True)
    >>> print(show(titles, max_chars=10))
         title share
    <script>a… 25.0%
    """
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"show() expects a pandas DataFrame or Series, got {type(data).__name__}")
    if columns is not None:
        columns = list(columns)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise KeyError(f"show(): columns {missing} not in the table {list(frame.columns)}")
        frame = frame[columns]
    n_total = len(frame)
    shown = frame.head(max_rows) if max_rows and max_rows > 0 else frame
    marks = dict(mark or {})
    # an index carries information when named or labelled; a shuffled row number does not
    with_index = (
        shown.index.name is not None
        or shown.index.nlevels > 1
        or not pd.api.types.is_integer_dtype(shown.index.dtype)
    )
    if with_index:
        shown = shown.reset_index()

    texts: dict[str, list[str]] = {}
    numeric: dict[str, bool] = {}
    for position, name in enumerate(shown.columns):
        series = shown.iloc[:, position]
        percent = _is_share(str(name), series)
        numeric[name] = _is_numeric(series)
        texts[name] = [_format_value(v, percent=percent, digits=digits) for v in series]

    header = "".join(f"<th>{html.escape(str(name))}</th>" for name in shown.columns)
    rows = []
    for i in range(len(shown)):
        cells = []
        for name in shown.columns:
            value = texts[name][i]
            if numeric[name]:
                cells.append(f'<td dir="ltr">{html.escape(value)}</td>')
                continue
            term = ""
            if name in marks and marks[name] in shown.columns:
                term_value = shown[marks[name]].iloc[i]
                term = "" if _is_missing(term_value) else str(term_value)
            # each text finds its own direction: Arabic right to left, an id such as
            # person:صبري-بوقادوم or a Latin name left to right, inside the RTL table
            cells.append(f'<td dir="auto">{_cell(value, max_chars=max_chars, mark=term)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    parts = ['<div dir="rtl" class="akhbar-table">', '<table dir="rtl">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append(f"<thead><tr>{header}</tr></thead>")
    parts.append("<tbody>" + "".join(rows) + "</tbody></table>")
    note = f"{len(shown):,} of {n_total:,} rows" if len(shown) < n_total else ""
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    parts.append("</div>")

    def short(text: str) -> str:
        if max_chars > 0 and len(text) > max_chars:
            return text[: max_chars - 1].rstrip() + ELLIPSIS
        return text

    plain = pd.DataFrame({name: [short(t) for t in texts[name]] for name in shown.columns})
    text = plain.to_string(index=False) if len(plain) else f"(empty table: {list(plain.columns)})"
    if caption:
        text = f"{caption}\n{text}"
    if note:
        text = f"{text}\n({note})"
    return Table(shown.copy(), "".join(parts), text)


def evidence(
    rows: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    paragraphs: pd.DataFrame | None = None,
    limit: int | None = 50,
) -> pd.DataFrame:
    """The sentences behind a chart row: each located row with its sentence and article.

    Parameters
    ----------
    rows : DataFrame
        Located rows with ``article_id`` and ``paragraph_no``, and ``start``/``end``
        character offsets into the paragraph when known (actor mentions, theme hits,
        dates, quotes), e.g. ``mentions[mentions["name"] == "عبدالمجيد تبون"]``.
    articles : DataFrame
        The articles the rows come from (``akhbar.load_articles``).
    paragraphs : DataFrame, optional
        ``akhbar.split_paragraphs(articles)`` when already computed.
    limit : int, optional
        At most this many rows (in reading order); None for all.

    Returns
    -------
    DataFrame
        ``article_id``, ``published_at``, ``outlet``, ``title``, ``paragraph_no``,
        ``surface`` (the matched text, when offsets are known) and ``sentence``.
        Neither input is mutated.

    Examples
    --------
    >>> import pandas as pd
    >>> articles = pd.DataFrame({"article_id": ["a"], "title": ["عنوان"], "outlet": [""],
    ...     "published_at": [pd.Timestamp("2021-04-21")]})
    >>> paragraphs = pd.DataFrame({"article_id": ["a"], "paragraph_no": [1],
    ...     "text": ["جملة أولى. قال تبون إن الأمن أولوية."]})
    >>> rows = pd.DataFrame({"article_id": ["a"], "paragraph_no": [1], "start": [15], "end": [19]})
    >>> evidence(rows, articles, paragraphs=paragraphs)[["surface", "sentence"]].iloc[0].tolist()
    ['تبون', 'قال تبون إن الأمن أولوية.']
    """
    from akhbar.text import sentences

    for column in ("article_id", "paragraph_no"):
        if column not in rows.columns:
            raise KeyError(
                f"evidence(): rows need an {column!r} column, found {list(rows.columns)}"
            )
    if paragraphs is None:
        import akhbar

        paragraphs = akhbar.split_paragraphs(articles)
    located = rows.dropna(subset=["article_id", "paragraph_no"])
    sort_by = [c for c in ("article_id", "paragraph_no", "start") if c in located.columns]
    located = located.sort_values(sort_by, kind="stable")
    if limit is not None:
        located = located.head(limit)
    texts = {
        (a, int(p)): t
        for a, p, t in zip(
            paragraphs["article_id"], paragraphs["paragraph_no"], paragraphs["text"], strict=True
        )
    }
    has_span = "start" in located.columns and "end" in located.columns
    out = []
    for row in located.itertuples(index=False):
        record = row._asdict()
        text = texts.get((record["article_id"], int(record["paragraph_no"])), "")
        surface, sentence = "", text
        if has_span and not _is_missing(record["start"]) and not _is_missing(record["end"]):
            start, end = int(record["start"]), int(record["end"])
            surface = text[start:end]
            for s, e in sentences(text):
                if s <= start < e:
                    sentence = text[s:e]
                    break
        elif "surface" in record and not _is_missing(record["surface"]):
            surface = str(record["surface"])
        out.append(
            {
                "article_id": record["article_id"],
                "paragraph_no": int(record["paragraph_no"]),
                "surface": surface,
                "sentence": sentence,
            }
        )
    found = pd.DataFrame(out, columns=["article_id", "paragraph_no", "surface", "sentence"])
    meta = [c for c in ("article_id", "published_at", "outlet", "title") if c in articles.columns]
    merged = found.merge(articles[meta], on="article_id", how="left")
    order = [*meta, "paragraph_no", "surface", "sentence"]
    return merged[order]

"""One row per paragraph: :func:`split_paragraphs` and the repeat detection behind it.

>>> import pandas as pd
>>> articles = pd.DataFrame({
...     "article_id": ["a1"], "title": ["عنوان"], "lede": [""], "dateline": [""],
...     "caption": [""], "body": ["فقرة أولى\\nفقرة أولى"],
... })
>>> split_paragraphs(articles)[["paragraph_no", "kind", "text", "repeat_of"]]
   paragraph_no   kind       text  repeat_of
0             0  title      عنوان       <NA>
1             1   body  فقرة أولى       <NA>
2             2   body  فقرة أولى          1
"""

from __future__ import annotations

import math

import pandas as pd

from akhbar.keys import match_keys

__all__ = ["KINDS", "repeats", "split_paragraphs"]

#: paragraph kinds in reading order (``pullquote`` is found among body lines)
KINDS = ("title", "lede", "dateline", "caption", "body", "pullquote")
_HEAD = ("title", "lede", "dateline", "caption")
#: a paragraph repeats another when this share of its words occurs there in one run
MIN_SHARE = 0.6
#: ... and it has at least this many words; pull quotes have at most MAX_QUOTE_WORDS
MIN_WORDS = 6
MAX_QUOTE_WORDS = 60


def _windows(words: list[str], m: int) -> list[str]:
    return [f" {' '.join(words[s : s + m])} " for s in range(len(words) - m + 1)]


def _find_window(windows: list[str], other: str) -> int:
    """The first offset in ``other`` (a key) where one of ``windows`` occurs, or -1."""
    padded = f" {other} "
    found = [at for at in (padded.find(w) for w in windows) if at >= 0]
    return min(found) if found else -1


def repeats(
    kinds: list[str], texts: list[str], *, keys: list[str] | None = None
) -> tuple[list[str], list[int | None]]:
    """Kinds and ``repeat_of`` for one article's paragraphs (see :func:`split_paragraphs`).

    >>> repeats(["lede", "body"], ["خبر عاجل من طرابلس", "خبر عاجل من طرابلس"])
    (['lede', 'body'], [None, 0])
    """
    kinds = list(kinds)
    keys = match_keys(texts) if keys is None else keys
    repeat_of: list[int | None] = [None] * len(texts)
    first: dict[str, int] = {}
    for no, key in enumerate(keys):
        if key in first:
            repeat_of[no] = first[key]
        elif key:
            first[key] = no
    n_words = [key.count(" ") + 1 if key else 0 for key in keys]
    candidates = [
        no
        for no, kind in enumerate(kinds)
        if repeat_of[no] is None
        and kind in ("lede", "caption", "body")
        and n_words[no] >= MIN_WORDS
        and (kind != "body" or n_words[no] <= MAX_QUOTE_WORDS)
    ]
    if not candidates:
        return kinds, repeat_of
    body = [no for no, kind in enumerate(kinds) if kind == "body" and repeat_of[no] is None]
    originals = {r for r in repeat_of if r is not None}
    joined = None
    for no in candidates:
        if no in originals:
            continue
        key = keys[no]
        n = n_words[no]
        m = math.ceil(MIN_SHARE * n)
        # every run of m of the n words covers the middle words: look for those first
        words = key.split(" ")
        core = " ".join(words[n - m : m])
        if kinds[no] == "body":
            others = [o for o in body if n_words[o] > n and core in keys[o]]
            if not others:
                continue
            windows = _windows(words, m)
            for other in others:
                if _find_window(windows, keys[other]) >= 0:
                    kinds[no], repeat_of[no] = "pullquote", other
                    break
            continue
        # a lede or caption taken from the body, possibly across two lines
        if joined is None:
            joined = " ".join(keys[b] for b in body)
        at = _find_window(_windows(words, m), joined) if core in joined else -1
        if at >= 0:
            end = 0
            for b in body:
                end += len(keys[b]) + 1
                if at < end:
                    repeat_of[no] = b
                    break
    return kinds, repeat_of


def split_paragraphs(articles: pd.DataFrame, *, include_repeats: bool = True) -> pd.DataFrame:
    """One row per paragraph of every article, in reading order.

    Parameters
    ----------
    articles
        An articles table (``article_id``, ``title``, ``lede``, ``dateline``,
        ``caption``, ``body`` with one paragraph per line). Not mutated.
    include_repeats : bool, keyword-only
        Keep the paragraphs that repeat another (default). The extractors pass
        False: their counts skip repeats, so a pull quote is not counted twice.

    Returns
    -------
    DataFrame
        ``article_id``, ``paragraph_no`` (from 0: title, lede, dateline,
        caption, then body lines; empty fields get no row), ``kind``
        (``title``, ``lede``, ``dateline``, ``caption``, ``body``,
        ``pullquote``), ``text`` and ``repeat_of`` (Int64, NA unless the
        paragraph repeats another of the same article).

    Notes
    -----
    Paragraphs are compared on normalised words (quotes, punctuation and
    spacing stripped). ``repeat_of`` is set in three cases, and downstream
    counts skip such paragraphs by default:

    - the same text twice (e.g. ANT's ABSTRACT repeating the first TEXT line):
      the later paragraph points to the earlier one;
    - a short body line (6 to 60 words) at least 60% of whose words occur,
      in one run, in a longer body paragraph is a pull quote: its kind
      becomes ``pullquote`` and it points to that body paragraph, even when
      the body paragraph comes later;
    - a lede or caption of 6 words or more taken the same way from the body
      (e.g. a truncated abstract) points to the body paragraph it starts in.
    """
    columns = {"article_id": [], "paragraph_no": [], "kind": [], "text": [], "repeat_of": []}
    fields = [articles[c].fillna("").astype(str).tolist() for c in (*_HEAD, "body")]
    sizes: list[int] = []
    for parts in zip(*fields, strict=True):
        n = len(columns["kind"])
        for kind, text in zip(_HEAD, parts[:4], strict=True):
            if text.strip():
                columns["kind"].append(kind)
                columns["text"].append(text)
        for line in parts[4].split("\n"):
            if line.strip():
                columns["kind"].append("body")
                columns["text"].append(line)
        sizes.append(len(columns["kind"]) - n)
    keys = match_keys(columns["text"])
    start = 0
    for article_id, n in zip(articles["article_id"].tolist(), sizes, strict=True):
        end = start + n
        kinds, repeat_of = repeats(
            columns["kind"][start:end], columns["text"][start:end], keys=keys[start:end]
        )
        columns["kind"][start:end] = kinds
        columns["article_id"].extend([article_id] * n)
        columns["paragraph_no"].extend(range(n))
        columns["repeat_of"].extend(repeat_of)
        start = end
    frame = pd.DataFrame(columns)
    frame["paragraph_no"] = frame["paragraph_no"].astype("int64")
    frame["repeat_of"] = pd.array(columns["repeat_of"], dtype="Int64")
    if not include_repeats:
        frame = frame[frame["repeat_of"].isna()].reset_index(drop=True)
    return frame

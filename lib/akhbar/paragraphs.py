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
import re

import pandas as pd

from akhbar.text import normalize

__all__ = ["KINDS", "repeats", "split_paragraphs"]

#: paragraph kinds in reading order (``pullquote`` is found among body lines)
KINDS = ("title", "lede", "dateline", "caption", "body", "pullquote")
_HEAD = ("title", "lede", "dateline", "caption")
_NON_WORD_RE = re.compile(r"[\W_]+")
#: a paragraph repeats another when this share of its words occurs there in one run
MIN_SHARE = 0.6
#: ... and it has at least this many words; pull quotes have at most MAX_QUOTE_WORDS
MIN_WORDS = 6
MAX_QUOTE_WORDS = 60


def _key(text: str) -> str:
    """Normalised words only: quotes, punctuation and spacing do not count."""
    return _NON_WORD_RE.sub(" ", normalize(text)).strip()


def _contained(words: list[str], other: str) -> bool:
    """Does a run of at least MIN_SHARE of ``words`` occur in ``other`` (a key)?"""
    n = len(words)
    m = math.ceil(MIN_SHARE * n)
    core = " ".join(words[n - m : m])  # every window of m words covers this core
    if core not in other:
        return False
    padded = f" {other} "
    return any(f" {' '.join(words[s : s + m])} " in padded for s in range(n - m + 1))


def repeats(kinds: list[str], texts: list[str]) -> tuple[list[str], list[int | None]]:
    """Kinds and ``repeat_of`` for one article's paragraphs (see :func:`split_paragraphs`).

    >>> repeats(["lede", "body"], ["خبر عاجل من طرابلس", "خبر عاجل من طرابلس"])
    (['lede', 'body'], [None, 0])
    """
    kinds = list(kinds)
    keys = [_key(t) for t in texts]
    repeat_of: list[int | None] = [None] * len(texts)
    first: dict[str, int] = {}
    for no, key in enumerate(keys):
        if key in first:
            repeat_of[no] = first[key]
        elif key:
            first[key] = no
    body = [no for no, kind in enumerate(kinds) if kind == "body"]
    if not body:
        return kinds, repeat_of
    originals = {r for r in repeat_of if r is not None}
    for no, kind in enumerate(kinds):
        if repeat_of[no] is not None or no in originals or kind not in ("lede", "caption", "body"):
            continue
        words = keys[no].split()
        if len(words) < MIN_WORDS or (kind == "body" and len(words) > MAX_QUOTE_WORDS):
            continue
        if kind == "body":
            for other in body:
                if other != no and len(keys[other].split()) > len(words):
                    if _contained(words, keys[other]):
                        kinds[no], repeat_of[no] = "pullquote", other
                        break
        else:  # a lede or caption taken from the body, possibly across two lines
            joined = " ".join(keys[b] for b in body)
            if _contained(words, joined):
                m = math.ceil(MIN_SHARE * len(words))
                at = min(
                    joined.find(" ".join(words[s : s + m]))
                    for s in range(len(words) - m + 1)
                    if " ".join(words[s : s + m]) in joined
                )
                end = 0
                for b in body:
                    end += len(keys[b]) + 1
                    if at < end:
                        repeat_of[no] = b
                        break
    return kinds, repeat_of


def split_paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of every article, in reading order.

    Parameters
    ----------
    articles
        An articles table (``article_id``, ``title``, ``lede``, ``dateline``,
        ``caption``, ``body`` with one paragraph per line). Not mutated.

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
    for article_id, *parts in zip(articles["article_id"].tolist(), *fields, strict=True):
        kinds: list[str] = []
        texts: list[str] = []
        for kind, text in zip(_HEAD, parts[:4], strict=True):
            if text.strip():
                kinds.append(kind)
                texts.append(text)
        for line in parts[4].split("\n"):
            if line.strip():
                kinds.append("body")
                texts.append(line)
        kinds, repeat_of = repeats(kinds, texts)
        n = len(texts)
        columns["article_id"].extend([article_id] * n)
        columns["paragraph_no"].extend(range(n))
        columns["kind"].extend(kinds)
        columns["text"].extend(texts)
        columns["repeat_of"].extend(repeat_of)
    frame = pd.DataFrame(columns)
    frame["paragraph_no"] = frame["paragraph_no"].astype("int64")
    frame["repeat_of"] = pd.array(columns["repeat_of"], dtype="Int64")
    return frame

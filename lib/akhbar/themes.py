"""Themes: what the coverage is about, with the evidence for every hit.

A theme is a lowercase English id (``security``, ``sport``, ...) with an
English and an Arabic label and a list of Arabic terms and phrases. The
built-in taxonomy ships as two CSV files under ``akhbar/data/themes/``
(``themes.csv`` and ``terms.csv``); :func:`load_theme_lexicon` reads it or an
analyst's own copy. Terms match on the normalised text through the light
stemmer in :mod:`akhbar.stem` (clitics and inflection, never raw substrings),
phrases match on consecutive words, the longest match wins within a theme,
and an ``exclude`` row of a theme cancels that theme's hits inside it (سوق
الانتقالات is sport, not economy).

>>> hits = tag_themes("أدان الوزير الهجوم الإرهابي وتهريب المخدرات")
>>> hits[["theme", "term", "surface"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['terrorism', 'إرهابي', 'الإرهابي'], ['organized_crime', 'تهريب', 'وتهريب'],
 ['organized_crime', 'مخدرات', 'المخدرات']]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from akhbar.parallel import dispatch
from akhbar.stem import lexicon_form, stem_candidates
from akhbar.text import normalize
from akhbar.topics import discover_topics, group_labels, key_terms

__all__ = [
    "HIT_COLUMNS",
    "discover_topics",
    "key_terms",
    "load_theme_lexicon",
    "tag_themes",
    "theme_shares",
    "top_themes",
]

HIT_COLUMNS = ["article_id", "paragraph_no", "theme", "term", "surface", "start", "end"]
LEXICON_COLUMNS = ["theme", "label_en", "label_ar", "kind", "term"]
_KINDS = ("term", "exclude")
_WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")
#: what may stand between the words of a phrase: spaces, quotes, a hashtag sign
_GAP = " \t\u00a0\"'#\u00ab\u00bb\u201c\u201d\u2018\u2019\u200c\u200d\u200e\u200f\u061c"
_THEME_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


# --- the lexicon -----------------------------------------------------------------


def _read_csv(file: Any) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file (a Path or a Traversable), blank and ``#`` lines skipped."""
    with file.open(encoding="utf-8", newline="") as handle:
        kept = [
            (number, line)
            for number, line in enumerate(handle, start=1)
            if line.strip() and not line.startswith("#")
        ]
    rows = csv.DictReader(line for _, line in kept)
    return [(kept[i + 1][0], row) for i, row in enumerate(rows)]


def load_theme_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Read a theme taxonomy: one row per term, in taxonomy order.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding ``themes.csv`` (``theme,label_en,label_ar``) and
        ``terms.csv`` (``theme,kind,term``; ``kind`` is ``term`` or
        ``exclude``). Lines starting with ``#`` are comments. Default: the
        built-in taxonomy. Copy its folder to edit or extend it.

    Returns
    -------
    pandas.DataFrame
        Columns ``theme, label_en, label_ar, kind, term``; ``theme`` is a
        categorical whose order is the order of ``themes.csv``.

    Examples
    --------
    >>> lexicon = load_theme_lexicon()
    >>> lexicon["theme"].cat.categories[:3].tolist()
    ['security', 'terrorism', 'organized_crime']
    >>> lexicon.loc[lexicon["term"] == "سوق الانتقالات", ["theme", "kind"]].values.tolist()
    [['economy', 'exclude'], ['sport', 'term']]
    """
    if path is None:
        folder: Any = resources.files("akhbar") / "data" / "themes"
        where = "akhbar/data/themes"
    else:
        folder, where = Path(path), str(path)
    for name in ("themes.csv", "terms.csv"):
        if not folder.joinpath(name).is_file():
            raise FileNotFoundError(f"{where}/{name}: expected a theme lexicon file")
    themes_rows = _read_csv(folder.joinpath("themes.csv"))
    terms_rows = _read_csv(folder.joinpath("terms.csv"))
    labels: dict[str, tuple[str, str]] = {}
    for line, row in themes_rows:
        theme = (row.get("theme") or "").strip()
        if not _THEME_ID_RE.match(theme):
            raise ValueError(
                f"{where}/themes.csv line {line}: field 'theme' must be a lowercase "
                f"English id such as 'organized_crime', got {theme!r}"
            )
        labels[theme] = ((row.get("label_en") or "").strip(), (row.get("label_ar") or "").strip())
    rows = []
    for line, row in terms_rows:
        theme, kind = (row.get("theme") or "").strip(), (row.get("kind") or "term").strip()
        term = (row.get("term") or "").strip()
        if theme not in labels:
            raise ValueError(
                f"{where}/terms.csv line {line}: field 'theme' is {theme!r}, "
                f"expected one of the ids in themes.csv"
            )
        if kind not in _KINDS:
            raise ValueError(
                f"{where}/terms.csv line {line}: field 'kind' is {kind!r}, expected one of {_KINDS}"
            )
        if not lexicon_form(term):
            raise ValueError(f"{where}/terms.csv line {line}: field 'term' is empty")
        rows.append((theme, *labels[theme], kind, term))
    frame = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(labels))
    return frame


def _as_lexicon(lexicon: Any) -> pd.DataFrame:
    if lexicon is None:
        return _builtin().frame
    if isinstance(lexicon, (str, Path)):
        return load_theme_lexicon(lexicon)
    if isinstance(lexicon, dict):
        rows = [(t, t, t, "term", term) for t, terms in lexicon.items() for term in terms]
        frame = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
        frame["theme"] = pd.Categorical(frame["theme"], categories=list(lexicon))
        return frame
    if isinstance(lexicon, pd.DataFrame):
        missing = {"theme", "term"} - set(lexicon.columns)
        if missing:
            raise ValueError(f"lexicon: missing column(s) {sorted(missing)}; expected theme, term")
        frame = lexicon.copy()
        if "kind" not in frame:
            frame["kind"] = "term"
        if not isinstance(frame["theme"].dtype, pd.CategoricalDtype):
            frame["theme"] = pd.Categorical(frame["theme"], categories=frame["theme"].unique())
        return frame
    raise TypeError(
        f"lexicon: expected None, a folder path, a dict or a DataFrame, got {type(lexicon)}"
    )


@dataclass
class _Compiled:
    frame: pd.DataFrame
    themes: list[str]
    #: first word form -> [(rest of the phrase, theme index, term, is_exclusion)]
    first: dict[str, list[tuple[tuple[str, ...], int, str, bool]]]
    #: word as printed -> (single-word entries, phrase entries) or None; word -> readings
    cache: dict[str, tuple[list, list] | None] = field(default_factory=dict)
    readings: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the words that start at least one entry
    starters: set[str] = field(default_factory=set)


def _compile(frame: pd.DataFrame) -> _Compiled:
    themes = [str(t) for t in frame["theme"].cat.categories]
    index = {t: i for i, t in enumerate(themes)}
    first: dict[str, list] = {}
    seen = set()
    for theme, kind, term in zip(frame["theme"], frame["kind"], frame["term"], strict=True):
        form = lexicon_form(term)
        key = (form, theme, kind)
        if not form or key in seen:
            continue
        seen.add(key)
        entry = (form[1:], index[theme], str(term).strip(), kind == "exclude")
        first.setdefault(form[0], []).append(entry)
    for entries in first.values():  # longest phrases first
        entries.sort(key=lambda e: -len(e[0]))
    return _Compiled(frame, themes, first)


_BUILTIN: list[_Compiled] = []


def _builtin() -> _Compiled:
    if not _BUILTIN:
        _BUILTIN.append(_compile(load_theme_lexicon()))
    return _BUILTIN[0]


# --- matching --------------------------------------------------------------------


def _entries(word: str, compiled: _Compiled) -> tuple[list, list] | None:
    """Lexicon entries a word can start: lone words on strict readings, phrases on loose ones."""
    norm = normalize(word)
    readings = stem_candidates(norm, loose=True)
    if compiled.first.keys().isdisjoint(readings):  # most words
        return None
    strict = stem_candidates(norm)
    singles, phrases = [], []
    # the least stripped reading first, so المخدرات is مخدرات rather than مخدر
    for candidate in sorted(readings, key=lambda c: (-len(c), c)):
        for rest, theme, term, exclude in compiled.first.get(candidate, ()):
            if rest:
                phrases.append((rest, theme, term, exclude))
            elif candidate in strict:
                singles.append((theme, term, exclude))
    return (singles, phrases) if singles or phrases else None


def _candidates(word: str, compiled: _Compiled) -> frozenset[str]:
    readings = compiled.readings.get(word)
    if readings is None:
        readings = compiled.readings[word] = stem_candidates(normalize(word), loose=True)
    return readings


def _match_paragraph(text: str, compiled: _Compiled) -> list[tuple[int, str, int, int]]:
    """Hits in one paragraph: (theme index, term, start, end), in reading order."""
    cache, starters = compiled.cache, compiled.starters
    pieces = _SPLIT_RE.split(text)  # gap, word, gap, word, ..., gap
    words = pieces[1::2]
    for word in set(words).difference(cache):  # each distinct word is read once
        entries = cache[word] = _entries(word, compiled)
        if entries is not None:
            starters.add(word)
    raw = []
    n_words = len(words)
    for i in [i for i, word in enumerate(words) if word in starters]:
        singles, phrases = cache[words[i]]
        for theme, term, exclude in singles:
            raw.append((theme, i, i + 1, term, exclude))
        if not phrases or i + 1 == n_words:
            continue
        following = _candidates(words[i + 1], compiled)
        for rest, theme, term, exclude in phrases:
            j = i + 1 + len(rest)
            if rest[0] not in following or j > n_words:
                continue
            if len(rest) > 1 and any(
                r not in _candidates(w, compiled)
                for r, w in zip(rest[1:], words[i + 2 : j], strict=True)
            ):
                continue
            raw.append((theme, i, j, term, exclude))
    if not raw:
        return []
    ends = list(accumulate(map(len, pieces)))  # word k spans ends[2k]:ends[2k + 1]
    spans = list(zip(ends[::2], ends[1::2], strict=False))
    if any(e - s > 1 for _, s, e, _, _ in raw):  # a phrase does not run across punctuation
        raw = [h for h in raw if h[2] - h[1] == 1 or _joined(text, spans, h[1], h[2])]
    raw.sort(key=lambda h: (h[0], h[1], h[1] - h[2]))
    kept, excluded, last = [], {}, (-1, -1)
    for theme, s, e, _term, exclude in raw:  # exclusions are kept apart
        if exclude:
            excluded.setdefault(theme, []).append((s, e))
    for theme, s, e, term, exclude in raw:  # per theme: leftmost longest, no overlap
        if exclude or (theme == last[0] and s < last[1]):
            continue
        if excluded and any(s < xe and xs < e for xs, xe in excluded.get(theme, ())):
            continue
        kept.append((s, theme, term, e))
        last = (theme, e)
    kept.sort()
    return [(theme, term, spans[s][0], spans[e - 1][1]) for s, theme, term, e in kept]


def _joined(text: str, spans: list[tuple[int, int]], first: int, end: int) -> bool:
    """True when words ``first`` to ``end - 1`` are separated by spaces, quotes or ``#`` only."""
    return all(not text[spans[k][1] : spans[k + 1][0]].strip(_GAP) for k in range(first, end - 1))


def _tag_texts(
    ids: list, nos: list, texts: list, compiled: _Compiled, *, id_dtype: Any = object
) -> pd.DataFrame:
    columns: dict[str, list] = {c: [] for c in HIT_COLUMNS}
    for article_id, no, text in zip(ids, nos, texts, strict=True):
        if not isinstance(text, str) or not text:
            continue
        for theme, term, start, end in _match_paragraph(text, compiled):
            columns["article_id"].append(article_id)
            columns["paragraph_no"].append(no)
            columns["theme"].append(theme)
            columns["term"].append(term)
            columns["surface"].append(text[start:end])
            columns["start"].append(start)
            columns["end"].append(end)
    hits = pd.DataFrame(columns)
    hits["article_id"] = hits["article_id"].astype(id_dtype)
    hits["term"] = hits["term"].astype("str")
    hits["surface"] = hits["surface"].astype("str")
    hits["theme"] = pd.Categorical.from_codes(
        pd.array(columns["theme"], dtype="int64"), categories=compiled.themes
    )
    for name in ("paragraph_no", "start", "end"):
        hits[name] = hits[name].astype("int64")
    return hits


def _paragraphs(articles: pd.DataFrame, *, include_repeats: bool = False) -> pd.DataFrame:
    from akhbar.corpus import split_paragraphs

    return split_paragraphs(articles, include_repeats=include_repeats)


def tag_themes(
    articles: pd.DataFrame | str,
    *,
    lexicon: Any = None,
    include_repeats: bool = False,
    n_jobs: int | None = None,
    cache: str | Path | bool | None = None,
) -> pd.DataFrame:
    """Find theme terms in every paragraph: one row per hit, with its evidence.

    Parameters
    ----------
    articles : DataFrame or str
        An articles table (see :func:`akhbar.load_articles`), split with
        :func:`akhbar.split_paragraphs`; or one plain string (``article_id``
        None, ``paragraph_no`` 0). Not modified.
    lexicon : optional
        None for the built-in taxonomy, a folder with ``themes.csv`` and
        ``terms.csv``, a DataFrame with ``theme``, ``term`` (and ``kind``)
        columns, or a dict ``{theme: [terms]}``.
    include_repeats : bool, keyword-only
        Also read paragraphs that repeat another of the same article; off by
        default, as in the other extractors.
    n_jobs : int or None, keyword-only
        Run on this many processes (``-1``: all cores) with
        :func:`akhbar.parallel.map_articles`; same rows as serial. A dask
        DataFrame of articles gives a lazy dask DataFrame (one task per partition).
    cache : folder, False or None, keyword-only
        Keep the results per article as Parquet in this folder and extract
        only the articles not there yet (see :mod:`akhbar.cache`); None uses
        the folder of ``load_articles(..., cache=)`` when the articles come
        from one, False never reads or writes a cache.

    Returns
    -------
    pandas.DataFrame
        ``article_id, paragraph_no, theme, term, surface, start, end``:
        ``term`` is the matched lexicon entry as written, ``surface``
        the text as printed, ``start``/``end`` character offsets into the
        paragraph's original text. ``theme`` is categorical in taxonomy order.

    Examples
    --------
    >>> tag_themes("فاز المنتخب بكأس العالم", lexicon={"sport": ["كأس العالم", "منتخب"]})
    ... # doctest: +NORMALIZE_WHITESPACE
      article_id  paragraph_no  theme        term      surface  start  end
    0       None             0  sport       منتخب      المنتخب      4   11
    1       None             0  sport  كأس العالم  بكأس العالم     12   23
    """
    if (
        elsewhere := dispatch(
            tag_themes,
            articles,
            n_jobs=n_jobs,
            cache=cache,
            lexicon=lexicon,
            include_repeats=include_repeats,
        )
    ) is not None:
        return elsewhere  # worker processes or dask partitions (akhbar.parallel)
    compiled = _builtin() if lexicon is None else _compile(_as_lexicon(lexicon))
    if isinstance(articles, str):
        return _tag_texts([None], [0], [articles], compiled)
    paragraphs = _paragraphs(articles, include_repeats=include_repeats)
    return _tag_texts(
        paragraphs["article_id"].tolist(),
        paragraphs["paragraph_no"].tolist(),
        paragraphs["text"].tolist(),
        compiled,
        id_dtype=paragraphs["article_id"].dtype,
    )


def top_themes(hits: pd.DataFrame) -> pd.DataFrame:
    """The theme with most hits in each article (ties go to the earlier theme in the taxonomy).

    Articles without hits have no row. Does not modify ``hits``.

    >>> top_themes(tag_themes("هجوم إرهابي وتفجير ومباراة"))
    ... # doctest: +NORMALIZE_WHITESPACE
      article_id      theme  n_hits
    0       None  terrorism       2
    """
    counts = (
        hits.assign(article_id=hits["article_id"].astype(object).fillna("\0none"))
        .groupby(["article_id", "theme"], observed=True)
        .size()
        .rename("n_hits")
        .reset_index()
    )
    counts["_order"] = counts["theme"].cat.codes
    counts = counts.sort_values(["article_id", "n_hits", "_order"], ascending=[True, False, True])
    top = counts.drop_duplicates("article_id").drop(columns="_order").reset_index(drop=True)
    top["article_id"] = top["article_id"].replace({"\0none": None})
    return top


def theme_shares(
    hits: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | None = None,
    include_repeats: bool = False,
) -> pd.DataFrame:
    """Share of articles and of paragraphs that touch each theme, overall or per group.

    Parameters
    ----------
    hits : DataFrame
        The output of :func:`tag_themes` on ``articles`` (same ``include_repeats``).
    articles : DataFrame
        The articles table: it gives the denominators (every article and
        paragraph counts, with or without hits) and the grouping column.
    by : str, optional
        A column of ``articles`` (``outlet``, ``label``, ...), or ``"week"`` or
        ``"month"``: the period of ``published_at`` (its first day).
    include_repeats : bool, keyword-only
        Also count paragraphs that repeat another (as :func:`tag_themes`).

    Returns
    -------
    pandas.DataFrame
        ``theme, [<by>], n_articles, share_articles, n_paragraphs,
        share_paragraphs``: one row per theme (per group), zeros included for
        themes present in ``hits``. Neither input is modified.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["هجوم إرهابي", "مباراة"]})
    >>> hits = pd.DataFrame({"article_id": ["a"], "paragraph_no": [0],
    ...                      "theme": pd.Categorical(["terrorism"])})
    >>> paragraphs = pd.DataFrame({"article_id": ["a", "b"], "paragraph_no": [0, 0]})
    >>> _shares(hits, articles, paragraphs, None)  # doctest: +NORMALIZE_WHITESPACE
           theme  n_articles  share_articles  n_paragraphs  share_paragraphs
    0  terrorism           1             0.5             1               0.5
    """
    paragraphs = _paragraphs(articles, include_repeats=include_repeats)
    return _shares(hits, articles, paragraphs, by)


def _shares(
    hits: pd.DataFrame, articles: pd.DataFrame, paragraphs: pd.DataFrame, by: str | None
) -> pd.DataFrame:
    key = by if by is not None else "_all"
    groups = group_labels(articles, by)
    group_of = pd.Series(groups.to_numpy(), index=articles["article_id"].to_numpy(), name=key)
    group_of = group_of[~group_of.index.duplicated()]
    themes = pd.Categorical(hits["theme"]).remove_unused_categories().categories
    n_art = group_of.value_counts(dropna=False)
    n_par = paragraphs["article_id"].map(group_of).value_counts(dropna=False)
    found = hits[["article_id", "paragraph_no", "theme"]].drop_duplicates()
    found = found[found["article_id"].isin(group_of.index)]
    found = found.assign(**{key: found["article_id"].map(group_of).to_numpy()})
    per_article = (
        found.drop_duplicates(["article_id", "theme"])
        .groupby(["theme", key], observed=True, dropna=False)
        .size()
    )
    per_paragraph = found.groupby(["theme", key], observed=True, dropna=False).size()
    grid = pd.MultiIndex.from_product([themes, n_art.index], names=["theme", key])
    out = pd.DataFrame(index=grid).reset_index()
    index = pd.MultiIndex.from_frame(out[["theme", key]])
    out["n_articles"] = per_article.reindex(index, fill_value=0).to_numpy().astype("int64")
    out["share_articles"] = out["n_articles"] / out[key].map(n_art).to_numpy(dtype=float)
    out["n_paragraphs"] = per_paragraph.reindex(index, fill_value=0).to_numpy().astype("int64")
    totals = out[key].map(n_par).fillna(0).to_numpy(dtype=float)
    out["share_paragraphs"] = np.divide(
        out["n_paragraphs"].to_numpy(), totals, out=np.zeros(len(out)), where=totals > 0
    )
    out["theme"] = pd.Categorical(out["theme"], categories=themes)
    out = out.sort_values([key, "theme"], kind="stable").reset_index(drop=True)
    return out.drop(columns="_all") if by is None else out

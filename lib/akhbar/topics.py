"""The vocabulary behind themes: distinctive terms per group and unsupervised topics.

:func:`key_terms` ranks the words and two- and three-word phrases that set a
group of articles (an outlet, a label, a theme) apart from the rest;
:func:`discover_topics` finds topics the taxonomy does not name. Both read the
normalised text (:func:`akhbar.normalize`) without Arabic stop words (package
data ``akhbar/data/themes/stopwords.txt``), and reduce a word carrying a
preposition or conjunction before its article to the article form
(وبالرياضة, للرياضة -> الرياضة) so phrases read as they are printed.

>>> article_terms("وقال وزير الخارجية إن وزير الخارجية زار الجزائر", ngrams=(2,))
['وزير الخارجية', 'وزير الخارجية', 'الخارجية زار', 'زار الجزائر']
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from akhbar.text import normalize

__all__ = ["article_terms", "discover_topics", "group_labels", "key_terms", "stop_words"]

_SEGMENT_RE = re.compile(r"[.,;:!?()\[\]{}\"'\u00ab\u00bb\u201c\u201d\u060c\u061b\u061f\u2026\n-]+")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_CLITIC_ARTICLE_RE = re.compile(
    r"^[\u0648\u0641]?(?:[\u0628\u0643\u0644]?\u0627\u0644|\u0644\u0644)(?=..)"
)
_ARTICLE = "\u0627\u0644"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The Arabic stop words, normalised (package data ``stopwords.txt``).

    >>> "الي" in stop_words() and "وزير" not in stop_words()
    True
    """
    file = resources.files("akhbar") / "data" / "themes" / "stopwords.txt"
    lines = file.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=200_000)
def _word(token: str) -> str:
    return _CLITIC_ARTICLE_RE.sub(_ARTICLE, token)


def article_terms(text: str, *, ngrams: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """Normalised words and phrases of ``text``, stop words out, phrases within clauses.

    A phrase is a run of consecutive words between punctuation marks with no
    stop word inside.

    >>> article_terms("فاز المنتخب، وللمنتخب جمهور", ngrams=(1, 2))
    ['فاز', 'المنتخب', 'فاز المنتخب', 'المنتخب', 'جمهور', 'المنتخب جمهور']
    """
    stops = stop_words()
    out: list[str] = []
    for segment in _SEGMENT_RE.split(normalize(text)):
        words = [_word(w) for w in _WORD_RE.findall(segment)]
        for n in ngrams:
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if any(w in stops for w in gram):
                    continue
                out.append(" ".join(gram))
    return out


def _article_texts(articles: pd.DataFrame) -> pd.DataFrame:
    from akhbar.corpus import split_paragraphs

    paragraphs = split_paragraphs(articles, include_repeats=False)
    texts = paragraphs.groupby("article_id", sort=False)["text"].agg("\n".join)
    return articles[["article_id"]].join(texts, on="article_id").fillna({"text": ""})


def group_labels(articles: pd.DataFrame, by: str | None) -> pd.Series:
    """The group of each article: ``"all"``, a column's value, or the first day of its week or month.

    A column of ``articles`` named ``week`` or ``month`` wins over the period of
    ``published_at``.

    >>> articles = pd.DataFrame({"published_at": pd.to_datetime(["2021-04-21"])})
    >>> group_labels(articles, "month").tolist()
    [Timestamp('2021-04-01 00:00:00')]
    """
    if by is None:
        return pd.Series("all", index=articles.index)
    if by in ("week", "month") and by not in articles:
        if "published_at" not in articles:
            raise KeyError(f"articles: by={by!r} needs a 'published_at' column")
        period = "W" if by == "week" else "M"
        return articles["published_at"].dt.to_period(period).dt.start_time
    if by not in articles:
        raise KeyError(f"articles: no column {by!r} to group by (nor 'week' or 'month')")
    return articles[by]


def key_terms(
    articles: pd.DataFrame, *, by: str | None = None, top: int = 20, min_count: int = 5
) -> pd.DataFrame:
    """The distinctive words and 2-3-word phrases of each group of articles.

    With ``by``, each group is compared with all the others by the weighted
    log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and
    Quinn 2008, the corpus counts as prior): ``score`` is its z-score, high
    when the group uses a term more than the rest. Without ``by`` there is one
    group, ``"all"``, and ``score`` is the share of articles using the term.

    Parameters
    ----------
    articles : DataFrame
        An articles table (not modified); paragraphs that repeat are skipped.
    by : str, optional
        A column (``outlet``, ``label``, ...) or ``"week"`` / ``"month"`` of ``published_at``.
    top : int
        Terms kept per group.
    min_count : int
        Ignore terms seen fewer times in the whole table.

    Returns
    -------
    pandas.DataFrame
        ``group, term, score, n`` (``n``: occurrences in the group), best first.
    """
    texts = _article_texts(articles)
    groups = group_labels(articles, by).to_numpy()
    counts: dict[object, Counter] = {}
    docs: dict[object, Counter] = {}
    for group, text in zip(groups, texts["text"], strict=True):
        terms = article_terms(text)
        counts.setdefault(group, Counter()).update(terms)
        docs.setdefault(group, Counter()).update(set(terms))
    total = Counter()
    for counter in counts.values():
        total.update(counter)
    vocab = [t for t, n in total.items() if n >= min_count]
    prior = np.array([total[t] for t in vocab], dtype=float)
    rows = []
    n_docs = pd.Series(groups).value_counts()
    for group, counter in counts.items():
        y_group = np.array([counter.get(t, 0) for t in vocab], dtype=float)
        if by is None:
            score = np.array([docs[group].get(t, 0) for t in vocab]) / n_docs[group]
        else:
            y_rest = prior - y_group
            a0, n_g, n_r = prior.sum(), y_group.sum(), y_rest.sum()
            delta = np.log((y_group + prior) / (n_g + a0 - y_group - prior)) - np.log(
                (y_rest + prior) / (n_r + a0 - y_rest - prior)
            )
            score = delta / np.sqrt(1 / (y_group + prior) + 1 / (y_rest + prior))
        best = np.argsort(-score, kind="stable")[:top]
        rows.extend((group, vocab[i], float(score[i]), int(y_group[i])) for i in best)
    out = pd.DataFrame(rows, columns=["group", "term", "score", "n"])
    return out.sort_values(["group", "score"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def discover_topics(
    articles: pd.DataFrame,
    *,
    n_topics: int = 10,
    top: int = 10,
    n_articles: int = 5,
    random_state: int = 0,
) -> pd.DataFrame:
    """Unsupervised topics: NMF on TF-IDF of words and two-word phrases.

    Parameters
    ----------
    articles : DataFrame
        An articles table (not modified).
    n_topics : int
        Number of topics; fewer when the collection has fewer articles or
        distinct terms than that (a warning says so), so the same call runs on
        one article and on thousands.
    top : int
        Terms listed per topic.
    n_articles : int
        Representative articles listed per topic (highest topic weight).
    random_state : int
        Seed of the NMF initialisation; the result is deterministic.

    Returns
    -------
    pandas.DataFrame
        One tidy frame, ``topic, kind, rank, term, article_id, title, weight``:
        ``kind == "term"`` rows give a topic's top terms (``term`` filled),
        ``kind == "article"`` rows its representative articles (``article_id``
        and ``title`` filled). ``rank`` starts at 1 within (topic, kind).
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = _article_texts(articles)["text"].tolist()
    n_docs = len(texts)
    vectorizer = TfidfVectorizer(
        analyzer=lambda text: article_terms(text, ngrams=(1, 2)),
        min_df=min(5, max(1, n_docs // 100)),
        max_df=0.5 if n_docs >= 20 else 1.0,
        max_features=20_000,
        sublinear_tf=True,
    )
    matrix = vectorizer.fit_transform(texts)
    possible = max(1, min(matrix.shape))
    if n_topics > possible:
        warnings.warn(
            f"discover_topics: {n_topics} topics asked, but {n_docs} article(s) and "
            f"{matrix.shape[1]} term(s) allow {possible}; finding {possible}",
            stacklevel=2,
        )
        n_topics = possible
    model = NMF(n_components=n_topics, init="nndsvda", random_state=random_state, max_iter=400)
    weights = model.fit_transform(matrix)
    vocab = vectorizer.get_feature_names_out()
    ids, titles = articles["article_id"].to_numpy(), articles["title"].to_numpy()
    rows = []
    for k in range(n_topics):
        for rank, j in enumerate(np.argsort(-model.components_[k], kind="stable")[:top], 1):
            rows.append((k, "term", rank, vocab[j], None, None, float(model.components_[k, j])))
        for rank, i in enumerate(np.argsort(-weights[:, k], kind="stable")[:n_articles], 1):
            rows.append((k, "article", rank, None, ids[i], titles[i], float(weights[i, k])))
    return pd.DataFrame(
        rows, columns=["topic", "kind", "rank", "term", "article_id", "title", "weight"]
    )

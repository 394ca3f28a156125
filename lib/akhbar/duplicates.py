"""Near-duplicate articles: the same story republished with small edits.

:func:`near_duplicates` estimates the Jaccard similarity of articles' bodies
over word shingles with MinHash and finds candidate pairs with
locality-sensitive hashing (banding), all vectorised with numpy. Words are
hashed from their normalised characters (length and both ends), so the
result does not depend on the machine, the run or the rest of the corpus;
the permutations come from a fixed seed.

>>> import pandas as pd
>>> story = " ".join(f"كلمة{i}" for i in range(60))
>>> edited = story.replace("كلمة30 ", "تعديل ")
>>> other = " ".join(f"خبر{i}" for i in range(60))
>>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "body": [story, other, edited]})
>>> near_duplicates(articles).tolist()
[nan, nan, 'a']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from akhbar.keys import key_codes

__all__ = ["near_duplicates"]

_MIX = np.uint64(0x9E3779B97F4A7C15)
#: characters hashed at each end of a word (with its length: words up to twice this are exact)
_ENDS = 6


def _word_hashes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of every word in ``codes`` (key code units), and the number of its text.

    The hash covers the word's length and its first and last ``_ENDS``
    characters: exact for words of up to 12 letters, and cheap, since it
    touches a few characters per word instead of every one.
    """
    n = len(codes)
    separators = np.flatnonzero((codes == 0x20) | (codes == 0x0A))
    starts = np.concatenate(([0], separators + 1))
    ends = np.concatenate((separators, [n]))
    real = ends > starts
    starts, ends = starts[real], ends[real]
    with np.errstate(over="ignore"):
        words = (ends - starts).astype(np.uint64)
        last = ends - 1
        for k in range(_ENDS):
            words = words * _MIX + codes[np.minimum(starts + k, last)]
            words = words * _MIX + codes[np.maximum(last - k, starts)]
    texts = np.searchsorted(np.flatnonzero(codes == 0x0A), starts, side="right")
    return words, texts


def _signatures(
    words: np.ndarray, texts: np.ndarray, n_texts: int, *, shingle: int, num_perm: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (n_texts x num_perm) and which texts have any shingle."""
    signatures = np.full((n_texts, num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    if len(words) < shingle:
        return signatures, np.zeros(n_texts, dtype=bool)
    with np.errstate(over="ignore"):
        width = len(words) - shingle + 1
        shingles = np.zeros(width, dtype=np.uint64)
        for j in range(shingle):
            shingles = shingles * _MIX + words[j : j + width]
    same = texts[: len(shingles)] == texts[shingle - 1 :]
    shingles, owners = shingles[same], texts[: len(same)][same]
    present = np.zeros(n_texts, dtype=bool)
    if len(shingles) == 0:
        return signatures, present
    present[owners] = True
    bounds = np.flatnonzero(np.diff(owners)) + 1
    firsts = np.concatenate(([0], bounds))
    rng = np.random.default_rng(seed)
    salts = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    multipliers = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * 2 + 1
    with np.errstate(over="ignore"):
        for j in range(num_perm):
            hashed = (shingles ^ salts[j]) * multipliers[j]
            signatures[owners[firsts], j] = np.minimum.reduceat(hashed, firsts)
    return signatures, present


def near_duplicates(
    articles: pd.DataFrame,
    *,
    threshold: float = 0.8,
    shingle: int = 5,
    min_words: int = 30,
    num_perm: int = 32,
    bands: int = 8,
    seed: int = 0,
) -> pd.Series:
    """``near_duplicate_of`` for every article: the ``article_id`` of the earliest near copy.

    Parameters
    ----------
    articles
        An articles table (``article_id``, ``body``); not mutated.
    threshold
        Estimated Jaccard similarity of word shingles above which two bodies
        are the same story (exact duplicates are 1.0).
    shingle
        Words per shingle.
    min_words
        Shorter bodies (boilerplate, captions of videos) are never flagged.
    num_perm, bands, seed
        MinHash permutations, LSH bands (``num_perm`` must divide by it) and
        the seed of the permutations.

    Returns
    -------
    Series
        Aligned with ``articles``: NaN for the earliest article of each group
        of near copies and for articles without one, else the earliest
        article's ``article_id``.
    """
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
    ids = articles["article_id"].to_numpy(dtype=object)
    result = pd.Series(np.full(len(ids), np.nan, dtype=object), index=articles.index, dtype="str")
    if len(ids) < 2:
        return result
    codes = key_codes(articles["body"].fillna("").astype(str).tolist())
    words, texts = _word_hashes(codes)
    signatures, present = _signatures(
        words, texts, len(ids), shingle=shingle, num_perm=num_perm, seed=seed
    )
    present &= np.bincount(texts, minlength=len(ids)) >= min_words
    rows = num_perm // bands
    parent = np.arange(len(ids))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    candidates = np.flatnonzero(present)
    for band in range(bands):
        block = np.ascontiguousarray(signatures[candidates, band * rows : (band + 1) * rows])
        buckets = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(buckets, kind="stable")
        sorted_buckets = buckets[order]
        starts = np.flatnonzero(np.r_[True, sorted_buckets[1:] != sorted_buckets[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            members = candidates[order[start : start + size]]
            first = members.min()
            agreement = (signatures[members] == signatures[first]).mean(axis=1)
            for member, share in zip(members.tolist(), agreement.tolist(), strict=True):
                if member != first and share >= threshold:
                    a, b = find(member), find(first)
                    parent[max(a, b)] = min(a, b)
    roots = np.array([find(i) for i in range(len(ids))])
    flagged = roots != np.arange(len(ids))
    values = np.full(len(ids), np.nan, dtype=object)
    values[flagged] = ids[roots[flagged]]
    return pd.Series(values, index=articles.index, dtype="str")

r"""Comparison keys: the forms in which paragraphs and articles count as the same.

Both are vectorised with numpy over many texts at once: a UTF-16 code unit
table applies :func:`akhbar.text.normalize`'s folding (diacritics, tatweel,
controls, alef forms, alef maqsura, Persian letters, digits) in one pass.

>>> match_keys(["قالَ «الوزير»", "قال الوزير"])
['قال الوزير', 'قال الوزير']
>>> a, b, c, d = fingerprints(["نص  الخبر", "نَص\nالخبر", "نص آخر", ""])
>>> a == b, a == c, d
(True, False, b'')
"""

from __future__ import annotations

import hashlib
import unicodedata
from itertools import pairwise

import numpy as np
import pyarrow as pa

from akhbar.text import ALEF_MAQSURA, ALEFS, CONTROLS, DIACRITICS, DIGITS, LETTER_VARIANTS, TATWEEL

__all__ = [
    "edge_spaces",
    "fingerprints",
    "key_codes",
    "line_counts",
    "match_keys",
    "utf8_buffers",
    "word_counts",
]


def _key_table(mode: str) -> np.ndarray:
    """A UTF-16 code unit -> code unit table (``_DELETE`` drops the unit).

    ``mode`` is ``"words"`` (punctuation and symbols become spaces),
    ``"punctuation"`` (they stay) or ``"fingerprint"`` (they stay, every
    space and line break is dropped).
    """
    table = np.arange(0x10000, dtype=np.uint16)
    for c in range(0x10000):
        category = unicodedata.category(chr(c))
        if category[0] == "Z" or c in (0x09, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85):
            table[c] = _DELETE if mode == "fingerprint" else 0x20
        elif mode == "words" and category[0] in "PS":
            table[c] = 0x20
    for c in DIACRITICS | CONTROLS | {TATWEEL}:
        table[ord(c)] = _DELETE
    for mapping in (ALEFS, ALEF_MAQSURA, LETTER_VARIANTS, DIGITS):
        for k, v in mapping.items():
            table[ord(k)] = ord(v)
    table[0x0A] = _DELETE if mode == "fingerprint" else 0x0A
    table[0x00] = 0x00  # the record separator of fingerprints()
    return table


_DELETE = np.uint16(0xFFFF)
_TABLES: dict[str, np.ndarray] = {}


def _table(mode: str) -> np.ndarray:
    table = _TABLES.get(mode)
    if table is None:
        table = _TABLES[mode] = _key_table(mode)
    return table


def key_codes(texts: list[str], *, punctuation: bool = False) -> np.ndarray:
    """The UTF-16 code units of ``"\\n".join(match_keys(texts))``, without decoding them."""
    table = _table("punctuation" if punctuation else "words")
    joined = "\n".join(t.replace("\n", " ") if "\n" in t else t for t in texts)
    codes = table[np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)]
    codes = codes[codes != _DELETE]
    if len(codes):
        space = codes == 0x20
        breaks = np.empty_like(space)
        breaks[0] = True
        np.logical_or(space[:-1], codes[:-1] == 0x0A, out=breaks[1:])
        codes = codes[~(space & breaks)]  # spaces after a space, a line break or the start
    if len(codes):
        space = codes == 0x20
        breaks = np.empty_like(space)
        breaks[-1] = True
        np.equal(codes[1:], 0x0A, out=breaks[:-1])
        codes = codes[~(space & breaks)]  # the one space left before a line break or the end
    return codes


def match_keys(texts: list[str], *, punctuation: bool = False) -> list[str]:
    """The comparison form of many texts at once (vectorised with numpy).

    :func:`akhbar.text.normalize`'s folding (diacritics, tatweel, controls,
    alef forms, alef maqsura, Persian letters, digits), then punctuation and
    symbols (kept with ``punctuation=True``) and every kind of space become
    single spaces, trimmed. Line breaks inside a text become spaces.

    >>> match_keys(["قالَ «الوزير»:  نعم", "", "أ\\nب"])
    ['قال الوزير نعم', '', 'ا ب']
    >>> match_keys(["قالَ «الوزير»:  نعم"], punctuation=True)
    ['قال «الوزير»: نعم']
    """
    if not texts:
        return []
    codes = key_codes(texts, punctuation=punctuation)
    return codes.tobytes().decode("utf-16-le", "surrogatepass").split("\n")


def fingerprints(texts: list[str]) -> list[bytes]:
    """A 12-byte digest of each text's normalised form, or ``b""`` when it is empty.

    Two texts with the same fingerprint are the same once normalised, whatever
    their spacing and line breaks.
    """
    if not texts:
        return []
    codes = np.frombuffer("\0".join(texts).encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    codes = _table("fingerprint")[codes]
    codes = codes[codes != _DELETE]
    bounds = np.flatnonzero(codes == 0)
    if len(bounds) != len(texts) - 1:  # a NUL inside a text: one text at a time
        return [_digest(text) for text in texts]
    starts = np.concatenate(([0], bounds + 1))
    ends = np.concatenate((bounds, [len(codes)]))
    data = memoryview(codes.tobytes())
    return [
        hashlib.blake2b(data[2 * s : 2 * e], digest_size=12).digest() if e > s else b""
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


def _digest(text: str) -> bytes:
    codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    codes = _table("fingerprint")[codes]
    codes = codes[(codes != _DELETE) & (codes != 0)]
    return hashlib.blake2b(codes.tobytes(), digest_size=12).digest() if len(codes) else b""


#: UTF-8 bytes that are whitespace on their own (``str.isspace``: ASCII and \x1c-\x1f)
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
#: the other whitespace characters (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
#: U+202F, U+205F, U+3000) as UTF-8 lead byte -> their byte sequences
_WIDE_SPACES: dict[int, list[bytes]] = {}
for _code in (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000):
    _utf8 = chr(_code).encode()
    _WIDE_SPACES.setdefault(_utf8[0], []).append(_utf8)


def utf8_buffers(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes and the offsets (from 0 into them) of a string (or binary) array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type not in (pa.large_string(), pa.large_binary()):
        values = values.cast(pa.large_string())
    _, offsets, data = values.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64)[
        values.offset : values.offset + len(values) + 1
    ]
    start = int(offsets[0]) if len(offsets) else 0
    end = int(offsets[-1]) if len(offsets) else 0
    codes = (
        np.frombuffer(data, dtype=np.uint8)[start:end]
        if data is not None
        else np.zeros(0, np.uint8)
    )
    return codes, offsets - start


def _per_text(flags: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The number of true ``flags`` within each text's byte range."""
    bounds = offsets.tolist()
    return np.array(
        [np.count_nonzero(flags[a:b]) for a, b in pairwise(bounds)],
        dtype=np.int64,
    )


def _spaces(codes: np.ndarray) -> np.ndarray:
    """Which UTF-8 bytes belong to a whitespace character (``str.isspace``)."""
    space = codes <= 0x20
    controls = np.flatnonzero(codes < 0x20)  # few: line breaks, tabs, stray control bytes
    space[controls] = _ASCII_SPACE[codes[controls]]
    leads = np.flatnonzero((codes == 0xC2) | ((codes - np.uint8(0xE1)) < 3))
    for lead, sequences in _WIDE_SPACES.items():
        at = leads[codes[leads] == lead]
        for sequence in sequences:
            hits = at[at + len(sequence) <= len(codes)]
            for k in range(1, len(sequence)):
                hits = hits[codes[hits + k] == sequence[k]]
            for k in range(len(sequence)):
                space[hits + k] = True
    return space


def word_counts(values: pa.Array) -> np.ndarray:
    """``len(text.split())`` of every text of a string array, vectorised over its UTF-8 bytes.

    >>> word_counts(pa.array(["كلمة  أخرى\\nثالثة", "", "\\u00a0a\\u2009b ", None])).tolist()
    [3, 0, 2, 0]
    """
    codes, offsets = utf8_buffers(values)
    space = _spaces(codes)
    starts = ~space
    starts[1:] &= space[:-1]  # a word starts after a space, or where its text starts
    firsts = offsets[:-1][offsets[1:] > offsets[:-1]]
    starts[firsts] = ~space[firsts]
    return _per_text(starts, offsets)


def line_counts(values: pa.Array) -> np.ndarray:
    """The number of lines of every text (``\\n`` count + 1; 0 for an empty text).

    >>> line_counts(pa.array(["a\\nb", "", "c"])).tolist()
    [2, 0, 1]
    """
    codes, offsets = utf8_buffers(values)
    counts = _per_text(codes == 0x0A, offsets)
    counts[offsets[1:] > offsets[:-1]] += 1
    return counts


#: bytes that may open a space ``bytes.strip()`` keeps: U+001C-U+001F, or the lead byte of
#: U+0085, U+00A0 (C2), U+1680 (E1), U+2000-U+205F (E2), U+3000 (E3)
_HEAD_BYTES = np.zeros(256, dtype=bool)
_HEAD_BYTES[[0x1C, 0x1D, 0x1E, 0x1F, 0xC2, 0xE1, 0xE2, 0xE3]] = True
#: bytes that may end such a space, and those that may come before the last byte of one
_LAST_BYTES = np.zeros(256, dtype=bool)
_LAST_BYTES[[0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, *range(0x80, 0x8B), 0xA8, 0xA9, 0xAF, 0x9F]] = True
_NEXT_TO_LAST = np.zeros(256, dtype=bool)
_NEXT_TO_LAST[[0xC2, 0x80, 0x81, 0x9A]] = True
_CONTROL_SPACES = np.zeros(256, dtype=bool)
_CONTROL_SPACES[[0x1C, 0x1D, 0x1E, 0x1F]] = True
#: whitespace to ``str`` that ``bytes.strip()`` keeps
_NOT_BYTE_SPACE = frozenset(
    chr(c) for c in range(0x3001) if chr(c).isspace() and not chr(c).encode().isspace()
)


def edge_spaces(values: pa.Array, *, lines: bool = False) -> np.ndarray:
    """Which texts start or end with a space that ``bytes.strip()`` keeps (vectorised).

    ``bytes.strip()`` strips ASCII whitespace; ``str.strip()`` also strips
    U+001C-U+001F, U+0085, NBSP and the other Unicode spaces (``str.isspace``).
    A UTF-8 text flagged here may strip differently as ``str`` than as bytes;
    with ``lines=True``, each of its lines is looked at.

    >>> texts = ["a\\u00a0", "\\u2009b", "c\\n\\x1cd", "“e”\\n\\u0646", ""]
    >>> edge_spaces(pa.array(texts)).tolist(), edge_spaces(pa.array(texts), lines=True).tolist()
    ([True, True, False, False, False], [True, True, True, False, False])
    """
    codes, offsets = utf8_buffers(values)
    flagged = np.zeros(len(offsets) - 1, dtype=bool)
    starts, ends = offsets[:-1], offsets[1:]
    if lines:  # segments between line breaks, in order: starts and ends pair up once sorted
        breaks = np.flatnonzero(codes == 0x0A)
        starts = np.sort(np.concatenate((starts, breaks + 1)))
        ends = np.sort(np.concatenate((ends, breaks)))
    kept = ends > starts
    starts, ends = starts[kept], ends[kept]
    if len(starts) == 0:
        return flagged
    # cheap filters on the first and last two bytes, then each candidate decoded
    heads = _HEAD_BYTES[codes[starts]]
    last = codes[ends - 1]
    before = codes[np.maximum(ends - 2, starts)]
    tails = np.flatnonzero(_LAST_BYTES[last] & (_NEXT_TO_LAST[before] | _CONTROL_SPACES[last]))
    data = memoryview(codes)
    found = [
        start
        for start, end in zip(starts[heads].tolist(), ends[heads].tolist(), strict=True)
        if bytes(data[start : min(end, start + 3)]).decode("utf-8", "ignore")[:1] in _NOT_BYTE_SPACE
    ]
    found += [
        start
        for start, end in zip(starts[tails].tolist(), ends[tails].tolist(), strict=True)
        if bytes(data[max(start, end - 3) : end]).decode("utf-8", "ignore")[-1:] in _NOT_BYTE_SPACE
    ]
    if found:
        flagged[np.searchsorted(offsets[1:], found, side="right")] = True
    return flagged

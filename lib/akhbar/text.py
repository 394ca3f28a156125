"""Arabic text normalisation, tokens, sentences and clitics.

Every feature in akhbar matches on the *normalised* form of a text while the
original text is kept verbatim. Each normalisation step is a small named
``str -> str`` function that can be used alone; :func:`normalize` composes
them in one pass, :func:`normalize_series` does the same over a pandas Series,
and :func:`normalize_with_offsets` also returns where every normalised
character came from, so that spans found on normalised text map back to the
original.

>>> normalize("الإرهابُ")
'الارهاب'
>>> normalize("٢٠٢١/٠٤/٢١")
'2021/04/21'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import numpy as np
import pandas as pd

__all__ = [
    "ARABIC_LETTER_RE",
    "PROCLITICS",
    "has_arabic",
    "normalize",
    "normalize_alef",
    "normalize_alef_maqsura",
    "normalize_digits",
    "normalize_hamza",
    "normalize_letters",
    "normalize_series",
    "normalize_spaces",
    "normalize_teh_marbuta",
    "normalize_with_offsets",
    "remove_controls",
    "remove_diacritics",
    "remove_tatweel",
    "sentences",
    "split_proclitic",
    "tokens",
]

# --- character sets (escapes, never raw invisible characters) -----------------

#: harakat, tanwin, shadda, sukun, dagger alef, Quranic annotation marks
DIACRITICS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
TATWEEL = "\u0640"
#: zero-width characters, bidi marks and embeddings, soft hyphen, BOM
CONTROLS = frozenset(
    "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)
#: every space that is not U+0020 (tab and newlines are kept: they carry layout)
SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
ALEFS = {
    "\u0623": "\u0627",
    "\u0625": "\u0627",
    "\u0622": "\u0627",
    "\u0671": "\u0627",
    "\u0672": "\u0627",
    "\u0673": "\u0627",
}
HAMZA_CARRIERS = {"\u0624": "\u0648", "\u0626": "\u064a"}
ALEF_MAQSURA = {"\u0649": "\u064a"}
TEH_MARBUTA = {"\u0629": "\u0647"}
#: Persian and Urdu look-alikes that turn up in Arabic web text
LETTER_VARIANTS = {
    "\u06a9": "\u0643",
    "\u06cc": "\u064a",
    "\u06d2": "\u064a",
    "\u06c1": "\u0647",
    "\u06d5": "\u0647",
}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}

ARABIC_LETTER_RE = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")
_PRESENTATION_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")
_WORD_CHARS = r"\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN_RE = re.compile(rf"[{_WORD_CHARS}]+")


def _table(*maps: dict[str, str], delete: frozenset[str] = frozenset()) -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in delete}
    for mapping in maps:
        table.update({ord(k): v for k, v in mapping.items()})
    return table


_DIACRITICS_TABLE = _table(delete=DIACRITICS)
_TATWEEL_TABLE = _table(delete=frozenset(TATWEEL))
_CONTROLS_TABLE = _table(delete=CONTROLS)
_SPACES_TABLE = _table(dict.fromkeys(SPACES, " "))
_ALEF_TABLE = _table(ALEFS)
_HAMZA_TABLE = _table(HAMZA_CARRIERS)
_MAQSURA_TABLE = _table(ALEF_MAQSURA)
_TEH_TABLE = _table(TEH_MARBUTA)
_LETTERS_TABLE = _table(LETTER_VARIANTS)
_DIGITS_TABLE = _table(DIGITS)
_DELETED = DIACRITICS | CONTROLS | {TATWEEL}
_FULL = _table(
    ALEFS,
    ALEF_MAQSURA,
    LETTER_VARIANTS,
    DIGITS,
    dict.fromkeys(SPACES, " "),
    delete=_DELETED,
)
_FULL_TEH = {**_FULL, **_TEH_TABLE}


# --- single steps ----------------------------------------------------------------


def remove_diacritics(text: str) -> str:
    """Drop harakat, tanwin, shadda, sukun, dagger alef and Quranic marks.

    >>> remove_diacritics("مُحَمَّدٌ")
    'محمد'
    """
    return text.translate(_DIACRITICS_TABLE)


def remove_tatweel(text: str) -> str:
    """Drop the tatweel (kashida) used to stretch words.

    >>> remove_tatweel("الجـــزائر")
    'الجزائر'
    """
    return text.translate(_TATWEEL_TABLE)


def remove_controls(text: str) -> str:
    """Drop zero-width characters, bidi marks and embeddings, soft hyphens and BOMs.

    >>> remove_controls("\\u200fليبيا\\u200e")
    'ليبيا'
    """
    return text.translate(_CONTROLS_TABLE)


def normalize_spaces(text: str) -> str:
    """Turn NBSP and the other Unicode spaces into U+0020, one for one.

    >>> normalize_spaces("عام\\u00a02021")
    'عام 2021'
    """
    return text.translate(_SPACES_TABLE)


def normalize_alef(text: str) -> str:
    """Fold alef with hamza above or below, madda and wasla into bare alef.

    >>> normalize_alef("إسلام آباد أمس")
    'اسلام اباد امس'
    """
    return text.translate(_ALEF_TABLE)


def normalize_hamza(text: str) -> str:
    """Fold hamza on waw and on yeh into the bare carrier (``ؤ`` to ``و``, ``ئ`` to ``ي``).

    >>> normalize_hamza("رئيس مؤتمر")
    'رييس موتمر'
    """
    return text.translate(_HAMZA_TABLE)


def normalize_alef_maqsura(text: str) -> str:
    """Fold alef maqsura into yeh, as Egyptian print does the other way round.

    >>> normalize_alef_maqsura("مصطفى")
    'مصطفي'
    """
    return text.translate(_MAQSURA_TABLE)


def normalize_teh_marbuta(text: str) -> str:
    """Fold teh marbuta into heh (optional: off in :func:`normalize` by default).

    >>> normalize_teh_marbuta("حكومة")
    'حكومه'
    """
    return text.translate(_TEH_TABLE)


def normalize_letters(text: str) -> str:
    """Map Persian and Urdu look-alike letters (keheh, farsi yeh) to Arabic ones.

    >>> normalize_letters("کرکوک")
    'كركوك'
    """
    return text.translate(_LETTERS_TABLE)


def normalize_digits(text: str) -> str:
    """Turn Eastern Arabic and Persian digits into ASCII digits.

    >>> normalize_digits("٢٠٢١ و۱۴۰۰")
    '2021 و1400'
    """
    return text.translate(_DIGITS_TABLE)


def _expand_presentation_forms(text: str) -> str:
    if _PRESENTATION_RE.search(text) is None:
        return text
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


# --- composed --------------------------------------------------------------------


def normalize(text: str, *, teh_marbuta: bool = False) -> str:
    """Return the matching form of ``text``: the form every akhbar feature uses.

    In one pass: presentation forms expanded, diacritics, tatweel, zero-width
    and bidi characters removed, hamzated alefs (أ إ آ ٱ), alef maqsura and
    Persian look-alikes folded (hamza on waw and yeh is kept: fold it with
    :func:`normalize_hamza` where a feature needs it), Eastern digits made ASCII, exotic spaces made
    plain. Case, punctuation, line breaks and word order are untouched. With
    ``teh_marbuta=True`` teh marbuta is folded into heh as well.

    Parameters
    ----------
    text : str
        Any text; it is not modified.
    teh_marbuta : bool, keyword-only
        Also fold ``ة`` into ``ه``.

    Examples
    --------
    >>> normalize("وَزِيرُ الخارجيّة\\u00a0الجـزائري")
    'وزير الخارجية الجزائري'
    >>> normalize("مؤتمر القمة", teh_marbuta=True)
    'مؤتمر القمه'
    """
    text = _expand_presentation_forms(text)
    return text.translate(_FULL_TEH if teh_marbuta else _FULL)


def normalize_series(texts: pd.Series, *, teh_marbuta: bool = False) -> pd.Series:
    """Vectorised :func:`normalize` over a Series of strings (missing values stay missing).

    >>> normalize_series(pd.Series(["أمس", "إلى"])).tolist()
    ['امس', 'الي']
    """
    table = _FULL_TEH if teh_marbuta else _FULL
    has_forms = texts.str.contains(_PRESENTATION_RE.pattern, regex=True, na=False)
    out = texts.copy()
    if has_forms.any():
        out[has_forms] = out[has_forms].map(_expand_presentation_forms)
    return out.str.translate(table)


def normalize_with_offsets(text: str, *, teh_marbuta: bool = False) -> tuple[str, np.ndarray]:
    """Normalise ``text`` and say where each normalised character came from.

    Returns ``(norm, offsets)`` where ``offsets[i]`` is the index in ``text``
    of ``norm[i]`` and ``offsets[len(norm)] == len(text)``. A span ``(s, e)``
    found in ``norm`` is ``text[offsets[s]:offsets[e - 1] + 1]`` in the
    original (see :func:`span_to_original`).

    >>> norm, offsets = normalize_with_offsets("الجـزائرُ")
    >>> norm, offsets.tolist()
    ('الجزائر', [0, 1, 2, 4, 5, 6, 7, 9])
    """
    norm = normalize(text, teh_marbuta=teh_marbuta)
    if len(norm) == len(text):
        return norm, np.arange(len(text) + 1)
    offsets = np.empty(len(norm) + 1, dtype=np.int64)
    j = 0
    for i, char in enumerate(text):
        if char in _DELETED:
            continue
        width = len(normalize(char, teh_marbuta=teh_marbuta)) if _PRESENTATION_RE.match(char) else 1
        offsets[j : j + width] = i
        j += width
    offsets[j] = len(text)
    return norm, offsets


def span_to_original(start: int, end: int, offsets: np.ndarray) -> tuple[int, int]:
    """Map a span of the normalised text back to the original one.

    >>> norm, offsets = normalize_with_offsets("الجـزائرُ والمغرب")
    >>> span_to_original(0, 7, offsets)
    (0, 8)
    """
    if end <= start:
        return int(offsets[start]), int(offsets[start])
    return int(offsets[start]), int(offsets[end - 1]) + 1


def has_arabic(text: str) -> bool:
    """True when ``text`` holds at least one Arabic letter.

    >>> has_arabic("Reuters"), has_arabic("رويترز")
    (False, True)
    """
    return ARABIC_LETTER_RE.search(text) is not None


# --- tokens, sentences, clitics --------------------------------------------------


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(token, start, end)`` for each word or number in ``text``.

    Diacritics and tatweel stay inside their word; punctuation separates.

    >>> [t for t, _, _ in tokens("قالَ: «الجـزائر 2021»")]
    ['قالَ', 'الجـزائر', '2021']
    """
    for match in _TOKEN_RE.finditer(text):
        yield match.group(), match.start(), match.end()


_SENTENCE_END_RE = re.compile(
    r"""(?:[.!?\u061f\u06d4\u2026]+|\u061b)   # full stop, !, ?, Arabic ? and full stop, ellipsis; ؛
        [\"'\u201d\u201c\u00bb\u2019)\]]*       # closing quotes and brackets stay with the sentence
        (?=\s|$)                                # and then a space or the end: not 21.4.2021
      | \n+""",
    re.VERBOSE,
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences: a list of ``(start, end)`` offsets.

    Ends at ``. ! ? ؟ ؛ …`` followed by a space (so ``21.4.2021`` and ``3.5``
    do not split) and at line breaks; surrounding spaces are trimmed.

    >>> text = "وصل الوفد في 21.4.2021. وقال الوزير: نعم؟ ثم غادر"
    >>> [text[s:e] for s, e in sentences(text)]
    ['وصل الوفد في 21.4.2021.', 'وقال الوزير: نعم؟', 'ثم غادر']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end() if match.group()[0] != "\n" else match.start()
        _append_trimmed(spans, text, start, end)
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


#: proclitic sequences that may stand before a noun: conjunction, preposition, article
PROCLITICS = frozenset(
    conj + prep + art
    for conj in ("", "\u0648", "\u0641")
    for prep in ("", "\u0628", "\u0644", "\u0643")
    for art in ("", "\u0627\u0644")
) | frozenset(conj + "\u0644\u0644" for conj in ("", "\u0648", "\u0641"))


def split_proclitic(word: str, *, min_stem: int = 2) -> Iterator[tuple[str, str]]:
    """Yield every ``(proclitic, stem)`` reading of a normalised ``word``.

    The bare word comes first; longer proclitics follow. Stems shorter than
    ``min_stem`` letters are not offered.

    >>> list(split_proclitic("وللجزائر"))
    [('', 'وللجزائر'), ('و', 'للجزائر'), ('ول', 'لجزائر'), ('ولل', 'جزائر')]
    """
    for cut in range(min(len(word) - min_stem, 4) + 1):
        prefix = word[:cut]
        if prefix in PROCLITICS:
            yield prefix, word[cut:]

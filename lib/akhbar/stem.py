"""A light Arabic stemmer for lexicon matching: clitics and inflection, not roots.

A word in running text carries proclitics (و ف ب ل ك ال لل), enclitic
pronouns (ه ها هم ...) and inflectional endings (dual, sound plurals, the
feminine of a nisba adjective). :func:`stem_candidates` returns every reading
of a word with those peeled off, and a lexicon term matches a word when the
term's :func:`lexicon_form` is one of them. The stemmer never strips a bare
``ة`` or a nisba ``ي``, so الرياضة stays apart from الرياض and الرئيسية from
الرئيس; a lexicon lists إرهاب and إرهابي as two terms when it wants both.

Readings are generated, not chosen: the matcher asks "could this word be that
term?", so a wrong reading only matters when it happens to be a lexicon term.
Two guards keep those rare: a stem left after stripping has at least three
letters, and a three-letter stem is only taken after a proclitic that holds
the article or a conjunction (so كمال is not ك + مال).

>>> "ارهاب" in stem_candidates(normalize("للإرهاب"))
True
>>> sorted(stem_candidates(normalize("الرياضة")))
['الرياضة', 'رياضة']
"""

from __future__ import annotations

from functools import cache

from akhbar.text import PROCLITICS, normalize

__all__ = ["fold", "lexicon_form", "stem_candidates"]

_FOLD = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a", "\u0621": ""})
_ARTICLE = "\u0627\u0644"
_TEH = "\u0629"
_YEH = "\u064a"

#: enclitic pronouns, longest first
ENCLITICS = ("\u0647\u0645\u0627", "\u0643\u0645\u0627", "\u0647\u0627", "\u0647\u0645")
ENCLITICS += ("\u0647\u0646", "\u0643\u0645", "\u0643\u0646", "\u0646\u0627")
ENCLITICS += ("\u0647", "\u0643")

#: inflectional ending -> what replaces it (several readings per ending)
ENDINGS: dict[str, tuple[str, ...]] = {
    "\u064a\u0648\u0646": (_YEH,),  # يون: nisba plural
    "\u064a\u064a\u0646": (_YEH,),  # يين
    "\u064a\u0627\u062a": (_YEH, _YEH + _TEH),  # يات
    "\u062a\u0627\u0646": (_TEH,),  # تان: dual of a feminine noun
    "\u062a\u064a\u0646": (_TEH,),  # تين
    "\u064a\u0629": (_YEH,),  # ية: feminine nisba
    "\u064a\u0627": (_YEH,),  # يا: accusative nisba
    "\u0648\u0646": ("",),  # ون
    "\u064a\u0646": ("",),  # ين
    "\u0627\u0646": ("",),  # ان: dual
    "\u0627\u062a": ("", _TEH),  # ات: feminine plural
    "\u0627": ("",),  # tanwin alef
}
_ENDINGS = sorted(ENDINGS.items(), key=lambda item: -len(item[0]))
#: proclitics after which a three-letter stem is accepted
_SHORT_OK = frozenset(
    p for p in PROCLITICS if _ARTICLE in p or p in ("\u0648", "\u0641", "\u0644\u0644")
)


def fold(word: str) -> str:
    """Fold hamza on waw and yeh into the carrier and drop bare hamza (مسؤول = مسئول).

    >>> fold("مسؤول"), fold("رئيس"), fold("أعضاء")
    ('مسوول', 'رييس', 'أعضا')
    """
    return word.translate(_FOLD)


def _suffix_readings(stem: str, out: set[str]) -> None:
    out.add(stem)
    if len(stem) > 3 and stem.endswith("\u0647"):  # ه written for ة
        out.add(stem[:-1] + _TEH)
    for clitic in ENCLITICS:
        if stem.endswith(clitic) and len(stem) - len(clitic) >= 3:
            base = stem[: -len(clitic)]
            out.add(base)
            if base.endswith("\u062a"):  # حكومته -> حكومة
                out.add(base[:-1] + _TEH)
            break
    for ending, replacements in _ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            base = stem[: -len(ending)]
            out.update(base + r for r in replacements)


@cache
def stem_candidates(word: str, *, loose: bool = False) -> frozenset[str]:
    """Every reading of a normalised ``word`` with clitics and inflection peeled off.

    ``word`` is one token already passed through :func:`akhbar.normalize`; the
    readings are hamza-folded (:func:`fold`). The word itself is always a reading.

    Parameters
    ----------
    word : str
        A normalised token.
    loose : bool, keyword-only
        Also read a bare preposition before a three-letter stem (بكأس as ب +
        كأس), which is right inside a known phrase but too risky for a lone
        word (كمال is not ك + مال).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> {"ارهاب", "ارهابي"} & stem_candidates(normalize("للإرهابيين"))
    {'ارهابي'}
    >>> "رييس" in stem_candidates(normalize("الرئيسية"))
    False
    >>> "مال" in stem_candidates("كمال"), "كاس" in stem_candidates("بكاس", loose=True)
    (False, True)
    """
    word = fold(word)
    out: set[str] = set()
    for cut in range(min(len(word) - 3, 4) + 1):
        prefix = word[:cut]
        if prefix not in PROCLITICS:
            continue
        stem = word[cut:]
        if prefix and len(stem) == 3 and prefix not in _SHORT_OK and not loose:
            continue
        _suffix_readings(stem, out)
    if len(word) < 3:
        out.add(word)
    return frozenset(out)


def lexicon_form(term: str) -> tuple[str, ...]:
    """The matching form of a lexicon term: one entry per word, normalised and folded.

    A leading article is dropped (words in text are read with and without it),
    so a phrase may be written as it appears in print.

    >>> lexicon_form("كأس العالم")
    ('كاس', 'عالم')
    >>> lexicon_form("الله")
    ('الله',)
    """
    words = normalize(term).split()
    out = []
    for word in words:
        word = fold(word)
        if word.startswith(_ARTICLE) and len(word) - 2 >= 3:
            word = word[2:]
        out.append(word)
    return tuple(out)

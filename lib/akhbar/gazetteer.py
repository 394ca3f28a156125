"""Gazetteers: countries, nationalities, places, organisations and names.

The lists are package data under ``akhbar/data/gazetteers`` (see the NOTICE
there). :func:`match_gazetteer` finds their entries in a text with one
Aho-Corasick pass over its normalised form (diacritics, hamza, alef, yeh and
teh marbuta folded), tolerant of the proclitics و ف ب ل ك ال لل, and returns
the longest non-overlapping matches with offsets into the original text.

>>> [(m.surface, m.kind, m.canonical) for m in match_gazetteer("وصل الوفد الجزائري إلى طرابلس")]
[('الجزائري', 'nationality', 'الجزائر'), ('طرابلس', 'city', 'طرابلس')]
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from akhbar.text import DIACRITICS, PROCLITICS, normalize, normalize_hamza, normalize_with_offsets

__all__ = [
    "ENTITY_KINDS",
    "NAME_KINDS",
    "GazetteerMatch",
    "gazetteer_entries",
    "gazetteer_form",
    "match_gazetteer",
]

#: kinds matched by default: each is an entity by itself
ENTITY_KINDS = frozenset({"country", "city", "region", "nationality", "organization"})
#: name lists: evidence for the tagger, not entities by themselves
NAME_KINDS = frozenset({"given_name", "family_name", "foreign_name"})

_ENTRY_TYPE = {
    "country": "place",
    "city": "place",
    "region": "place",
    "nationality": "nationality",
    "organization": "organization",
    "given_name": "person",
    "family_name": "person",
    "foreign_name": "person",
}
_ARTICLE = "\u0627\u0644"  # ال
_LL = "\u0644\u0644"  # لل
_NO_ARTICLE = frozenset(p for p in PROCLITICS if not p.endswith(_ARTICLE) and not p.endswith(_LL))
_AFTER_LL = frozenset(p for p in PROCLITICS if p.endswith(_LL))
_NISBA_SUFFIXES = ("", "\u0629", "\u0648\u0646", "\u064a\u0646", "\u0627\u0646", "\u0627\u062a")
_NISBA_FEM = ("\u062a\u0627\u0646", "\u062a\u064a\u0646")  # تان تين

#: ministry domains: "وزارة <domain>" is an organisation
MINISTRIES = (
    "الخارجية",
    "الداخلية",
    "الدفاع",
    "الدفاع الوطني",
    "العدل",
    "المالية",
    "الاقتصاد",
    "التجارة",
    "الصحة",
    "التربية",
    "التربية والتعليم",
    "التربية الوطنية",
    "التعليم العالي",
    "الزراعة",
    "الطاقة",
    "النفط",
    "الإعلام",
    "الثقافة",
    "السياحة",
    "النقل",
    "الإسكان",
    "العمل",
    "الشؤون الخارجية",
    "الشؤون الاجتماعية",
    "الشؤون الدينية",
    "الأوقاف",
    "الشباب والرياضة",
    "البيئة",
    "الصناعة",
    "الاتصالات",
    "التخطيط",
    "الموارد المائية",
    "الري",
    "الداخلية والجماعات المحلية",
    "الخارجية والتعاون الدولي",
)
#: national bodies generated per country nisba: (head, feminine nisba?)
NATIONAL_BODIES = (
    ("الجيش", False),
    ("الحكومة", True),
    ("البرلمان", False),
    ("الشرطة", True),
    ("وزارة الخارجية", True),
    ("وزارة الداخلية", True),
    ("وزارة الدفاع", True),
    ("الخارجية", True),
    ("الرئاسة", True),
    ("السفارة", True),
    ("القوات", True),
)


@dataclass(frozen=True)
class GazetteerMatch:
    """One gazetteer hit: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entry_type: str
    canonical: str
    country: str | None
    kind: str


@dataclass(frozen=True)
class _Entry:
    canonical: str
    kind: str
    country: str | None
    policy: str  # bare, article, after_ll, any


def gazetteer_form(text: str) -> str:
    """Return the matching form used by the gazetteers (same length as ``normalize``).

    >>> gazetteer_form("الجزائرِيّة والمؤتمر")
    'الجزايريه والموتمر'
    """
    return normalize_hamza(normalize(text, teh_marbuta=True))


def _read(name: str) -> list[dict[str, str]]:
    path = resources.files("akhbar") / "data" / "gazetteers" / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for line_no, row in enumerate(rows, start=2):
        if not (row.get("name") or "").strip():
            raise ValueError(f"{name}, line {line_no}: field 'name' is empty")
    return rows


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@functools.cache
def gazetteer_entries() -> tuple[tuple[str, str, str, str | None], ...]:
    """Every ``(surface, kind, canonical, country)`` the gazetteers hold, nisba forms included.

    >>> ("جزائريين", "nationality", "الجزائر", "DZ") in gazetteer_entries()
    True
    """
    out: list[tuple[str, str, str, str | None]] = []
    for row in _read("countries.tsv"):
        name, iso = row["name"].strip(), row["iso2"].strip() or None
        for surface in [name, *_split(row["variants"])]:
            out.append((surface, "country", name, iso))
        for stem in _split(row["nisba"]):
            words = stem.split()
            for suffix in _NISBA_SUFFIXES + _NISBA_FEM:
                out.extend((form, "nationality", name, iso) for form in _nisba_forms(words, suffix))
            first = stem.split()[0]
            for head, feminine in NATIONAL_BODIES:
                if len(words) > 1:
                    break
                nisba = _ARTICLE + first + ("\u0629" if feminine else "")
                out.append((f"{head} {nisba}", "organization", f"{head} {nisba}", iso))
    for row in _read("places.tsv"):
        if row["ambiguous"].strip() == "1":
            continue
        name = row["name"].strip()
        for surface in [name, *_split(row["variants"])]:
            out.append((surface, row["kind"].strip(), name, row["country"].strip() or None))
    for row in _read("organizations.tsv"):
        if row["ambiguous"].strip() == "1":
            continue
        name = row["name"].strip()
        for surface in [name, *_split(row["variants"])]:
            out.append((surface, "organization", name, row["country"].strip() or None))
    for domain in MINISTRIES:
        out.append((f"وزارة {domain}", "organization", f"وزارة {domain}", None))
    for file, kind in (
        ("given_names.tsv", "given_name"),
        ("family_names.tsv", "family_name"),
        ("foreign_names.tsv", "foreign_name"),
    ):
        for row in _read(file):
            out.append((row["name"].strip(), kind, row["name"].strip(), None))
    return tuple(out)


def _nisba_forms(words: list[str], suffix: str) -> list[str]:
    """The indefinite and definite forms of a nisba stem with one gender/number suffix.

    Every nisba word (ending in ي) takes the suffix. When all words are nisbas
    they agree as noun and adjective, each with the article (الكوريون
    الجنوبيون); a compound with a noun head takes it on its first word only
    (الجنوب أفريقية).

    >>> _nisba_forms(["كوري", "شمالي"], "ة")
    ['كورية شمالية', 'الكورية الشمالية']
    >>> _nisba_forms(["جنوب", "أفريقي"], "ون")
    ['جنوب أفريقيون', 'الجنوب أفريقيون']
    >>> _nisba_forms(["جزائري"], "")
    ['جزائري']
    """
    inflected = [w + suffix if w.endswith("\u064a") else w for w in words]
    forms = [" ".join(inflected)]
    if len(words) > 1:
        if all(w.endswith("\u064a") for w in words):
            forms.append(" ".join(_ARTICLE + w for w in inflected))
        else:
            forms.append(_ARTICLE + " ".join(inflected))
    return forms


def _policy(key: str, kind: str) -> list[tuple[str, str]]:
    """The keys one surface is matched under, with the proclitics each allows."""
    if kind == "nationality" and not (key.startswith(_ARTICLE) and " " in key):
        return [(key, "any")]
    if key.startswith(_ARTICLE) and len(key) > 3:
        return [(key, "article"), (key[2:], "after_ll")]
    return [(key, "bare")]


@functools.cache
def _automaton(group: str) -> ahocorasick.Automaton:
    table: dict[str, list[_Entry]] = {}
    for surface, kind, canonical, country in gazetteer_entries():
        if (kind in NAME_KINDS) != (group == "names"):
            continue
        for key, policy in _policy(gazetteer_form(surface), kind):
            entries = table.setdefault(key, [])
            entry = _Entry(canonical, kind, country, policy)
            if entry not in entries:
                entries.append(entry)
    automaton = ahocorasick.Automaton()
    for key, entries in table.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    automaton.make_automaton()
    return automaton


def _prefix_ok(prefix: str, policy: str) -> bool:
    if policy == "any":
        return prefix in PROCLITICS
    if policy == "after_ll":
        return prefix in _AFTER_LL
    return prefix in _NO_ARTICLE


def _candidates(norm: str, kinds: frozenset[str], group: str):
    n = len(norm)
    for end_index, (length, entries) in _automaton(group).iter(norm):
        end = end_index + 1
        if end < n and norm[end].isalnum():
            continue
        start = end - length
        token_start = start
        while token_start > 0 and norm[token_start - 1].isalnum() and start - token_start < 5:
            token_start -= 1
        if token_start > 0 and norm[token_start - 1].isalnum():
            continue
        prefix = norm[token_start:start]
        for entry in entries:
            if entry.kind in kinds and _prefix_ok(prefix, entry.policy):
                if entry.policy == "any" and prefix.endswith(_ARTICLE):
                    start -= 2  # keep the article of a nisba: الجزائري
                yield start, end, entry
                break


_YEH, _MAQSURA = "\u064a", "\u0649"


def _maqsura_clash(text: str, offsets, candidate: tuple[int, int, _Entry]) -> bool:
    """A listed name in final ي written with final ى is another word: على is not علي."""
    _, end, entry = candidate
    return (
        entry.kind in NAME_KINDS
        and entry.canonical.endswith(_YEH)
        and text[int(offsets[end - 1])] == _MAQSURA
    )


def match_gazetteer(text: str, *, kinds: Iterable[str] | None = None) -> list[GazetteerMatch]:
    """Find gazetteer entries in ``text``: longest non-overlapping matches, in text order.

    A match starts at a token start or after a proclitic sequence (و ف ب ل ك
    ال لل, e.g. ``وبالجزائر``, ``للجزائر``) and ends at a token end. Names
    that carry the article only match without another article before them.

    Parameters
    ----------
    text : str
        Any text; offsets refer to it as given.
    kinds : iterable of str, keyword-only
        Kinds to match; by default :data:`ENTITY_KINDS` (countries, cities,
        regions, nationalities, organisations). Add :data:`NAME_KINDS`
        (``given_name``, ``family_name``, ``foreign_name``) for name lists.

    Returns
    -------
    list of GazetteerMatch

    Examples
    --------
    >>> [m.surface for m in match_gazetteer("وللجزائر وأمريكا والأمم المتحدة")]
    ['جزائر', 'أمريكا', 'الأمم المتحدة']
    >>> [m.kind for m in match_gazetteer("أحمد", kinds={"given_name"})]
    ['given_name']
    >>> [m.surface for m in match_gazetteer("على علي", kinds={"given_name"})]
    ['علي']
    >>> match_gazetteer("")
    []
    """
    wanted = ENTITY_KINDS if kinds is None else frozenset(kinds)
    if not text:
        return []
    norm, offsets = normalize_with_offsets(text, teh_marbuta=True)
    norm = normalize_hamza(norm)
    found: list[tuple[int, int, _Entry]] = []
    for group in ("entities", "names"):
        group_kinds = wanted - NAME_KINDS if group == "entities" else wanted & NAME_KINDS
        if group_kinds:
            found.extend(_candidates(norm, group_kinds, group))
    found = [c for c in found if not _maqsura_clash(text, offsets, c)]
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(norm) + 1)
    chosen: list[tuple[int, int, _Entry]] = []
    for start, end, entry in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, entry))
    chosen.sort(key=lambda c: c[0])
    out = []
    for start, end, entry in chosen:
        s = int(offsets[start])
        e = int(offsets[end - 1]) + 1
        while e < len(text) and text[e] in DIACRITICS:  # a final haraka belongs to the word
            e += 1
        out.append(
            GazetteerMatch(
                s, e, text[s:e], _ENTRY_TYPE[entry.kind], entry.canonical, entry.country, entry.kind
            )
        )
    return out

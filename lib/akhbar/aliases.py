"""Actor names: canonical keys, readable ids, actor lists and a clitic-aware phrase matcher.

An actor is known by a canonical name and any number of aliases. Names are
compared on a *key*: the normalised form (:func:`akhbar.text.normalize`) with
the spaced compounds ``عبد ال...`` and ``... الدين`` joined, so that
``عبد المجيد تبون`` and ``عبدالمجيد تبون`` are one actor. The actor id is the
type and the key, spaces made hyphens: ``person:عبدالمجيد-تبون``.

>>> actor_id("person", "عبد المجيد تبّون")
'person:عبدالمجيد-تبون'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import pandas as pd

from akhbar.text import normalize

__all__ = [
    "ACTOR_TYPES",
    "Actor",
    "PhraseMatcher",
    "actor_id",
    "load_actor_list",
    "name_key",
    "read_lexicon",
]

ACTOR_TYPES = ("person", "organization", "place", "nationality", "group")

_ABD_RE = re.compile(r"(?<!\w)(عبد|ابو|أبو) (ال\w+)")
_DIN_RE = re.compile(r"(?<!\w)(?!حزب )(\w+) (الدين|الله)(?!\w)")  # not حزب الله
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[^\w\s]")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Return the matching key of a name: normalised, compounds joined, one space.

    >>> name_key("نور الدين  مقري"), name_key("عبدُ الحميد الدبيبة")
    ('نورالدين مقري', 'عبدالحميد الدبيبة')
    """
    key = _PUNCT_RE.sub(" ", normalize(name))
    key = _SPACE_RE.sub(" ", key).strip()
    key = _ABD_RE.sub(r"\1\2", key)
    return _DIN_RE.sub(r"\1\2", key)


def actor_id(actor_type: str, name: str) -> str:
    """Readable, stable id of an actor: ``type:key`` with hyphens for spaces.

    >>> actor_id("organization", "المجلس الرئاسي")
    'organization:المجلس-الرئاسي'
    """
    return f"{actor_type}:{name_key(name).replace(' ', '-')}"


# --- lexicon files -----------------------------------------------------------------


def read_lexicon(name: str) -> list[dict[str, str]]:
    """Read a CSV lexicon shipped in ``akhbar/data/actors`` (``#`` lines are comments).

    >>> read_lexicon("roles.csv")[0]["role_id"]
    'president'
    """
    text = resources.files("akhbar").joinpath("data", "actors", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@dataclass(frozen=True, slots=True)
class Actor:
    """An entry of an actor list: canonical name, type, country, aliases."""

    name: str
    actor_type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    notes: str = ""
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", actor_id(self.actor_type, self.name))


_LIST_COLUMNS = ("name", "aliases", "type", "country", "notes")


def load_actor_list(source: str | Path | pd.DataFrame | Iterable[dict[str, Any]]) -> list[Actor]:
    """Read an analyst's actor list: CSV or YAML file, DataFrame or rows.

    Fields: ``name, aliases, type, country, notes``. In CSV ``aliases`` are
    separated by ``|`` (or ``;``); in YAML they may be a list. ``type`` is one of
    person, organization, place, nationality, group; lines starting with ``#``
    are comments. Errors name the file, the line and what was expected.

    >>> rows = [{"name": "صبري بوقادوم", "aliases": "بوقدوم|Boukadoum", "type": "person",
    ...          "country": "الجزائر"}]
    >>> load_actor_list(rows)[0].aliases
    ('بوقدوم', 'Boukadoum')
    """
    where = "actor list"
    rows: list[dict[str, Any]]
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() in (".yaml", ".yml"):
        where = str(source)
        rows = _read_yaml(Path(source))
    elif isinstance(source, (str, Path)):
        where = str(source)
        text = Path(source).read_text(encoding="utf-8-sig")
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    elif isinstance(source, pd.DataFrame):
        rows = source.to_dict("records")
    else:
        rows = list(source)
    actors = []
    for line_no, row in enumerate(rows, start=2):
        name = _cell(row.get("name"))
        actor_type = _cell(row.get("type")) or "person"
        if not name:
            raise ValueError(f"{where}, row {line_no}: field 'name' is empty (expected a name)")
        if actor_type not in ACTOR_TYPES:
            raise ValueError(
                f"{where}, row {line_no}: field 'type' is {actor_type!r} "
                f"(expected one of {', '.join(ACTOR_TYPES)})"
            )
        raw = row.get("aliases")
        parts = raw if isinstance(raw, (list, tuple)) else re.split(r"[|;]", _cell(raw))
        aliases = tuple(str(a).strip() for a in parts if str(a).strip())
        actors.append(
            Actor(
                name,
                actor_type,
                _cell(row.get("country")) or None,
                aliases,
                _cell(row.get("notes")),
            )
        )
    return actors


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    """A YAML actor list: a sequence of mappings (``aliases`` a list or a ``|`` string)."""
    try:
        import yaml
    except ModuleNotFoundError:  # pragma: no cover - PyYAML comes with JupyterLab
        raise ValueError(f"{path}: reading YAML needs PyYAML (pip install pyyaml)") from None
    rows = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ValueError(f"{path}: expected a list of actors (mappings with name, type, ...)")
    return rows


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


# --- phrase matching -------------------------------------------------------------

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
#: what may stand before an indefinite word (no article): و ف + ب ل ك
INDEFINITE_PREFIXES = frozenset(c + p for c in _CONJ for p in _PREP)
#: what may stand before the article: و ف + ب ك (ل + ال is written لل)
DEFINITE_PREFIXES = frozenset(c + p for c in _CONJ for p in ("", "ب", "ك"))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(slots=True)
class Match:
    """A phrase found in normalised text: ``start`` excludes conjunction and preposition."""

    start: int
    end: int
    token_start: int
    value: Any


class PhraseMatcher:
    """Find phrases in normalised text at word boundaries, tolerant of proclitics.

    Keys are normalised phrases. A key that starts with the article ``ال`` also
    matches after ``لل`` (``للمنفي``) and after و ف ب ك; other keys match after
    و ف ب ل ك. Overlaps resolve leftmost-longest. Matching is Aho-Corasick, so
    time grows linearly with the text.

    >>> m = PhraseMatcher({"المنفي": 1, "وزير الخارجية": 2})
    >>> [(x.start, x.end, x.value) for x in m.find("دعوة للمنفي ووزير الخارجية")]
    [(5, 11, 1), (13, 26, 2)]
    """

    def __init__(self, phrases: dict[str, Any], *, min_length: int = 2) -> None:
        self._automaton = ahocorasick.Automaton()
        cores: dict[str, dict[bool, Any]] = {}
        for phrase, value in phrases.items():
            definite = phrase.startswith("ال") and len(phrase) > 3
            core = phrase[2:] if definite else phrase
            if len(core) >= min_length:
                cores.setdefault(core, {}).setdefault(definite, value)
        for core, variants in cores.items():
            self._automaton.add_word(core, (len(core), variants))
        self.empty = not cores
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, norm: str) -> list[Match]:
        """Return the non-overlapping matches in ``norm`` (a normalised text)."""
        if self.empty or not norm:
            return []
        found: list[Match] = []
        size = len(norm)
        for last, (length, variants) in self._automaton.iter(norm):
            end = last + 1
            if end < size and _is_word(norm[end]):
                continue
            core = end - length
            token_start = core
            while token_start > 0 and _is_word(norm[token_start - 1]) and core - token_start < 5:
                token_start -= 1
            if token_start > 0 and _is_word(norm[token_start - 1]):
                continue
            prefix = norm[token_start:core]
            match = _read_prefix(prefix, core, variants)
            if match is not None:
                start, value = match
                found.append(Match(start, end, token_start, value))
        return _leftmost_longest(found)


def _read_prefix(prefix: str, core: int, variants: dict[bool, Any]) -> tuple[int, Any] | None:
    if True in variants:
        if prefix.endswith("ال") and prefix[:-2] in DEFINITE_PREFIXES:
            return core - 2, variants[True]
        if prefix.endswith("لل") and prefix[:-2] in _CONJ:
            return core - 2, variants[True]
    if False in variants and prefix in INDEFINITE_PREFIXES:
        return core, variants[False]
    return None


def _leftmost_longest(found: list[Match]) -> list[Match]:
    found.sort(key=lambda m: (m.token_start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    for match in found:
        if match.token_start >= last_end:
            kept.append(match)
            last_end = match.end
    return kept

"""Titles and offices that stand before a person's name (وزير الخارجية، الجنرال، الملك ...).

The lexicon ``data/actors/roles.csv`` maps each Arabic phrase to an English
``role_id`` and says whether the office is *specific* (one holder per country
at a time, so that the title alone may stand for the person).

>>> [(m.value.role_id, m.value.specific) for m in find_titles("ووزير الخارجية والعقيد")]
[('foreign_minister', True), ('colonel', False)]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from akhbar.aliases import Match, PhraseMatcher, read_lexicon
from akhbar.text import normalize

__all__ = ["Title", "find_titles", "title_matcher"]


@dataclass(frozen=True, slots=True)
class Title:
    """A title of the lexicon: its phrase, English role id and specificity."""

    phrase: str
    role_id: str
    specific: bool


@cache
def title_matcher() -> PhraseMatcher:
    """The matcher of every title in ``roles.csv`` (built once)."""
    titles = {}
    for row in read_lexicon("roles.csv"):
        phrase = normalize(row["phrase"]).rstrip(".")
        if phrase:
            titles.setdefault(phrase, Title(phrase, row["role_id"], row["specific"] == "1"))
    return PhraseMatcher(titles)


def find_titles(norm: str) -> list[Match]:
    """Titles in a normalised text, leftmost-longest (``value`` is a :class:`Title`)."""
    return title_matcher().find(norm)

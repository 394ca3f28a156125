"""akhbar: a research kit for analysts of Arabic news in Jupyter.

Load articles into tidy pandas tables and ask who the actors are, what themes
dominate and what happened when, natively in Arabic and fully offline.

The public API is re-exported here. Names are resolved on first use, so that
``import akhbar`` stays fast and loading a corpus never pays for matplotlib.

>>> import akhbar
>>> akhbar.normalize("أَخْبَار")
'اخبار'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that owns it
_EXPORTS: dict[str, str] = {
    "load_articles": "corpus",
    "split_paragraphs": "corpus",
    "near_duplicates": "duplicates",
    "normalize": "text",
    "save_figure": "charts",
    "extract_actors": "actors",
    "find_entities": "ner",
    "match_gazetteer": "gazetteer",
    "count_actors": "actors",
    "cooccurrence": "actors",
    "extract_quotes": "quotes",
    "load_actor_list": "aliases",
    "tag_themes": "themes",
    "theme_shares": "themes",
    "key_terms": "themes",
    "discover_topics": "themes",
    "top_themes": "themes",
    "load_theme_lexicon": "themes",
    "extract_dates": "timeline",
    "build_timeline": "timeline",
    "show": "display",
    "evidence": "display",
    "run_report": "report",
    "export_tables": "report",
    "map_articles": "parallel",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        try:  # submodules such as ``akhbar.charts`` and ``akhbar.text``
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'akhbar' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

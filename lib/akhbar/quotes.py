"""Quotes: who said what, in direct quotes and in reported speech.

:func:`extract_quotes` finds direct quotes (“…” «…» "…", and the ``”…”`` that
Arabic typesetting often opens with, as in ``بـ”حرص``) and reported speech
introduced by a reporting verb (قال، أكد، أضاف ... ``أن``) or a source cue
(حسب، وفقا لـ، نقلا عن). The speaker is the actor that
:func:`akhbar.extract_actors` finds next to the verb: after it (``وأكد الرئيس
تبون أن``), else before it (``الرئيس الجزائري عبر عن``), else the previous
speaker of the article (``وأضاف بأن``). The verbs are data:
``data/actors/reporting_verbs.csv``.

>>> quotes = extract_quotes("وقال وزير الخارجية صبري بوقادوم إن “الجزائر تدعم الحل السياسي”.")
>>> quotes[["speaker", "verb", "quote", "kind"]].values.tolist()
[['صبري بوقادوم', 'قال', 'الجزائر تدعم الحل السياسي', 'direct']]
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from akhbar.actors import Mention, Paragraph, analyse
from akhbar.aliases import PhraseMatcher, actor_id, read_lexicon
from akhbar.text import normalize, sentences

__all__ = ["QUOTE_COLUMNS", "extract_quotes"]

QUOTE_COLUMNS = [
    "article_id",
    "paragraph_no",
    "start",
    "end",
    "speaker_id",
    "speaker",
    "verb",
    "quote",
    "kind",
]

_QUOTE_RE = re.compile(
    r"«([^«»]+)»"
    r"|\u201c([^\u201c\u201d]+)[\u201d\u201c]"
    r"|\u201d([^\u201c\u201d\n]+)\u201d"
    r"|\"([^\"\n]+)\""
    r"|\u201e([^\u201c\u201d\u201e]+)[\u201c\u201d]"
)
_THAT_RE = re.compile(r"(?<!\w)(?:[وف]?(?:ب|الي |علي )?[اإأ]ن|:)(?!\w)")
_ABOUT_RE = re.compile(r"(?<!\w)عن(?!\w)")
_WORD_RE = re.compile(r"\w+")
_NEXT_RE = re.compile(r"[ \t]+(\w+)")
_KEY_RE = re.compile(r"[^\w]+")
_MIN_WORDS = 3
_WINDOW = 160  # characters between a verb and its quote or its "أن"


@cache
def _lexicon() -> tuple[PhraseMatcher, re.Pattern[str]]:
    verbs: dict[str, str] = {}
    sources: list[tuple[str, str]] = []
    for row in read_lexicon("reporting_verbs.csv"):
        for form in row["forms"].split("|"):
            form = normalize(form).strip()
            if not form:
                continue
            if row["kind"] == "source":
                sources.append((form, row["verb"]))
            else:
                verbs.setdefault(form, row["verb"])
    alternatives = []
    for form, _ in sorted(sources, key=lambda item: -len(item[0])):
        pattern = re.escape(form).replace(r"\ ", r"\s+")
        alternatives.append(pattern if form.endswith(" ل") else pattern + r"(?!\w)")
    source_re = re.compile(r"(?<!\w)[وف]?(?:" + "|".join(alternatives) + ")")
    return PhraseMatcher(verbs), source_re


def _source_verb(form: str) -> str:
    form = form.strip()
    for row in read_lexicon("reporting_verbs.csv"):
        if row["kind"] == "source" and any(
            normalize(f) in form for f in row["forms"].split("|") if f
        ):
            return row["verb"]
    return form


class _Speaker:
    __slots__ = ("id", "name")

    def __init__(self, speaker_id: str | None, name: str | None) -> None:
        self.id, self.name = speaker_id, name


def _of(mention: Mention) -> _Speaker:
    return _Speaker(mention.id, mention.name)


def _speakers(para: Paragraph) -> list[Mention]:
    return [m for m in para.mentions if m.actor_type in ("person", "organization", "group")]


def _after(para: Paragraph, start: int, end: int) -> _Speaker | None:
    """The first person (else organisation) named between ``start`` and ``end``."""
    inside = [m for m in _speakers(para) if start <= m.s and m.e <= end]
    people = [m for m in inside if m.actor_type == "person"]
    if people or inside:
        return _of((people or inside)[0])
    for title in para.titles:  # "وقال المتحدث باسم الوزارة إن": the title speaks
        if start <= title.start < end:
            stop = title.end
            for _ in range(3):  # المتحدث باسم الحكومة الليبية
                word = _NEXT_RE.match(para.norm, stop, end)
                if word is None or not word.group(1).startswith(("ال", "لل")):
                    break
                stop = word.end()
            s, e = para.original(title.start, stop)
            return _Speaker(None, para.text[s:e])
    return None


def _before(para: Paragraph, start: int, end: int) -> _Speaker | None:
    inside = [m for m in _speakers(para) if start <= m.s and m.e <= end]
    return _of(inside[-1]) if inside else None


def _source(para: Paragraph, cue_end: int) -> _Speaker | None:
    """The speaker named right after حسب / وفقا لـ / نقلا عن: an actor, else the next word."""
    rest = para.norm[cue_end:]
    words = list(_WORD_RE.finditer(rest))[:3]
    limit = cue_end + (words[-1].end() if words else 0)
    for m in _speakers(para):
        if cue_end <= m.s < limit:
            return _of(m)
    if not words:
        return None
    s, e = para.original(cue_end + words[0].start(), cue_end + words[0].end())
    word = para.text[s:e]
    if para.norm[cue_end - 1] == "ل" and word.startswith("ل"):
        word = "ا" + word  # وفقا للبيان
    return _Speaker(actor_id("organization", word), word)


def _sentence_start(spans: list[tuple[int, int]], pos: int) -> int:
    start = 0
    for s, _ in spans:
        if s > pos:
            break
        start = s
    return start


def _sentence_end(spans: list[tuple[int, int]], pos: int, size: int) -> int:
    for s, e in spans:
        if s <= pos < e:
            return e
    return size


def _paragraph_quotes(para: Paragraph, previous: list[_Speaker | None]) -> list[dict[str, Any]]:
    verbs_matcher, source_re = _lexicon()
    norm = para.norm
    spans = sentences(norm)
    verbs = [v for v in verbs_matcher.find(norm) if _is_reporting(norm, v)]
    cues = list(source_re.finditer(norm))
    used: set[int] = set()
    rows = []
    quoted: list[tuple[int, int]] = []
    for match in _QUOTE_RE.finditer(norm):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        qs, qe = match.start(group), match.end(group)
        quoted.append((match.start(), match.end()))
        if len(_WORD_RE.findall(match.group(group))) < _MIN_WORDS:
            continue
        begin = _sentence_start(spans, match.start())
        speaker, verb = _attribute(para, begin, match.start(), verbs, cues, used, previous)
        rows.append(_row(para, qs, qe, speaker, verb, "direct"))
        if speaker is not None:
            previous[0] = speaker
    for verb in verbs:
        if verb.start in used or any(s <= verb.start < e for s, e in quoted):
            continue
        that = _THAT_RE.search(norm, verb.end, min(len(norm), verb.end + _WINDOW))
        if that is None:
            continue
        end = _sentence_end(spans, that.end(), len(norm))
        if any(verb.end <= s < end for s, _ in quoted) or end - that.end() < 8:
            continue
        begin = _sentence_start(spans, verb.start)
        speaker = (
            _after(para, verb.end, that.start()) or _before(para, begin, verb.start) or previous[0]
        )
        rows.append(_row(para, that.end(), end, speaker, verb.value, "reported"))
        used.add(verb.start)
        if speaker is not None:
            previous[0] = speaker
    for cue in cues:
        if cue.start() in used or any(s <= cue.start() < e for s, e in quoted):
            continue
        begin = _sentence_start(spans, cue.start())
        end = _sentence_end(spans, cue.start(), len(norm))
        speaker = _source(para, cue.end())
        if cue.start() - begin > 20:  # "..., حسب وكالة الأنباء": the sentence before the cue
            qs, qe = begin, cue.start()
        else:  # "وحسب بيان ...، فإن ...": what follows the first comma
            comma = norm.find("،", cue.end(), end)
            if comma == -1:
                continue
            qs, qe = comma + 1, end
        if any(qs <= v.start < qe for v in verbs) or qe - qs < 8:
            continue
        rows.append(_row(para, qs, qe, speaker, _source_verb(cue.group()), "reported"))
    return rows


def _is_reporting(norm: str, verb: Any) -> bool:
    if verb.value != "عبر عن":
        return True
    return _ABOUT_RE.search(norm, verb.end, verb.end + 120) is not None  # not "عبر الحدود"


def _attribute(para, begin, quote_start, verbs, cues, used, previous):
    """Speaker and verb of a direct quote opening at ``quote_start``."""
    for cue in cues:
        if begin <= cue.start() < quote_start:
            used.add(cue.start())
            return _source(para, cue.end()), _source_verb(cue.group())
    before = [v for v in verbs if begin <= v.start < quote_start and v.start not in used]
    if not before:
        return None, None
    verb = before[-1]
    used.add(verb.start)
    speaker = _after(para, verb.end, quote_start) or _before(para, begin, verb.start) or previous[0]
    return speaker, verb.value


def _row(para: Paragraph, qs: int, qe: int, speaker, verb, kind: str) -> dict[str, Any]:
    while qs < qe and not para.norm[qs].isalnum():
        qs += 1
    while qe > qs and para.norm[qe - 1] in " .،,؛:":
        qe -= 1
    s, e = para.original(qs, qe)
    return {
        "article_id": para.article_id,
        "paragraph_no": para.paragraph_no,
        "start": s,
        "end": e,
        "speaker_id": speaker.id if speaker else None,
        "speaker": speaker.name if speaker else None,
        "verb": verb,
        "quote": para.text[s:e],
        "kind": kind,
    }


def extract_quotes(
    articles: pd.DataFrame | str,
    *,
    actor_list: str | Path | pd.DataFrame | None = None,
    builtin: bool = True,
    include_repeats: bool = False,
) -> pd.DataFrame:
    """Find direct quotes and reported speech with their speakers: one row per quote.

    Parameters
    ----------
    articles : DataFrame or str
        Articles, paragraphs or a plain string, as for :func:`akhbar.extract_actors`
        (the same ``actor_list`` and ``builtin`` options apply). Not modified.
    include_repeats : bool, keyword-only
        Also read paragraphs that repeat another; off by default, so a pull
        quote is not counted twice. A quote repeated within an article is
        reported once either way.

    Returns
    -------
    DataFrame
        ``article_id, paragraph_no, start, end, speaker_id, speaker, verb, quote,
        kind``: ``start``/``end`` are the quote's offsets in the paragraph's
        text, ``kind`` is ``direct`` (quotation marks) or ``reported``; speaker
        and verb are None when nothing attributes the quote.

    Examples
    --------
    >>> text = "وأكد المتحدث باسم الحكومة أن الانتخابات ستجري في موعدها."
    >>> extract_quotes(text)[["speaker", "verb", "quote", "kind"]].values.tolist()
    [['المتحدث باسم الحكومة', 'أكد', 'الانتخابات ستجري في موعدها', 'reported']]
    """
    rows: list[dict[str, Any]] = []
    for paragraphs in analyse(
        articles, actor_list=actor_list, builtin=builtin, include_repeats=include_repeats
    ):
        previous: list[_Speaker | None] = [None]
        seen: dict[str, int] = {}
        for para in paragraphs:
            for row in _paragraph_quotes(para, previous):
                key = _KEY_RE.sub(" ", normalize(row["quote"])).strip()
                if key in seen:  # the same words again: keep the attributed one
                    kept = rows[seen[key]]
                    if kept["speaker"] is None and row["speaker"] is not None:
                        rows[seen[key]] = row
                    continue
                seen[key] = len(rows)
                rows.append(row)
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame["article_id"] = frame["article_id"].astype(object)
    for column in ("paragraph_no", "start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame

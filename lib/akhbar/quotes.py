"""Quotes: who said what, in direct quotes and in reported speech.

:func:`extract_quotes` finds direct quotes (“…” «…» "…", and the ``”…”`` that
Arabic typesetting often opens with, as in ``بـ”حرص``) and reported speech
introduced by a reporting verb (قال، أكد، أضاف ... ``أن``) or a source cue
(حسب، وفقا لـ، نقلا عن، على لسان: ``أعلنت الجزائر على لسان الرئيس تبون، استعدادها
...`` is تبون's, the rest of the sentence after his name). The speaker is the actor that
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
from bisect import bisect_left, bisect_right
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from akhbar.actors import Mention, Paragraph, analyse
from akhbar.aliases import PhraseMatcher, actor_id, read_lexicon
from akhbar.parallel import dispatch
from akhbar.text import has_arabic, normalize, sentences

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
    "co_speaker",
]

_QUOTE_RE = re.compile(
    r"«([^«»]+)»"
    r"|\u201c([^\u201c\u201d]+)[\u201d\u201c]"
    r"|\u201d([^\u201c\u201d\n]+)\u201d"
    r"|\"([^\"\n]+)\""
    r"|\u201e([^\u201c\u201d\u201e]+)[\u201c\u201d]"
)
_THAT_RE = re.compile(r"(?<!\w)(?:[وف]?(?:ب|الي |علي )?[اإأ]ن(?:ه|ها|هم)?|:)(?!\w)")
_ABOUT_RE = re.compile(r"(?<!\w)عن(?!\w)")
_WORD_RE = re.compile(r"\w+")
_WITH_RE = re.compile(r"(?<!\w)مع(?!\w)")
_PHRASE_RE = re.compile(r"\s*(\w+(?:\s+\w+){0,4}?)(?=\s*[،,]|\s+(?:علي|في|حول|بشان)\s)")
_SOURCE_NOUNS = "|".join(
    normalize(w)
    for w in (
        "مصدر مصادر متحدث متحدثة مسؤول مسؤولون مسؤولين بيان تقرير تقارير صحيفة قناة وكالة "
        "وزارة بعض شهود خبراء أطباء محللون محللين ناشطون نشطاء سكان مراقبون دبلوماسيون "
        "مواطنون معارضون فريق وسائل"
    ).split()
)
_NOT_SOURCE = (
    r"(?:في|من|علي|عن|الي|مع|ان|بان|انه|انها|بالقول|خلال|امس|اليوم|الان|الاثنين|الثلاثاء"
    r"|الاربعاء|الخميس|الجمعة|السبت|الاحد|لوكالة|لقناة|لصحيفة|لموقع|لشبكة|لوسائل|لتلفزيون"
    r"|لاذاعة|لل\w+)(?!\w)"
)
#: a speaker that no list or tagger knows: a definite noun or a source noun, 1-4 words;
#: never a day (أعلنت الخميس أن) nor the veil of كشف النقاب عن
_SOURCE_RE = re.compile(
    r"\s*((?!"
    + _NOT_SOURCE
    + r"|(?:النقاب|الستار)(?!\w))(?:(?:هذه|هذا|تلك|ذلك)\s+)?(?:ال(?!ي\b)\w+|(?:"
    + _SOURCE_NOUNS
    + r")(?!\w))(?:\s+(?!"
    + _NOT_SOURCE
    + r")\w+){0,3}?)"
    r"(?=\s*[،,:]|\s*$|\s+" + _NOT_SOURCE + r")"
)
_NEXT_RE = re.compile(r"[ \t]+(\w+)")
_WHAT_RE = re.compile(r"\s*ما\s+\w+")
_ASIDE_RE = re.compile(r"\s*،[^،.]{1,80}،")
_TO_RE = re.compile(r"(?<!\w)ل\s*$")
_TO_NAME_RE = re.compile(r"(?:ل[\"\u201c\u201d\u00ab]?|(?<!\w)(?:علي|عبر|في)\s+)$")
#: participles (مؤكدا، قائلا ...): the subject is the sentence's last speaker
_PARTICIPLES = frozenset(
    normalize(w)
    for w in (
        "قائلا قائلة مؤكدا مؤكدة مضيفا مضيفة موضحا موضحة مشددا مشددة معبرا معربا محذرا محذرة "
        "داعيا داعية نافيا معلنا معلنة مذكرا مشيرا مشيرة معتبرا معتبرة لافتا لافتة مطالبا "
        "مطالبة كاشفا متابعا مردفا مردفة مدعيا"
    ).split()
)
_VIA_RE = re.compile(
    r"\s+(?:ال)?(?:هاتف|حدود|انترنت|انترنيت|وسائل|وسايل|حساب|حسابه|حسابها|موقع|مواقع|منصة"
    r"|منصات|تويتر|فيسبوك|بريد|فيديو|اقمار|قنوات|قناة|تطبيق|رسالة|رسائل|بيان|طريق)(?!\w)"
)
_TIME_THAT_RE = re.compile(r"(?<!\w)[وف]?(?:بعد|قبل|منذ|حتي|لدرجة|حين)\s+$")
#: على لسان right after a verb, the subject between them or not (أعلنت الجزائر على لسان)
_TONGUE_RE = re.compile(r"(?:\s+\w+){0,3}?\s+(علي\s+لسان)(?!\w)")
_CUT_RE = re.compile(
    r"\s*[،,:]\s*(?:[وف]?ب?[اإأ]ن(?:ه|ها|هم)?(?!\w))?|\s+[وف]?ب?[اإأ]ن(?:ه|ها|هم)?(?!\w)"
)
_KEY_RE = re.compile(r"[^\w]+")
_MIN_WORDS = 3
_WINDOW = 160  # characters between a verb and its quote or its "أن"


@cache
def _lexicon() -> tuple[PhraseMatcher, re.Pattern[str]]:
    verbs: dict[str, dict[str, bool]] = {}
    sources: list[tuple[str, str]] = []
    for row in read_lexicon("reporting_verbs.csv"):
        for form in row["forms"].split("|"):
            form = normalize(form).strip()
            if not form:
                continue
            if row["kind"] == "source":
                sources.append((form, row["verb"]))
            else:  # ذكر and ذكّر share a normalised form: the shadda decides
                verbs.setdefault(form, {})[row["verb"]] = "\u0651" in row["verb"]
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


class _Index:
    """Sorted positions of a paragraph's speakers, verbs, cues, quotes and sentences."""

    def __init__(self, para: Paragraph, verbs: list[Any], cues: list[Any]) -> None:
        self.para = para
        self.speakers = [
            m for m in para.mentions if m.actor_type in ("person", "organization", "group")
        ]
        self.speaker_starts = [m.s for m in self.speakers]
        self.places = [m for m in para.mentions if m.actor_type == "place"]
        self.place_starts = [m.s for m in self.places]
        self.verbs, self.verb_starts = verbs, [v.start for v in verbs]
        self.cues, self.cue_starts = cues, [c.start() for c in cues]
        self.sentences = sentences(para.norm)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.quoted: list[tuple[int, int]] = []

    def names_source(self, quote_start: int) -> bool:
        """True for ``ذكرت “سكاي نيوز عربية”``: a short quote right after a verb names the source."""
        i = bisect_left(self.verb_starts, quote_start) - 1
        if i < 0 or self.para.norm.startswith("قول", self.verbs[i].start):  # قوله “...”
            return False
        return 0 <= quote_start - self.verbs[i].end <= 2

    def partner(self, start: int, end: int) -> str | None:
        """Who speaks together with the speaker: ``اتفق الدبيبة مع وفد جزائري على “...”``."""
        with_ = _WITH_RE.search(self.para.norm, start, end)
        if with_ is None:
            return None
        for i in self.in_range(self.speaker_starts, with_.end(), end):
            m = self.speakers[i]
            if m.s - with_.end() <= 2:
                return m.name
        phrase = _PHRASE_RE.match(self.para.norm, with_.end(), end)
        if phrase is None:
            return None
        s, e = self.para.original(phrase.start(1), phrase.end(1))
        return self.para.text[s:e]

    def in_range(self, starts: list[int], start: int, end: int) -> range:
        return range(bisect_left(starts, start), bisect_left(starts, end))

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_starts, pos) - 1
        if i < 0:
            return 0, len(self.para.norm)
        s, e = self.sentences[i]
        return s, max(e, pos)

    def is_quoted(self, pos: int) -> bool:
        i = bisect_right(self.quoted, (pos, float("inf"))) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def quote_within(self, start: int, end: int) -> bool:
        i = bisect_left(self.quoted, (start, -1))
        return i < len(self.quoted) and self.quoted[i][0] < end

    def after(self, start: int, end: int) -> _Speaker | None:
        """The first person (else organisation, else title) named between ``start`` and ``end``."""
        first = None
        for i in self.in_range(self.speaker_starts, start, end):
            m = self.speakers[i]
            if m.e > end:
                break
            if m.actor_type == "person":
                if self.addressed(m):
                    continue  # أوضح للأمير محمد بن سلمان أنه: the one spoken to
                return _of(m)
            if _TO_NAME_RE.search(self.para.norm, max(0, m.s - 5), m.s):
                continue  # لوكالة فرانس برس، على تويتر: spoken to or through, not speaking
            first = first or m
        para = self.para
        if first is not None:
            return self.holder(first)
        for i in self.in_range(self.place_starts, start, start + 3):  # وأعلنت واشنطن أنها
            if self.places[i].e <= end:
                return _of(self.places[i])
        for i in self.in_range(para.title_starts, start, end):  # "وقال المتحدث باسم الوزارة"
            title = para.titles[i]
            if "ل" in para.norm[title.token_start : title.start] or para.norm.startswith(
                "لل", title.start
            ):
                continue  # أوضح للأمير أنه: the one spoken to
            stop = title.end
            for _ in range(3):  # المتحدث باسم الحكومة الليبية
                word = _NEXT_RE.match(para.norm, stop, end)
                if word is None or not word.group(1).startswith(("ال", "لل")):
                    break
                stop = word.end()
            s, e = para.original(title.start, stop)
            return _Speaker(None, para.text[s:e])
        phrase = _SOURCE_RE.match(para.norm, start, end)  # وذكرت الصحيفة أن، قالت قناة العراقية
        if phrase is not None:
            s, e = para.original(phrase.start(1), phrase.end(1))
            return _Speaker(None, para.text[s:e])
        return None

    def quoted_from(self, begin: int, verb: Any) -> _Speaker | None:
        """``نقلت الوكالة عن مصدر عسكري قوله``: the speaker follows the last عن before قوله."""
        if not self.para.norm.startswith("قول", verb.start):
            return None
        abouts = list(_ABOUT_RE.finditer(self.para.norm, begin, verb.start))
        return self.after(abouts[-1].end(), verb.start) if abouts else None

    def before(self, start: int, end: int) -> _Speaker | None:
        for i in reversed(self.in_range(self.speaker_starts, start, end)):
            if self.speakers[i].e <= end:
                return self.holder(self.speakers[i])
        return None

    def addressed(self, m: Mention) -> bool:
        """True when the title right before a person carries ل (للأمير، لوزير): spoken to."""
        para = self.para
        j = bisect_left(para.title_starts, m.s) - 1
        if j < 0 or para.norm[para.titles[j].end : m.s].strip():
            return False
        title = para.titles[j]
        prefix = para.norm[title.token_start : title.start]
        return "ل" in prefix or para.norm.startswith("لل", title.start)

    def holder(self, m: Mention) -> _Speaker:
        """An organisation right after a title speaks through the title's holder:
        ``مدير مكتب الاتصال الحكومي`` (a person, or an organisation without a title, speaks
        for itself)."""
        para = self.para
        j = bisect_left(para.title_starts, m.s) - 1
        if m.actor_type == "person" or j < 0 or para.titles[j].end > m.s:
            return _of(m)
        if para.norm[para.titles[j].end : m.s].strip() or m.s - para.titles[j].end > 2:
            return _of(m)
        s, e = para.original(para.titles[j].start, m.e)
        return _Speaker(None, para.text[s:e])

    def source(self, cue_end: int) -> _Speaker | None:
        """The speaker named right after حسب / وفقا لـ / نقلا عن: an actor, else the next word."""
        para = self.para
        what = _WHAT_RE.match(para.norm, cue_end)  # حسب ما أعلنته الوزارة: past ما and its verb
        if what is not None:
            cue_end = what.end()
        words = list(_WORD_RE.finditer(para.norm, cue_end, cue_end + 80))[:3]
        if not words:
            return None
        for i in self.in_range(self.speaker_starts, cue_end, words[-1].end()):
            return _of(self.speakers[i])
        s, e = para.original(words[0].start(), words[0].end())
        word = para.text[s:e]
        if para.norm[cue_end - 1] == "ل" and word.startswith("ل"):
            word = "ا" + word  # وفقا للبيان
        return _Speaker(actor_id("organization", word), word)


def _paragraph_quotes(para: Paragraph, previous: list[Any]) -> list[dict[str, Any]]:
    verbs_matcher, source_re = _lexicon()
    norm = para.norm
    if not has_arabic(norm):  # the lexicons are Arabic: no speaker, no verb to find
        return []
    verbs = []
    for verb in verbs_matcher.find(norm):
        s, e = para.original(verb.start, verb.end)
        shadda = "\u0651" in para.text[s:e]
        lemmas = [lemma for lemma, marked in verb.value.items() if marked == shadda]
        verb.value = lemmas[0] if lemmas else next(iter(verb.value))
        if _is_reporting(norm, verb):
            verbs.append(verb)
    index = _Index(para, verbs, list(source_re.finditer(norm)))
    used: set[int] = set()
    rows = []
    for match in _QUOTE_RE.finditer(norm):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        n_words = len(_WORD_RE.findall(match.group(group)))
        if n_words <= 4 and _TO_RE.search(norm, max(0, match.start() - 3), match.start()):
            continue  # وأضافت الوزيرة لـ“سكاي نيوز عربية” إن: the medium spoken to
        index.quoted.append((match.start(), match.end()))
        if n_words < _MIN_WORDS or (n_words <= 4 and index.names_source(match.start())):
            continue

        begin, _ = index.sentence(match.start())
        speaker, verb, partner = _attribute(index, begin, match.start(), used, previous)
        if verb is None and n_words <= 5:
            continue  # مظاهرات "العودة الكبرى": a name or a slogan, not a quote
        qs, qe = match.start(group), match.end(group)
        rows.append(_row(para, qs, qe, speaker, verb, "direct", partner))
        if speaker is not None:
            previous[:] = [speaker, (para.paragraph_no, begin)]
    for verb in verbs:
        if verb.start in used or index.is_quoted(verb.start):
            continue
        if (tongue := _TONGUE_RE.match(norm, verb.end)) is not None:  # أعلنت على لسان X، ...
            row = _tongue(index, verb, tongue)
            if row is not None:
                rows.append(row)
                used.update((verb.start, tongue.start(1)))
                if (speaker := index.source(tongue.end())) is not None:
                    previous[:] = [speaker, None]
                continue
        that = _THAT_RE.search(norm, verb.end, min(len(norm), verb.end + _WINDOW))
        if that is None or _TIME_THAT_RE.search(norm, max(0, that.start() - 6), that.start()):
            continue  # بعد أن، قبل أن: a time clause, not what was said
        begin, end = index.sentence(that.end())
        if index.quote_within(verb.end, end) or end - that.end() < 8:
            continue
        begin, _ = index.sentence(verb.start)
        speaker = _speaker_of(index, begin, verb, that.start(), previous)
        rows.append(_row(para, that.end(), end, speaker, verb.value, "reported"))
        used.add(verb.start)
        if speaker is not None:
            previous[:] = [speaker, (para.paragraph_no, begin)]
    for cue in index.cues:
        if cue.start() in used or index.is_quoted(cue.start()):
            continue
        begin, end = index.sentence(cue.start())
        speaker = index.source(cue.end())
        if cue.start() - begin > 20:  # "..., حسب وكالة الأنباء": the sentence before the cue
            qs, qe = begin, cue.start()
        else:  # "وحسب بيان ...، فإن ...": what follows the first comma
            comma = norm.find("،", cue.end(), end)
            if comma == -1:
                continue
            qs, qe = comma + 1, end
        if index.in_range(index.verb_starts, qs, qe) or qe - qs < 8:
            continue
        rows.append(_row(para, qs, qe, speaker, _source_verb(cue.group()), "reported"))
    return rows


def _tongue(index: _Index, verb: Any, tongue: re.Match[str]) -> dict[str, Any] | None:
    """``أعلنت الجزائر على لسان الرئيس تبون، استعدادها ...``: the speaker is named between
    على لسان and the first comma (or أن), and the quote is the rest of the sentence."""
    norm = index.para.norm
    _, end = index.sentence(tongue.end())
    cut = _CUT_RE.search(norm, tongue.end(), min(end, tongue.end() + 80))
    if cut is None or end - cut.end() < 8 or index.quote_within(cut.end(), end):
        return None
    speaker = index.after(tongue.end(), cut.start())
    if speaker is None:
        s, e = index.para.original(tongue.end(), cut.start())
        speaker = _Speaker(None, index.para.text[s:e].strip())
    return _row(index.para, cut.end(), end, speaker, verb.value, "reported")


def _is_reporting(norm: str, verb: Any) -> bool:
    if verb.value != "عبر عن":
        return True
    if _VIA_RE.match(norm, verb.end):  # عبر الهاتف، عبر حسابه على تويتر: "via"
        return False
    return _ABOUT_RE.search(norm, verb.end, verb.end + 120) is not None  # not "عبر الحدود"


def _attribute(index: _Index, begin: int, quote_start: int, used: set[int], previous: list):
    """Speaker and verb of a direct quote opening at ``quote_start``."""
    for i in index.in_range(index.cue_starts, begin, quote_start):
        cue = index.cues[i]
        used.add(cue.start())
        return index.source(cue.end()), _source_verb(cue.group()), None
    before = [
        index.verbs[i]
        for i in index.in_range(index.verb_starts, begin, quote_start)
        if index.verbs[i].start not in used
    ]
    if not before:
        return None, None, None
    verb = before[-1]
    used.add(verb.start)
    speaker = _speaker_of(index, begin, verb, quote_start, previous)
    return speaker, verb.value, index.partner(verb.end, quote_start)


def _speaker_of(index: _Index, begin: int, verb: Any, stop: int, previous: list) -> Any:
    """Who says what ``verb`` introduces: the speaker of the sentence's previous quote for a
    participle (``وأوضح الوزير أن ...، موضحا أن``); else the subject after the verb (past
    an aside: ``كما أكد، خلال اتصاله بمحافظ الحديدة، أن``), else before it, else the
    previous speaker."""
    norm = index.para.norm
    if norm[verb.start : verb.end] in _PARTICIPLES:
        i = bisect_left(index.verb_starts, verb.start) - 1
        if i >= 0 and index.verbs[i].start >= begin:  # وأكد الوزير اليمني قائلا
            if (subject := index.after(index.verbs[i].end, verb.start)) is not None:
                return subject
        if previous[0] is not None and previous[1] == (index.para.paragraph_no, begin):
            return previous[0]
    start = verb.end
    if (aside := _ASIDE_RE.match(norm, verb.end, stop)) is not None:
        start = aside.end()
    speaker = index.quoted_from(begin, verb) or index.after(start, stop)
    speaker = speaker or index.before(begin, verb.start)
    return speaker or previous[0] or index.before(0, verb.start)


def _row(
    para: Paragraph, qs: int, qe: int, speaker, verb, kind: str, partner: str | None = None
) -> dict[str, Any]:
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
        "co_speaker": partner,
    }


def extract_quotes(
    articles: pd.DataFrame | str,
    *,
    actor_list: str | Path | pd.DataFrame | None = None,
    builtin: bool = True,
    include_repeats: bool = False,
    n_jobs: int | None = None,
    cache: str | Path | bool | None = None,
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
    n_jobs : int or None, keyword-only
        Run on this many processes (``-1``: all cores) with
        :func:`akhbar.parallel.map_articles`; same rows as serial. A dask
        DataFrame of articles gives a lazy dask DataFrame (one task per partition).
    cache : folder, False or None, keyword-only
        Keep the results per article as Parquet in this folder and extract
        only the articles not there yet (see :mod:`akhbar.cache`); None uses
        the folder of ``load_articles(..., cache=)`` when the articles come
        from one, False never reads or writes a cache.

    Returns
    -------
    DataFrame
        ``article_id, paragraph_no, start, end, speaker_id, speaker, verb, quote,
        kind, co_speaker``: ``start``/``end`` are the quote's offsets in the
        paragraph's text, ``kind`` is ``direct`` (quotation marks) or
        ``reported``; speaker and verb are None when nothing attributes the
        quote; ``co_speaker`` names who speaks with the speaker (``اتفق X مع
        Y على “...”``), else None.

    Examples
    --------
    >>> text = "وأكد المتحدث باسم الحكومة أن الانتخابات ستجري في موعدها."
    >>> extract_quotes(text)[["speaker", "verb", "quote", "kind"]].values.tolist()
    [['المتحدث باسم الحكومة', 'أكد', 'الانتخابات ستجري في موعدها', 'reported']]
    """
    if (
        elsewhere := dispatch(
            extract_quotes,
            articles,
            n_jobs=n_jobs,
            cache=cache,
            actor_list=actor_list,
            builtin=builtin,
            include_repeats=include_repeats,
        )
    ) is not None:
        return elsewhere  # worker processes or dask partitions (akhbar.parallel)
    rows: list[dict[str, Any]] = []
    for paragraphs in analyse(
        articles, actor_list=actor_list, builtin=builtin, include_repeats=include_repeats
    ):
        previous: list[Any] = [None, None]  # the last speaker and where: (paragraph, sentence)
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
    # object columns whatever the rows (inferred, a column of Nones would be object, else
    # str), so results on blocks of articles concatenate to the serial result (parallel.py)
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS, dtype=object)
    frame["article_id"] = frame["article_id"].astype(object)
    for column in ("paragraph_no", "start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame

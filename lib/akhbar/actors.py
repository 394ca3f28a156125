"""Actors: who appears in the news, in which role, under which names.

:func:`extract_actors` returns one row per mention of a person, organisation,
place, nationality or group, with the role and country that the text (or a
list of well-known actors) gives. Within an article, a family name alone
(``بوقادوم``, ``لبوقادوم``) and an unambiguous title alone (``وزير الخارجية
الجزائري``) resolve to the full name. :func:`count_actors` makes one row per
actor and :func:`cooccurrence` the weighted edges of the actor network.

Actor types: ``person``; ``place`` (countries, cities, regions); ``nationality``
(a nisba, ``الجزائري``, ``الجزائريين``: it links to the country without being a
mention of it); ``group`` for named non-state collective actors: armed groups,
militias and political-military movements (داعش، القاعدة، حزب الله، الحوثيون،
طالبان، بوكو حرام) listed by canonical name in ``data/actors/groups.csv``, whatever
source found them; ``organization`` for every other body (states' institutions,
parties, companies, international bodies). Generic collectives (``الجماعات
الإرهابية``) name no one and are not actors; plural nisbas stay nationalities.

A role stands before the name (``وزير الخارجية الجزائري صبري بوقادوم``) or right
after it (``صبري بوقادوم، وزير الخارجية الجزائري،``; ``X وزير خارجية الجزائر``
when X follows a verb of saying or opens its clause). The short form of a name
is its last word, or its first for Chinese, Korean and Vietnamese names
(``كيم`` of ``كيم جونغ أون``; ``data/actors/family_first.csv``).

Names come from four sources, in this order of trust: the actor lists (built-in
``data/actors/known_actors.csv`` and the analyst's ``actor_list``), the
gazetteers, rules (organisation names such as ``حكومة الوحدة الوطنية``), and
the statistical tagger (:func:`akhbar.ner.find_entities`).

>>> mentions = extract_actors("وكان وزير الخارجية الجزائري صبري بوقادوم في طرابلس. وقال بوقادوم")
>>> people = mentions[mentions["actor_type"] == "person"]
>>> people[["surface", "actor_id", "role", "country"]].values.tolist()
[['صبري بوقادوم', 'person:صبري-بوقادوم', 'وزير الخارجية', 'الجزائر'], \
['بوقادوم', 'person:صبري-بوقادوم', nan, 'الجزائر']]
>>> mentions.loc[mentions["actor_type"] != "person", ["surface", "actor_type", "country"]]
    surface   actor_type  country
0  الجزائري  nationality  الجزائر
2    طرابلس        place    ليبيا
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from akhbar.aliases import (
    Actor,
    Match,
    PhraseMatcher,
    actor_id,
    load_actor_list,
    name_key,
    read_lexicon,
)
from akhbar.parallel import dispatch
from akhbar.roles import find_titles
from akhbar.text import has_arabic, normalize, normalize_with_offsets, split_proclitic

__all__ = [
    "MENTION_COLUMNS",
    "cooccurrence",
    "count_actors",
    "extract_actors",
    "known_actors",
]

MENTION_COLUMNS = [
    "article_id",
    "paragraph_no",
    "start",
    "end",
    "surface",
    "actor_id",
    "name",
    "actor_type",
    "role",
    "country",
    "published_at",
]

_WORD_RE = re.compile(r"\w+")
_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+)")
_STRIP_RE = re.compile(r"[\u064b-\u065f\u0670\u0640]")
#: words that may sit inside a role: "مدير الوثائق في جهاز ..." "رئيس بلاده"
_CONNECTORS = frozenset(["في", "لدى", "ب", "بلاده", "بلادها", "باسم"])
#: definite words that end an organisation name rather than continue it
_ORG_STOP = frozenset(
    normalize(w)
    for w in (
        "الجديد الجديدة الجدد السابق السابقة الحالي الحالية المذكور المذكورة المقبل المقبلة "
        "الماضي الماضية الأخير الأخيرة الأول الأولى الثاني الثانية الذي التي الذين اللذين "
        "اللتين اليوم الأمس الآن الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد "
        "المعنية المعني نفسها نفسه ذاتها ذاته إلى إلا الآن "
        # after a name, not part of it: مجلس الأمن (التابع للأمم المتحدة، البالغ عدد أعضائه)
        "التابع التابعة البالغ البالغة الأسبوعي الأسبوعية المتمردة المؤلف المكون المكونة"
    ).split()
)
_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل")
#: time words that may sit between a title and a name and stay out of the role
_TRANSPARENT = frozenset(
    normalize(w)
    for w in "اليوم أمس الأمس الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد".split()
)
_TRAILING = _TRANSPARENT | {"في", "لدى", "ب"}
_PLAIN_OK = _CONNECTORS | _TRANSPARENT
#: nouns in construct before a title: the phrase names someone else (مساعد وزير الخارجية)
_OF_TITLE = frozenset(
    normalize(p + w)
    for w in (
        "مساعد مساعدة نائب نائبة مستشار مستشارة وكيل ممثل مكتب متحدث ناطق سفير مبعوث ديوان "
        "زوجة زوج ابن ابنة نجل شقيق شقيقة أسرة عائلة حرس موكب طائرة مقر منزل قصر خطاب رسالة "
        "زيارة حكومة إدارة عهد رفقاء رفاق أنصار مؤيدو مؤيدي معارضو معارضي خصوم حلفاء"
    ).split()
    for p in ("", "و", "ف", "ب", "ل")
)
#: a word right before a name that makes the name the object, never the holder of a role
_NOT_BEFORE_NAME = frozenset(["في", "لدي", "ب", "باسم", "عن", "من", "مع", "الي", "علي"])
#: words that look definite once normalised but never sit inside a role: إلى إلا الآن, days
_CHAIN_STOP = frozenset(
    normalize(w) for w in "إلى وإلى إلا الآن لدى الذي التي الذين اللذين اللتين اللاتي".split()
)
#: words that never continue a person's name
_FUNCTION_WORDS = frozenset(
    normalize(w)
    for w in (
        "في من على إلى عن مع أن إن بأن بعد قبل خلال منذ حول ضد عند لدى قد لم لن لا ما هو هي "
        "أو ثم كما بين حتى إلا غير كل وقال قال وأكد أكد وأضاف أضاف يوم أمس اليوم الذي التي "
        "رئيس وزير نائب مدير قائد الى الي وفي ومن وعلى لها له فيها عليه عليها"
    ).split()
)
#: words after which ``X وزير ...`` (no comma) is the person's own title: verbs of saying
_SAYING = frozenset(
    normalize(p + w)
    for w in (
        "قال قالت أكد أكدت أعلن أعلنت أوضح أوضحت أضاف أضافت صرح صرحت حذر حذرت دعا دعت "
        "شدد شددت أشار أشارت كشف كشفت اعتبر اعتبرت يقول تقول عن لسان"
    ).split()
    for p in ("", "و", "ف")
)
#: prepositions a tagger may glue to the name that follows (على with ى is not علي)
_LEAD_RE = re.compile(r"(?:على|إلى|الى|عن|من|مع|في|لدى|أن|إن)[ \t]+(?=\w)")
#: priorities (lower wins an overlap): lists, gazetteers, rules, tagger, aliases
_LIST, _GAZETTEER, _RULE, _TAGGER, _LIST_ALIAS, _NISBA, _TITLED, _ALIAS = range(8)


# --- lexicons --------------------------------------------------------------------


@cache
def _country_names() -> dict[str, str]:
    """ISO code -> Arabic country name, from the gazetteer's country list."""
    from importlib import resources

    text = resources.files("akhbar").joinpath("data", "gazetteers", "countries.tsv")
    names = {}
    for line in text.read_text("utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0]:
            names[cells[0].strip()] = cells[1].strip()
    return names


def _country(value: str | None) -> str | None:
    if not value:
        return None
    return _country_names().get(value, value)


@cache
def known_actors() -> tuple[Actor, ...]:
    """The built-in list of well-known actors (``data/actors/known_actors.csv``).

    >>> any(a.name == "الأمم المتحدة" for a in known_actors())
    True
    """
    return tuple(load_actor_list(read_lexicon("known_actors.csv")))


@cache
def _org_heads() -> PhraseMatcher:
    heads: dict[str, str] = {}
    for row in read_lexicon("org_heads.csv"):
        head = normalize(row["head"])
        heads[head] = head
        heads["ال" + head] = head
    return PhraseMatcher(heads)


@cache
def _group_keys() -> frozenset[str]:
    """Name keys of the collective actors typed ``group`` (``data/actors/groups.csv``)."""
    return frozenset(name_key(row["name"]) for row in read_lexicon("groups.csv"))


@cache
def _family_first() -> frozenset[str]:
    """Family names written first (كيم جونغ أون): ``data/actors/family_first.csv``."""
    return frozenset(name_key(row["name"]) for row in read_lexicon("family_first.csv"))


def _as_group(m: Mention) -> Mention:
    """An organisation whose canonical name is a listed collective actor becomes a group."""
    if m.actor_type == "organization" and name_key(m.name) in _group_keys():
        m.actor_type, m.id = "group", actor_id("group", m.name)
    return m


def _article_key(actor: Actor) -> str:
    return name_key(actor.name).replace("ة", "ه")


def _actor_matcher(actors: Iterable[Actor]) -> PhraseMatcher:
    merged: dict[str, Actor] = {}
    for actor in actors:  # a later entry of the same actor overrides, keeping every alias
        if (old := merged.get(actor.id)) is not None:
            aliases = tuple(dict.fromkeys((*old.aliases, *actor.aliases)))
            actor = Actor(actor.name, actor.actor_type, actor.country, aliases, actor.notes)
        merged[actor.id] = actor
    phrases: dict[str, Actor] = {}
    for actor in merged.values():
        for name in (actor.name, *actor.aliases):
            for key in {name_key(name), normalize(name)}:  # with ة and with ه (اسامه)
                for variant in {key, key.replace("ة", "ه")}:
                    if len(variant) >= 3:
                        phrases[variant] = actor
    return PhraseMatcher(phrases)


@cache
def _builtin_matcher() -> PhraseMatcher:
    return _actor_matcher(known_actors())


# --- the engine underneath (gazetteers and tagger) -------------------------------


def _default_entities(text: str) -> list[Any]:
    try:
        from akhbar.ner import find_entities
    except ModuleNotFoundError as error:  # the tagger is optional: gazetteers alone
        if error.name != "akhbar.ner":
            raise
        from akhbar.gazetteer import match_gazetteer

        kinds = ["country", "city", "region", "organization"]
        return list(_records(match_gazetteer(text, kinds=kinds)))
    return list(_records(find_entities(text)))


def _default_gazetteer(text: str) -> list[Any]:
    from akhbar.gazetteer import match_gazetteer

    return list(_records(match_gazetteer(text, kinds=["nationality"])))


def _records(found: Any) -> Iterator[Any]:
    if isinstance(found, pd.DataFrame):
        yield from found.to_dict("records")
    else:
        yield from found


def _get(item: Any, name: str) -> Any:
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


# --- per paragraph ---------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    """A mention in normalised coordinates (``s``, ``e``) of its paragraph."""

    s: int
    e: int
    actor_type: str
    name: str
    id: str
    country: str | None
    source: int
    role: str | None = None
    role_ids: tuple[str, ...] = ()
    listed: bool = False
    core_e: int | None = None  # end of the name before a trailing nisba (rule organisations)


@dataclass(slots=True)
class Paragraph:
    """A paragraph with its normalised text, words, titles and mentions."""

    article_id: Any
    paragraph_no: int
    text: str
    norm: str
    offsets: Any
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    titles: list[Match] = field(default_factory=list)
    title_starts: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    published_at: Any = None

    def token_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def original(self, s: int, e: int) -> tuple[int, int]:
        if e <= s:
            return int(self.offsets[s]), int(self.offsets[s])
        return int(self.offsets[s]), int(self.offsets[e - 1]) + 1

    def to_norm(self, start: int, end: int) -> tuple[int, int]:
        if len(self.norm) == len(self.text):
            return start, end
        return _searchsorted(self.offsets, start), _searchsorted(self.offsets, end)


def _searchsorted(offsets: Any, value: int) -> int:
    return int(offsets.searchsorted(value, "left"))


def _clean(surface: str) -> str:
    return " ".join(_STRIP_RE.sub("", surface).split())


def _definite_name(name: str) -> str:
    return "ال" + name[2:] if name.startswith("لل") else name


class _Context:
    def __init__(
        self,
        actor_list: Any,
        builtin: bool,
        entities: Callable[[str], list[Any]] | None,
        gazetteer: Callable[[str], list[Any]] | None,
    ) -> None:
        extra = load_actor_list(actor_list) if actor_list is not None else []
        if extra or not builtin:
            self.listed = _actor_matcher([*(known_actors() if builtin else ()), *extra])
        else:
            self.listed = _builtin_matcher()
        self.entities = entities or _default_entities
        self.gazetteer = gazetteer or _default_gazetteer


def _paragraph(ctx: _Context, article_id: Any, no: int, text: str, when: Any) -> Paragraph:
    norm, offsets = normalize_with_offsets(text)
    para = Paragraph(article_id, no, text, norm, offsets, published_at=when)
    for match in _WORD_RE.finditer(norm):
        para.starts.append(match.start())
        para.ends.append(match.end())
        para.words.append(match.group())
    para.titles = find_titles(norm)
    para.title_starts = [t.start for t in para.titles]
    candidates: list[Mention] = []
    for hit in ctx.listed.find(norm):  # a full name wins; an alias gives way to the tagger
        actor: Actor = hit.value
        full = name_key(norm[hit.start : hit.end]) in (name_key(actor.name), _article_key(actor))
        candidates.append(
            Mention(hit.start, hit.end, actor.actor_type, actor.name, actor.id, actor.country,
                    _LIST if full else _LIST_ALIAS, listed=True)
        )  # fmt: skip
    for item in ctx.gazetteer(text):
        if _get(item, "entry_type") == "nationality":
            s, e = para.to_norm(_get(item, "start"), _get(item, "end"))
            if _country_reading(para, s, e):
                continue  # في السعودية: the country, which the engine reports as a place
            name = _country(_get(item, "country")) or _get(item, "canonical")
            candidates.append(
                Mention(s, e, "nationality", name, actor_id("nationality", name), name, _NISBA)
            )
    listed = {(m.s, m.e) for m in candidates if m.listed}
    nationality_starts = {m.s: m for m in candidates if m.actor_type == "nationality"}
    spans = {(m.s, m.e) for m in nationality_starts.values()}
    engine_starts = set()
    for item in ctx.entities(text):
        mention = _entity_mention(para, item)
        if mention is None or (mention.actor_type == "place" and (mention.s, mention.e) in spans):
            continue  # a nisba the tagger calls a place stays a nationality
        if (mention.s, mention.e) in listed:
            continue  # the tagger found exactly a listed alias: the list names it
        candidates.append(mention)
        if mention.actor_type in ("place", "person"):
            engine_starts.add(mention.s)
    candidates.extend(_organisations(para, nationality_starts, engine_starts))
    candidates.extend(_titled_names(para))
    if para.titles:  # "وزيرة الخارجية الليبية": the title and a nisba, not an organisation
        candidates = [m for m in candidates if not _straddles(para, m, nationality_starts)]
    para.mentions = [_as_group(m) for m in _select(candidates, len(norm))]
    _drop_event_places(para)
    _national_teams(para)
    _bracketed_countries(para)
    _extend_name_start(para)
    return para


#: words before a country that make it a team in a sport sentence (فازت فرنسا على البرازيل)
_MATCH_WORDS = frozenset(
    normalize(w)
    for w in (
        "على أمام ضد مع فازت خسرت تعادلت تغلبت حققت تقدمت هزمت واجهت لاقت فاز خسر تعادل "
        "تغلب حقق تقدم هزم واجه لاقى"
    ).split()
)


@cache
def _sport_cues() -> tuple[frozenset[str], Callable[[str], tuple[str, str]]]:
    """The sport cue words, and a word's (form, form without proclitic) to look them up."""
    try:
        from akhbar.ner import word_forms, word_lists
    except ModuleNotFoundError:
        return frozenset(), lambda word: (normalize(word), normalize(word))
    return word_lists().get("sport_cue", frozenset()), word_forms


def _bracketed_countries(para: Paragraph) -> None:
    """``برشلونة (إسبانيا)``: a country alone in brackets says where, it is no team."""
    for m in para.mentions:
        if m.actor_type == "organization" and m.country and m.name == m.country:
            before, after = para.norm[max(m.s - 3, 0) : m.s], para.norm[m.e : m.e + 3]
            if before.rstrip().endswith("(") and after.lstrip()[:1] == ")":
                m.actor_type, m.id = "place", actor_id("place", m.name)


def _national_teams(para: Paragraph) -> None:
    """In a sport sentence, a country is its national team, an organisation.

    Where two unambiguous sport words (مباراة، منتخب، تصفيات، الدوري...) say the
    paragraph is about sport, every country is a team unless a place preposition
    (في، إلى، من) or the proclitic ب puts it on the map (``فاز بالصين``). Where only
    one sport word or a word with other senses (فوز، هدف، الفريق) does, only a
    country after على/أمام/مع or a verb of the match is: ``وفازت نيجيريا على النيجر``.
    """
    cues, forms = _sport_cues()
    found = {form for w in para.words for form in forms(w) if form in cues}
    if not found:
        return
    clearly = len(found - _ambiguous_sport_cues()) >= 2
    for m in para.mentions:
        if m.actor_type != "place" or not m.country or m.name != m.country:
            continue
        if (clearly and not _placed(para, m)) or _after_word_in(para, m, _MATCH_WORDS):
            m.actor_type, m.id = "organization", actor_id("organization", m.name)


@cache
def _ambiguous_sport_cues() -> frozenset[str]:
    """Sport words that are also words of politics or war (فوز الحزب، هدف الحملة، الفريق
    أول، المدافع الثقيلة، الاجتماع الدوري), in the cues' own form: alone they do not make
    a paragraph a sport paragraph."""
    _, forms = _sport_cues()
    words = (
        "هدف الهدف أهداف فاز فازت فوز فوزا خسر خسرت الفريق فريق بطولة البطولة بطولات "
        "المنافسة الجولة المنتخب منتخب نهائي التأهل مدافع المدافع دوري الدوري"
    )
    return frozenset(form for word in words.split() for form in forms(word))


#: words before a country that put it on the map, even in a sport paragraph
_PLACE_WORDS = frozenset(normalize(w) for w in "في إلى من عن داخل خارج".split())


def _placed(para: Paragraph, m: Mention) -> bool:
    """Whether ``m`` follows a place preposition, or carries the proclitic ب."""
    t = para.token_at(m.s)
    if para.starts[t] != m.s and "ب" in para.norm[para.starts[t] : m.s]:
        return True
    return t > 0 and para.words[t - 1] in _PLACE_WORDS  # words are already normalised


def _after_word_in(para: Paragraph, m: Mention, stems: frozenset[str]) -> bool:
    """Whether the whole word right before mention ``m`` has a stem in ``stems``."""
    t = para.token_at(m.s)
    if t <= 0 or para.starts[t] != m.s or not _spaced(para, t - 1):
        return False
    return any(stem in stems for _, stem in split_proclitic(para.words[t - 1]))


#: nouns that make the place after them part of an event's name (اتفاق الطائف، مؤتمر
#: روما، كأس أمم أفريقيا، دوري أبطال أوروبا), which is not a mention of the place
_EVENT_HEADS = frozenset(
    normalize(w)
    for w in (
        "اتفاق اتفاقية اتفاقيات معاهدة مؤتمر قمة معرض مهرجان رالي كأس بطولة دوري مونديال "
        "تصفيات أمم أبطال جائزة أولمبياد ماراثون إعلان منتدى ملتقى سباق طواف"
    ).split()
)


def _drop_event_places(para: Paragraph) -> None:
    """Drop a place that follows an event noun: ``اتفاق الطائف``, ``بمؤتمر روما``."""
    para.mentions = [
        m
        for m in para.mentions
        if not (m.actor_type == "place" and _after_word_in(para, m, _EVENT_HEADS))
    ]


_NASAB = frozenset(["بن", "ابن", "بنت"])
#: particles of European names, written apart: فان باستن، فون دير لاين، دي ميستورا
_NAME_PARTICLES = frozenset(normalize(w) for w in "فان فون دي دا دو ديل دير لو".split())


def _extend_name_start(para: Paragraph) -> None:
    """Extend a person's mention back over the words of the same name before it.

    ``مكتوم بن محمد بن راشد``: a person after بن/بنت and a given name is that
    person's father, and the mention becomes the son's (or daughter's) full name;
    ``فان باستن``: a name particle; ``أحمد مظهر``: a listed given name right before
    the name. Words another mention holds stay out.
    """
    given, _, form = _name_lists()
    taken = {
        t for m in para.mentions for t in range(para.token_at(m.s), para.token_at(m.e - 1) + 1)
    }
    for m in para.mentions:
        if m.actor_type != "person":
            continue
        t, s = para.token_at(m.s), m.s
        if para.starts[t] != s:
            continue
        while t >= 1 and t - 1 not in taken and _spaced(para, t - 1):
            word = para.words[t - 1]
            if word in _CONNECTORS or _within_title(para, para.starts[t - 1], para.ends[t - 1]):
                break  # المتحدث باسم: a title's word, not the given name باسم
            if word in _NASAB and t >= 2 and t - 2 not in taken and _spaced(para, t - 2):
                if form(para.words[t - 2]) in given:
                    t -= 2
                    continue
            if word in _NAME_PARTICLES or (form(word) in given and word not in _FUNCTION_WORDS):
                t -= 1
                continue
            break
        if para.starts[t] == s:
            continue
        m.s = para.starts[t]
        o_s, o_e = para.original(m.s, m.e)
        m.name = _clean(para.text[o_s:o_e])
        m.id, m.listed, m.country, m.role = actor_id("person", m.name), False, None, None


@cache
def _country_nisbas() -> frozenset[str]:
    """Nisbas that are also a country's name (السعودية، سورية), in gazetteer form."""
    try:
        from akhbar.gazetteer import gazetteer_entries, gazetteer_form
    except ModuleNotFoundError:
        return frozenset()
    entries = gazetteer_entries()
    nisbas = {gazetteer_form(s) for s, kind, *_ in entries if kind == "nationality"}
    countries = {gazetteer_form(s) for s, kind, *_ in entries if kind == "country"}
    return frozenset(
        f for f in countries if f in nisbas or (f.startswith("ال") and f[2:] in nisbas)
    )


def _country_reading(para: Paragraph, s: int, e: int) -> bool:
    """True when a nisba that is also a country's name (السعودية) names the country.

    It does unless it follows a definite noun it can qualify (الحكومة السعودية);
    after a preposition, a verb or at the start it is the country (زار السعودية).
    Held-out train.txt blocks label these as places.
    """
    from akhbar.gazetteer import gazetteer_form

    if gazetteer_form(para.norm[s:e]) not in _country_nisbas():
        return False
    t = para.token_at(s)
    if t <= 0 or para.starts[t] < s:
        return True  # first word, or after a proclitic: بالسعودية، وسورية
    before = para.words[t - 1]
    return not before.startswith(_DEFINITE) or before in _CHAIN_STOP  # إلى السعودية


def _straddles(para: Paragraph, m: Mention, nationality_starts: dict[int, Mention]) -> bool:
    """True for ``الخارجية الليبية`` in ``وزيرة الخارجية الليبية``: a title's tail and a nisba."""
    if m.actor_type != "organization":
        return False
    i = bisect_right(para.title_starts, m.s) - 1
    if i < 0 or not para.titles[i].start < m.s < para.titles[i].end < m.e:
        return False
    after = para.titles[i].end
    while after < m.e and para.norm[after] == " ":
        after += 1
    nisba = nationality_starts.get(after)
    return nisba is not None and nisba.e == m.e


def _entity_mention(para: Paragraph, item: Any) -> Mention | None:
    kind = _get(item, "type") or _get(item, "entry_type")
    if kind not in ("person", "organization", "place", "group", "nationality"):
        return None
    s, e = para.to_norm(_get(item, "start"), _get(item, "end"))
    if kind == "person":  # the title goes to `role`, never into the name
        s = _skip_titles(para, s, e)
        if _within_title(para, s, e) or para.norm[s:e] in _FUNCTION_WORDS:
            return None  # "باسم" of المتحدث باسم, "بأن": words a tagger may take for names
        lead = _LEAD_RE.match(para.text, para.original(s, e)[0])
        if lead is not None:  # "على نيمار": the preposition is out; "على أنه": no name at all
            s = para.to_norm(lead.end(), lead.end())[0]
            if e - s <= 3 or para.norm[s:e] in _FUNCTION_WORDS:
                return None
        if s > 0 and para.norm[s - 1] in "بك" and e - s <= 3 and _get(item, "canonical") is None:
            return None  # وكبرى -> "برى": ب/ك split off a short word leave no name (وبري stays)
    else:  # "جهاز الاستخبارات الجنرال": a title ends an organisation or place
        e = min([t.start for t in _titles_within(para, s, e)] + [e])
        while e > s and para.norm[e - 1] == " ":
            e -= 1
    if e <= s:
        return None
    s0, e0 = para.original(s, e)
    name = _get(item, "canonical") or _definite_name(_clean(para.text[s0:e0]))
    country = _country(_get(item, "country"))
    if kind == "place" and country is None and _get(item, "kind") == "country":
        country = name
    source = _GAZETTEER if _get(item, "source") == "gazetteer" else _TAGGER
    return Mention(s, e, kind, name, actor_id(kind, name), country, source)


def _skip_titles(para: Paragraph, s: int, e: int) -> int:
    while s < e:
        i = bisect_right(para.title_starts, s) - 1
        title = para.titles[i] if i >= 0 else None
        if title is None or not (title.start <= s < title.end < e):
            break
        t = para.token_at(title.end) + 1
        s = para.starts[t] if t < len(para.starts) else e
    return s


def _within_title(para: Paragraph, s: int, e: int) -> bool:
    i = bisect_right(para.title_starts, s) - 1
    return i >= 0 and para.titles[i].start <= s and e <= para.titles[i].end


def _titles_within(para: Paragraph, s: int, e: int) -> list[Match]:
    """The titles that start strictly inside ``(s, e)``."""
    i = bisect_right(para.title_starts, s)
    j = bisect_right(para.title_starts, e - 1)
    return para.titles[i:j]


def _organisations(
    para: Paragraph, nationality_starts: dict[int, Mention], engine_starts: set[int]
) -> list[Mention]:
    """Rule: an organisation head and its definite modifiers (المجلس الرئاسي، البرلمان العراقي).

    A nisba that ends the name gives the organisation's country; it stays in the
    name when the rest is generic (``البرلمان العراقي``) and is dropped from the
    name, not from the span, when the rest names the body (``حكومة الوحدة
    الوطنية الليبية``).
    """
    found = []
    norm = para.norm
    title_starts = set(para.title_starts)
    for head in _org_heads().find(norm):
        start, merged = head.start, False
        if head.token_start < start and norm[start - 1] == "ل" and head.value.startswith("ل"):
            start, merged = start - 1, True  # للجنة = ل + اللجنة
        t = para.token_at(head.token_start)
        if norm.startswith("ال", start) and t > 0 and _spaced(para, t - 1):
            if para.words[t - 1].startswith(_DEFINITE):  # الجريمة المنظمة: an adjective
                continue
        pos, n, nisba = head.end, 0, None
        while n < 6:
            word = _NEXT_WORD_RE.match(norm, pos)
            if word is None:
                break
            if word.start(1) in nationality_starts:
                nisba = nationality_starts[word.start(1)]
                break
            if word.start(1) in title_starts or word.start(1) in engine_starts:
                break
            token = word.group(1)
            stem = token[1:] if token.startswith("وال") else token
            if not stem.startswith("ال") or len(stem) < 4 or stem in _ORG_STOP:
                break
            if token.startswith("و") and _org_heads().find(stem):
                break
            pos, n = word.end(), n + 1
        last = norm[head.end : pos].split()
        if n == 1 and norm.startswith("ال", start) and last[-1].endswith(("ي", "ية", "ة")):
            if nisba is None:
                continue  # المنظمة الدولية, القوات الخاصة: a description, not a name
        if not n and nisba is None:
            continue
        end = pos
        o_s, o_e = para.original(start, pos)
        name = _clean(para.text[o_s:o_e])
        if merged:
            name = "ا" + name
        elif name.startswith("لل"):
            name = "ال" + name[2:]
        elif start < head.start:
            name = "ال" + name
        country = None
        if nisba is not None:
            country, end = nisba.country, nisba.e
            if n < 2:  # البرلمان العراقي: the nisba is part of the name
                name += " " + _clean(para.text.__getitem__(slice(*para.original(nisba.s, nisba.e))))
        found.append(
            Mention(start, end, "organization", name, actor_id("organization", name), country,
                    _RULE, core_e=pos if nisba is not None else None)
        )  # fmt: skip
    return found


_JOINERS = frozenset(["بن", "ابن", "ولد", "ابو", "بو", "عبد", "بنت"])


def _titled_names(para: Paragraph) -> list[Mention]:
    """Rule: ``الجنرال نورالدين مقري`` - a title, then a listed given name and the next word."""
    if not para.titles:
        return []
    given, family, form = _name_lists()
    found = []
    n = len(para.words)
    for title in para.titles:
        t = para.token_at(title.end - 1) + 1
        if t >= n or not _spaced(para, t - 1) or para.starts[t] < title.end:
            continue
        first = para.words[t]
        if form(first) not in given and form(first) not in family:
            continue
        if _LEAD_RE.match(para.text, para.original(para.starts[t], para.ends[t])[0]):
            continue  # ولي العهد على أنه: على (with ى) is the preposition, not علي
        last = t
        while last + 1 < n and last - t < 3 and _spaced(para, last):
            word = para.words[last + 1]
            joined = para.words[last] in _JOINERS
            if word in _FUNCTION_WORDS or not has_arabic(word) or len(word) < 2:
                break
            if word.startswith(_DEFINITE) and not joined and form(word) not in family:
                break
            last += 1
            if not joined and para.words[last] not in _JOINERS and last > t:
                break
        if last == t and form(first) not in given:
            continue
        s, e = para.starts[t], para.ends[last]
        o_s, o_e = para.original(s, e)
        name = _clean(para.text[o_s:o_e])
        found.append(Mention(s, e, "person", name, actor_id("person", name), None, _TITLED))
    return found


def _select(candidates: list[Mention], size: int) -> list[Mention]:
    candidates.sort(key=lambda m: (m.source, m.s - m.e, m.s))
    taken = bytearray(size + 1)
    kept = []
    for mention in candidates:
        if mention.e <= mention.s or taken.find(1, mention.s, mention.e) != -1:
            continue
        taken[mention.s : mention.e] = b"\x01" * (mention.e - mention.s)
        kept.append(mention)
    kept.sort(key=lambda m: m.s)
    return kept


# --- per article -----------------------------------------------------------------


def _family_key(name: str) -> str | None:
    """The short form of a person's name: the last word (``بوقادوم``), or the first for
    a Chinese, Korean or Vietnamese name whose other words are short syllables (``كيم``
    of ``كيم جونغ أون``, ``شي`` of ``شي جين بينغ``; but ``كارداشيان`` of ``كيم
    كارداشيان``). A short form under 3 letters (شي، لي) is only used for family-first
    names."""
    words = name_key(name).split()
    if len(words) < 2:
        return None
    if len(words) > 2 and words[-2] in ("بن", "ابن", "بنت", "ولد"):
        return " ".join(words[-2:])  # محمد بن سلمان: "بن سلمان", never the father's "سلمان"
    if words[0] in _family_first() and all(len(w) <= 4 for w in words[1:]):
        return words[0]
    if len(words[-1]) < 3:
        return None
    return words[-1]


def _resolve_aliases(paragraphs: list[Paragraph]) -> None:
    """Family names alone (بوقادوم، لبوقادوم، للمنفي) resolve to the article's full name.

    A family name two full names share stays unresolved, unless one of them is named
    at least twice and twice as often as the others together (جمال خاشقجي twice, a
    tagger's ``اختفاء خاشقجي`` once)."""
    owners: dict[str, Counter] = {}
    people: dict[str, Mention] = {}
    for para in paragraphs:
        for m in para.mentions:
            if m.actor_type != "person":
                continue
            # the canonical name's short form, and the written one's when an alias of
            # the lists differs (كوفي عنان for كوفي أنان: عنان alone is him too)
            keys = {_family_key(m.name), _family_key(para.norm[m.s : m.e])} - {None}
            for key in keys:
                owners.setdefault(key, Counter())[m.id] += 1
                people.setdefault(m.id, m)
    unique = {}
    for key, ids in owners.items():
        (top, n), *rest = ids.most_common()
        if not rest or (n >= 2 and n >= 2 * sum(c for _, c in rest)):
            unique[key] = people[top]
    if not unique:
        return
    matcher = PhraseMatcher(unique)
    for para in paragraphs:
        for m in para.mentions:  # a tagger's one-word person that is a family name
            if m.actor_type == "person" and m.source == _TAGGER and " " not in name_key(m.name):
                for _, stem in split_proclitic(name_key(m.name)):
                    if (full := unique.get(stem) or unique.get("ال" + stem)) is not None:
                        m.name, m.id, m.country = full.name, full.id, full.country
                        break
        extra = [
            Mention(hit.start, hit.end, "person", hit.value.name, hit.value.id, hit.value.country,
                    _ALIAS, listed=hit.value.listed)
            for hit in matcher.find(para.norm)
        ]  # fmt: skip
        if extra:
            para.mentions = _select(para.mentions + extra, len(para.norm))


def _token_kinds(para: Paragraph) -> tuple[list[str], dict[int, Match], dict[int, Mention]]:
    kinds = [""] * len(para.starts)
    title_at: dict[int, Match] = {}
    mention_at: dict[int, Mention] = {}
    for m in para.mentions:
        first, last = para.token_at(m.s), para.token_at(m.e - 1)
        for t in range(max(first, 0), last + 1):
            kinds[t] = {"person": "P", "nationality": "N"}.get(m.actor_type, "M")
            mention_at[t] = m
    for title in para.titles:
        first, last = para.token_at(title.start), para.token_at(title.end - 1)
        if kinds[first] == "P":
            continue
        title_at[first] = title
        for t in range(first, last + 1):
            kinds[t] = kinds[t] or "t"
        kinds[first] = "T"
    return kinds, title_at, mention_at


def _chain_word(para: Paragraph, t: int, kind: str) -> bool:
    if kind in ("T", "t", "N", "M"):
        return True
    word = para.words[t]
    if word in _CONNECTORS or word in _TRANSPARENT:
        return True
    return word.startswith(_DEFINITE) and word not in _CHAIN_STOP


def _spaced(para: Paragraph, t: int) -> bool:
    """True when only spaces separate word ``t`` from word ``t + 1``."""
    return not para.norm[para.ends[t] : para.starts[t + 1]].strip()


@cache
def _name_lists() -> tuple[frozenset[str], frozenset[str], Callable[[str], str]]:
    try:
        from akhbar.gazetteer import gazetteer_form
        from akhbar.ner import word_lists
    except ModuleNotFoundError:
        return frozenset(), frozenset(), normalize
    lists = word_lists()
    given = lists.get("given_name", frozenset())
    return given, lists.get("family_name", frozenset()), gazetteer_form


def _complete_name(para: Paragraph, m: Mention, t0: int, kinds: list[str]) -> None:
    """``الجنرال نورالدين مقري``: a tagger's lone given name after a title takes the next word."""
    nxt = t0 + 1
    if m.source != _TAGGER or para.token_at(m.e - 1) != t0 or nxt >= len(para.words):
        return
    given, _, form = _name_lists()
    word = para.words[nxt]
    if (
        form(para.words[t0]) not in given
        or kinds[nxt]
        or not _spaced(para, t0)
        or len(word) < 3
        or word.startswith(_DEFINITE)
        or word in _FUNCTION_WORDS
        or not has_arabic(word)
    ):
        return
    m.e = para.ends[nxt]
    s, e = para.original(m.s, m.e)
    m.name = _clean(para.text[s:e])
    m.id = actor_id("person", m.name)


def _role_text(para: Paragraph, s: int, e: int, first: int, last: int, kinds: list[str]) -> str:
    """The words of a role, nisbas left out (they give the country): الرئيس (المكسيكي) الجديد."""
    parts, pos = [], s
    for t in range(first + 1, last + 1):
        if (kinds[t] == "N" or para.words[t] in _TRANSPARENT) and para.starts[t] >= pos:
            parts.append((pos, para.starts[t]))
            pos = para.ends[t]
    parts.append((pos, e))
    text = " ".join(para.text.__getitem__(slice(*para.original(a, b))) for a, b in parts if b > a)
    return _definite_name(_clean(text))


def _role(para: Paragraph, first: int, last: int, kinds, title_at, mention_at):
    """Roles, role ids and country of the chain of words ``first..last`` (titles inside)."""
    roles, role_ids, country = [], [], None
    heads = [t for t in range(first, last + 1) if kinds[t] == "T"]
    for i, head in enumerate(heads):
        end = (heads[i + 1] if i + 1 < len(heads) else last + 1) - 1
        while end > head and (kinds[end] == "N" or para.words[end] in _TRAILING or (
            kinds[end] == "M" and mention_at[end].actor_type == "place")):  # fmt: skip
            end -= 1
        title = title_at[head]
        stop = para.ends[end]
        if kinds[end] == "M" and mention_at[end].e == stop and mention_at[end].core_e:
            stop = mention_at[end].core_e  # رئيس حكومة الوحدة الوطنية (الليبية)
        roles.append(_role_text(para, title.start, max(stop, title.end), head, end, kinds))
        role_ids.append(title.value.role_id)
    for t in range(first, last + 1):
        if country is None and kinds[t] in ("N", "M") and mention_at[t].actor_type in (
            "nationality", "place"):  # fmt: skip
            country = mention_at[t].country
    for t in range(first, last + 1):  # رئيس المجلس الرئاسي: the organisation's country
        if country is None and kinds[t] == "M":
            country = mention_at[t].country
    return "، ".join(roles) or None, tuple(role_ids), country


def _attach_roles(para: Paragraph) -> list[tuple[Match, str, tuple[str, ...], str | None]]:
    """Give persons the role and country before them; return the titles that stand alone."""
    if not para.titles:
        return []
    kinds, title_at, mention_at = _token_kinds(para)
    used: set[int] = set()
    for m in para.mentions:
        if m.actor_type != "person":
            continue
        t0 = para.token_at(m.s)
        t, left = t0 - 1, None
        if t >= 0 and para.words[t] in _NOT_BEFORE_NAME:
            t = -1  # المتحدث باسم بوتين، رئيس وزراء إسرائيل في بوتين: no role of Putin's
        while (
            t >= 0
            and t0 - t <= 12
            and kinds[t] != "P"
            and (_spaced(para, t) or (t == t0 - 1 and _apposed(para, m, t, kinds, mention_at)))
        ):
            if not _chain_word(para, t, kinds[t]):
                break
            if kinds[t] == "T":
                left = t
            t -= 1
        if left is not None:  # المتحدث باسم الرئيس محمود عباس: the role is الرئيس
            for u in range(left, t0):
                if kinds[u] == "T" and title_at[u].value.phrase.endswith("باسم"):
                    v = para.token_at(title_at[u].end - 1) + 1
                    if v < t0 and kinds[v] == "T":  # not المتحدث باسم الخارجية ماريا ...
                        left = v
        if left is not None:
            _complete_name(para, m, t0, kinds)
            first, last = left, t0 - 1
        elif (after := _title_after(para, m, kinds)) is not None:
            first, last = after  # صبري بوقادوم، وزير الخارجية الجزائري،
        else:
            continue
        m.role, m.role_ids, country = _role(para, first, last, kinds, title_at, mention_at)
        m.country = m.country if m.listed and m.country else country or m.country
        used.update(range(first, last + 1))
    alone = []
    for t, title in title_at.items():
        if t in used or not title.value.specific:
            continue
        last = t
        while last + 1 < len(para.words) and _spaced(para, last) and kinds[last + 1] != "P":
            if kinds[last + 1] == "T" or not _chain_word(para, last + 1, kinds[last + 1]):
                break
            last += 1
        if last + 1 < len(para.words) and kinds[last + 1] == "P" and _spaced(para, last):
            continue
        if any(not kinds[u] and para.words[u] not in _PLAIN_OK for u in range(t + 1, last + 1)):
            continue  # الرئيس السابق، الرئيس الكوري الجنوبي (no list knows it): maybe another
        if t > 0 and _spaced(para, t - 1) and para.words[t - 1] in _OF_TITLE:
            continue  # مساعد وزير الخارجية، مكتب الرئيس: someone or something of the office
        if t > 0 and _spaced(para, t - 1) and not kinds[t - 1]:
            if para.words[t - 1].startswith(_DEFINITE) and title.start == para.starts[t]:
                continue  # دورها القيادي الرئيس: an adjective ("main"), not the president
        role, role_ids, country = _role(para, t, last, kinds, title_at, mention_at)
        alone.append((title, role, role_ids, country))
    return alone


def _apposed(
    para: Paragraph, m: Mention, t: int, kinds: list[str], mention_at: dict[int, Mention]
) -> bool:
    """``الرئيس الأمريكي، دونالد ترامب``: one comma between a role and the name it describes
    (not ``الرئيس، وسمير``: و joins another person; not a place: ``في طرابلس، X``)."""
    if para.norm[para.ends[t] : para.starts[t + 1]].strip() not in ("،", ","):
        return False
    if m.s != para.starts[t + 1] or kinds[t] not in ("T", "t", "N", "M"):
        return False
    return kinds[t] != "M" or mention_at[t].actor_type == "organization"


def _title_after(para: Paragraph, m: Mention, kinds: list[str]) -> tuple[int, int] | None:
    """The title chain right after a person: ``X، وزير الخارجية الجزائري،``, ``X وزير خارجية
    الجزائر``. Without a comma the name must open its clause or follow a verb of saying
    (``التقى بوتين الرئيس التركي``: the title is the object's); a chain that runs into
    another person is that person's title (``التقى X وزير الخارجية Y``)."""
    t = para.token_at(m.e - 1) + 1
    n = len(para.words)
    if t >= n or kinds[t] != "T" or para.starts[t] < m.e:
        return None
    if _title_start(para, t) != para.starts[t]:
        return None  # X، ووزير الخارجية / X للرئيس: coordination or a preposition
    gap = para.norm[m.e : para.starts[t]].strip()
    if gap not in ("", "،", ","):
        return None
    if not gap:
        before = para.token_at(m.s - 1) if m.s > 0 else -1
        if before >= 0 and not para.norm[para.ends[before] : m.s].strip():
            if para.words[before] not in _SAYING:
                return None
    last = t
    while last + 1 < n and _spaced(para, last) and kinds[last + 1] != "P":
        if not _chain_word(para, last + 1, kinds[last + 1]):
            break
        last += 1
    if last + 1 < n and kinds[last + 1] == "P" and _spaced(para, last):
        return None
    return t, last


def _title_start(para: Paragraph, t: int) -> int:
    """Where the title of word ``t`` starts after its proclitics (-1 for للرئيس: ل + الرئيس)."""
    i = bisect_right(para.title_starts, para.ends[t] - 1) - 1
    if i < 0:
        return -1
    title = para.titles[i]
    if para.norm.startswith("لل", title.start) and title.value.phrase.startswith("ال"):
        return -1
    return title.start


def _resolve_titles(paragraphs: list[Paragraph], alone: list[list[Any]]) -> None:
    """A title alone (``وزير الخارجية الجزائري``) is the article's one holder of that office."""
    holders: dict[str, dict[str, Any]] = {}
    for para in paragraphs:
        for m in para.mentions:
            if m.actor_type == "person":
                entry = holders.setdefault(m.id, {"mention": m, "roles": set(), "country": None})
                entry["roles"].update(m.role_ids)
                entry["country"] = entry["country"] or m.country
    for para, titles in zip(paragraphs, alone, strict=True):
        extra = []
        for title, role, role_ids, country in titles:
            fits = [
                h
                for h in holders.values()
                if set(role_ids) & h["roles"]
                and (country is None or h["country"] in (None, country))
            ]
            if len(fits) == 1:
                who = fits[0]["mention"]
                extra.append(
                    Mention(title.start, title.end, "person", who.name, who.id, who.country,
                            _ALIAS, role=_clean(role or title.value.phrase), role_ids=role_ids)
                )  # fmt: skip
        if extra:
            para.mentions = _select(para.mentions + extra, len(para.norm))


def _settle_countries(paragraphs: list[Paragraph]) -> None:
    """One country per actor within the article: the list's, else the text's most common."""
    votes: dict[str, Counter] = {}
    listed: dict[str, str] = {}
    for para in paragraphs:
        for m in para.mentions:
            if m.listed and m.country:
                listed[m.id] = m.country
            elif m.country:
                votes.setdefault(m.id, Counter())[m.country] += 1
    for para in paragraphs:
        for m in para.mentions:
            if m.id in listed:
                m.country = listed[m.id]
            elif m.id in votes:
                m.country = votes[m.id].most_common(1)[0][0]


def analyse_article(ctx: _Context, rows: list[tuple[Any, int, str, Any]]) -> list[Paragraph]:
    """Mentions of one article: ``rows`` are ``(article_id, paragraph_no, text, published_at)``."""
    paragraphs = [_paragraph(ctx, *row) for row in rows]
    _resolve_aliases(paragraphs)
    alone = [_attach_roles(para) for para in paragraphs]
    _settle_countries(paragraphs)
    _resolve_titles(paragraphs, alone)
    _settle_countries(paragraphs)
    return paragraphs


# --- input -----------------------------------------------------------------------


def paragraph_rows(data: Any, *, include_repeats: bool = False) -> Iterator[list[tuple]]:
    """Yield each article's paragraphs as ``(article_id, paragraph_no, text, published_at)``."""
    if isinstance(data, str):
        yield [(None, 0, data, pd.NaT)]
        return
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data: expected an articles DataFrame or a str, got {type(data).__name__}")
    if {"paragraph_no", "text"} <= set(data.columns):
        paragraphs = data
        if not include_repeats and "repeat_of" in paragraphs.columns:
            paragraphs = paragraphs[paragraphs["repeat_of"].isna()]
        dates = None
    else:
        from akhbar import split_paragraphs

        paragraphs = split_paragraphs(data, include_repeats=include_repeats)
        dates = (
            dict(zip(data["article_id"], data["published_at"], strict=True))
            if "published_at" in data.columns
            else None
        )
    if dates is None and "published_at" in paragraphs.columns:
        when = paragraphs["published_at"].tolist()
    else:
        when = [dates.get(a, pd.NaT) if dates else pd.NaT for a in paragraphs["article_id"]]
    current, rows = object(), []
    for article, no, text, date in zip(
        paragraphs["article_id"], paragraphs["paragraph_no"], paragraphs["text"], when, strict=True
    ):
        if article != current and rows:
            yield rows
            rows = []
        current = article
        rows.append((article, int(no), text if isinstance(text, str) else "", date))
    if rows:
        yield rows


def analyse(
    data: Any,
    *,
    actor_list: Any = None,
    builtin: bool = True,
    include_repeats: bool = False,
    entities: Callable[[str], list[Any]] | None = None,
    gazetteer: Callable[[str], list[Any]] | None = None,
) -> Iterator[list[Paragraph]]:
    """Yield each article's analysed paragraphs (used by :mod:`akhbar.quotes`)."""
    ctx = _Context(actor_list, builtin, entities, gazetteer)
    for rows in paragraph_rows(data, include_repeats=include_repeats):
        yield analyse_article(ctx, rows)


# --- public API ------------------------------------------------------------------


def extract_actors(
    data: pd.DataFrame | str,
    *,
    actor_list: str | Path | pd.DataFrame | None = None,
    builtin: bool = True,
    include_repeats: bool = False,
    n_jobs: int | None = None,
    cache: str | Path | bool | None = None,
) -> pd.DataFrame:
    """Find every mention of an actor: one row per mention, in reading order.

    Parameters
    ----------
    data : DataFrame or str
        Articles (as from :func:`akhbar.load_articles`), paragraphs (as from
        :func:`akhbar.split_paragraphs`) or a plain string (``article_id`` None,
        ``paragraph_no`` 0). Not modified.
    actor_list : path, DataFrame or None, keyword-only
        An analyst's list (CSV with ``name, aliases, type, country, notes``)
        that extends the built-in list and wins over it.
    builtin : bool, keyword-only
        Use the built-in list of well-known actors.
    include_repeats : bool, keyword-only
        Also read paragraphs that repeat another (pull quotes); off by default.
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
        ``article_id, paragraph_no, start, end, surface, actor_id, name,
        actor_type, role, country, published_at``; ``start``/``end`` are
        offsets into the paragraph's original text and ``surface`` is the name
        only (the title is in ``role``); ``published_at`` is the article's date
        (NaT for a string), so :func:`count_actors` can say when an actor was
        first and last seen.

    Examples
    --------
    >>> extract_actors("")
    Empty DataFrame
    Columns: [article_id, paragraph_no, start, end, surface, actor_id, name, actor_type, \
role, country, published_at]
    Index: []
    """
    if (
        elsewhere := dispatch(
            extract_actors,
            data,
            n_jobs=n_jobs,
            cache=cache,
            actor_list=actor_list,
            builtin=builtin,
            include_repeats=include_repeats,
        )
    ) is not None:
        return elsewhere  # worker processes or dask partitions (akhbar.parallel)
    rows = []
    for paragraphs in analyse(
        data, actor_list=actor_list, builtin=builtin, include_repeats=include_repeats
    ):
        for para in paragraphs:
            for m in para.mentions:
                s, e = para.original(m.s, m.e)
                rows.append((para.article_id, para.paragraph_no, s, e, para.text[s:e], m.id,
                             m.name, m.actor_type, m.role, m.country, para.published_at))  # fmt: skip
    return _frame(rows)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """The mentions table, built column by column with fixed dtypes (cheap for one string)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(MENTION_COLUMNS)
    data = {}
    for name, values in zip(MENTION_COLUMNS, columns, strict=True):
        if name in ("paragraph_no", "start", "end"):
            data[name] = np.array(values, dtype=np.int64)
        elif name == "published_at":
            if all(v is None or v is pd.NaT for v in values):
                data[name] = np.full(len(values), np.datetime64("NaT"), "datetime64[ns]")
            else:
                data[name] = pd.to_datetime(pd.Series(values, dtype=object)).to_numpy()
        else:
            data[name] = np.array(values, dtype=object)
    return pd.DataFrame(data, copy=False)


def count_actors(mentions: pd.DataFrame, *, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor: how often, in how many articles, in which roles, first and last seen.

    Dates come from the mentions' ``published_at`` (as :func:`extract_actors`
    returns them), or from ``articles`` when given. Does not modify its input.

    >>> mentions = extract_actors("قال الرئيس عبدالمجيد تبون إن الرئيس تبون يزور ليبيا")
    >>> count_actors(mentions)[["name", "roles", "n_mentions"]].values.tolist()[0]
    ['عبد المجيد تبون', 'الرئيس', 2]
    """
    columns = ["actor_id", "name", "actor_type", "roles", "country", "n_mentions", "n_articles",
               "first_seen", "last_seen"]  # fmt: skip
    if mentions.empty:
        return pd.DataFrame({c: [] for c in columns})
    frame = mentions.copy()
    if articles is not None:
        dates = dict(zip(articles["article_id"], articles["published_at"], strict=True))
        frame["published_at"] = frame["article_id"].map(dates)
    if "published_at" not in frame.columns:
        frame["published_at"] = pd.NaT
    frame["published_at"] = pd.to_datetime(frame["published_at"])
    frame["_article"] = frame["article_id"].astype(object).where(frame["article_id"].notna(), "")
    grouped = frame.groupby("actor_id", sort=False)
    table = pd.DataFrame(
        {
            "name": grouped["name"].agg(_mode),
            "actor_type": grouped["actor_type"].first(),
            "roles": grouped["role"].agg(_roles),
            "country": grouped["country"].agg(_mode),
            "n_mentions": grouped.size(),
            "n_articles": grouped["_article"].nunique(),
            "first_seen": grouped["published_at"].min(),
            "last_seen": grouped["published_at"].max(),
        }
    ).reset_index()
    table = table.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def _mode(values: pd.Series) -> Any:
    values = values.dropna()
    return values.value_counts().index[0] if len(values) else None


def _roles(values: pd.Series) -> str | None:
    seen = dict.fromkeys(r for value in values.dropna() for r in value.split("، "))
    return "؛ ".join(seen) or None


def cooccurrence(
    mentions: pd.DataFrame, *, within: str = "paragraph", types: Iterable[str] | None = None
) -> pd.DataFrame:
    """Weighted edges between actors named in the same paragraph (or article).

    ``weight`` counts the paragraphs (or articles) where both appear and
    ``n_articles`` the articles; ``source`` sorts before ``target``. ``types``
    keeps only some actor types (e.g. ``["person", "organization"]``).

    >>> mentions = extract_actors("التقى صبري بوقادوم عبدالحميد الدبيبة في طرابلس")
    >>> cooccurrence(mentions, types=["person"])[["source", "target", "weight"]].values.tolist()
    [['person:صبري-بوقادوم', 'person:عبدالحميد-الدبيبة', 1]]
    """
    if within not in ("paragraph", "article"):
        raise ValueError(f"within: expected 'paragraph' or 'article', got {within!r}")
    frame = mentions
    if types is not None:
        frame = frame[frame["actor_type"].isin(list(types))]
    keys = ["article_id", "paragraph_no"] if within == "paragraph" else ["article_id"]
    units = frame[[*keys, "actor_id"]].copy()
    units["article_id"] = units["article_id"].astype(object).where(units["article_id"].notna(), "")
    units = units.drop_duplicates()
    pairs = units.merge(units, on=keys, suffixes=("_s", "_t"))
    pairs = pairs[pairs["actor_id_s"] < pairs["actor_id_t"]]
    edges = (
        pairs.groupby(["actor_id_s", "actor_id_t"])
        .agg(weight=("article_id", "size"), n_articles=("article_id", "nunique"))
        .reset_index()
        .rename(columns={"actor_id_s": "source", "actor_id_t": "target"})
    )
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return edges.reset_index(drop=True)

"""Date expressions in Arabic text: the grammar behind :func:`akhbar.extract_dates`.

:func:`find_dates` reads one string and returns every date expression in it
with the period it denotes. Matching runs on the normalised text
(:func:`akhbar.text.normalize`: hamzated alefs folded, Eastern digits made
ASCII, diacritics and tatweel dropped) with one precompiled regular expression,
and spans are mapped back to the original string.

Conventions (also used by the annotations in ``tests/data``):

- a period is ``(date, date_end)``, both inclusive days: a year runs from
  Jan 1 to Dec 31, a month from its first to its last day, a week from ISO
  Monday to Sunday, a decade from 1980 to 1989, a century from 1900 to 1999;
- ``مطلع/بداية/أوائل``, ``منتصف`` and ``أواخر/نهاية`` take the first, middle
  or last third of the period and one step finer precision;
- a month or a day and month without a year take the reference year
  (``الماضي`` the last one before the reference month, ``المقبل`` the next);
  a weekday is the last such day up to the reference day, or the next one
  when the clause is in the future tense or says ``المقبل``;
- ``منذ`` + a date runs from that date to the reference day; ``قبل N unit``
  is the calendar unit holding reference - N units; ``منذ N unit`` runs from
  reference - N units to the reference day; vague plurals (``الأسابيع
  الأخيرة``) cover three units up to the reference day (or from it, for
  ``المقبلة``).

Without a reference day, expressions that need one come back with no date.

>>> import datetime
>>> [(m.expression, str(m.date), str(m.date_end)) for m in find_dates("الأربعاء 2021/04/21")]
[('الأربعاء 2021/04/21', '2021-04-21', '2021-04-21')]
>>> ref = datetime.date(2021, 4, 21)
>>> m = find_dates("منذ العام 2011", reference=ref)[0]
>>> m.date.isoformat(), m.date_end.isoformat(), m.precision, m.relative
('2011-01-01', '2021-04-21', 'year', True)
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick
from hijridate import Hijri

from akhbar.text import DIACRITICS, TATWEEL, normalize, normalize_with_offsets, span_to_original

__all__ = ["DateMatch", "find_dates", "has_date_cue"]

Date = dt.date


@dataclass(frozen=True)
class DateMatch:
    """One date expression: its span in the original text and the period it denotes."""

    start: int
    end: int
    expression: str
    date: Date | None
    date_end: Date | None
    precision: str
    calendar: str
    relative: bool


# --- lexicon ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, int]]:
    """``{kind: {form: number}}`` from ``data/dates/calendar_words.tsv``."""
    path = resources.files("akhbar") / "data" / "dates" / "calendar_words.tsv"
    table: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        try:
            table.setdefault(row["kind"], {})[row["form"]] = int(row["number"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"{path}: row {row!r}: expected columns kind, number (an integer), form"
            ) from error
    return table


def _alt(forms) -> str:
    """A regex alternation of ``forms``, longest first, spaces matching any run of spaces."""
    ordered = sorted(forms, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


def _ordinals() -> dict[str, int]:
    units: dict[int, str] = {}
    for form, n in _words()["ordinal"].items():
        units.setdefault(n, form)
    compound = dict(units) | {n: f for f, n in _words()["ordinal_compound"].items()}
    table = dict(_words()["ordinal"])
    for n in range(1, 10):
        table[f"{compound[n]} عشر"] = 10 + n
        table[f"{compound[n]} والعشرين"] = 20 + n
    table |= {"العشرين": 20, "الثلاثين": 30, f"{compound[1]} والثلاثين": 31}
    return table


MONTHS = _words()["month"] | _words()["ambiguous_month"]
AMBIGUOUS_MONTHS = frozenset(_words()["ambiguous_month"])
HIJRI_MONTHS = _words()["hijri_month"]
WEEKDAYS = _words()["weekday"]
ORDINALS = _ordinals()
NUMBERS = _words()["number"]
DECADES = _words()["decade"]
CENTURIES = _words()["century"]

_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", text)


# --- grammar --------------------------------------------------------------------------

_MONTH = _alt(MONTHS)
_HMONTH = _alt(HIJRI_MONTHS)
_WD = _alt(WEEKDAYS)
_ORD = _alt(ORDINALS)
_NUM = _alt(NUMBERS)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d])"
_E = r"(?!\w)"
_EM = r"(?![^\W\d_])"  # end of a month name: no letter may follow (a digit may: حزيران1967)
_PAIR = rf"(?:\s*[/\\(]\s*(?:{_MONTH}){_EM}(?:\s*\))?|\s+(?:{_MONTH}){_EM})?"
_YEARKW = r"(?:ال)?(?:عام|سنة)\s+"
_REL_M = r"الماضي|المنصرم|الفايت|المقبل|القادم|الجاري|الحالي"
_REL_F = r"الماضية|المنصرمة|الفايتة|المقبلة|القادمة|الجارية|الحالية"
_REL = rf"(?:{_REL_M}|{_REL_F}){_E}"
_TOD = r"(?:صباح|مساء|ظهر|فجر|ليلة|ليل|عصر|صبيحة|نهار)"
_UNIT = (
    r"يوما|يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهرا|شهر|شهرين|اشهر|شهور|"
    r"عاما|عام|عامين|اعوام|سنة|سنتين|سنوات|سنين|عقد|عقدين|عقود"
)
_APPROX = r"(?:نحو|حوالي|قرابة|زهاء|ما\s+يقارب|ما\s+يزيد\s+عن|اكثر\s+من)\s+"
_DECADE = rf"(?:ال)?(?:{_alt(DECADES)})(?:يات|ات){_E}"
_CENTURY = rf"(?:{_alt(CENTURIES)}|الماضي|المنصرم|الحالي|(?:ال)?(?:1\d|2[01])(?!\d)){_E}"

_PATTERN = rf"""
(?<!\w)(?P<clitic>[وف]?[بلك]?)
(?:(?P<pre>منذ|خلال|طوال|في|بحلول|حتي|لغاية|الي|قبيل|مع|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من)\s+)?
(?P<qual>(?:مطلع|بداية|بدايات|اوائل|مستهل|منتصف|اواسط|اواخر|نهاية|نهايات|اخر|خواتيم
   |النصف\s+(?:الاول|الثاني)|الربع\s+(?:الاول|الثاني|الثالث|الرابع|الاخير))
   \s+(?:من\s+)?(?:(?:شهر|عام|العام|سنة)\s+(?=\d|[^\s]+\s+\d))?)?
(?P<wdp>(?:{_TOD}\s+)?(?:(?:يوم|ليلة|اليوم)\s+)?(?:{_WD}){_E}\s*[,،]?\s*(?:الموافق\s+|المصادف\s+)?)?
(?:
  (?P<iso>(?P<iso_y>{_YEAR})(?P<iso_s>[-/.])(?P<iso_m>1[0-2]|0?[1-9])(?P=iso_s)(?P<iso_d>{_DAY}))
    (?![\d/.]\d|\d)
| (?<![\d.,/-])(?P<dmy>(?P<dmy_d>{_DAY})(?P<dmy_s>[-/.])(?P<dmy_m>1[0-2]|0?[1-9])(?P=dmy_s)
    (?P<dmy_y>{_YEAR}))(?![\d/]|[.,-]\d)
| (?P<hday>(?:(?P<hd_d>{_DAY})\s+(?:من\s+)?)?(?P<hd_m>{_HMONTH}){_E}\s*(?:(?:من\s+)?(?:{_YEARKW})?
    (?P<hd_y>1[34]\d\d)(?!\d)\s*(?:ه{_E}|هجري(?:ة)?{_E})?|\s+(?P<hd_rel>{_REL})))
| (?P<hyear>(?:{_YEARKW})?(?P<hy_y>1[34]\d\d)\s*(?:ه{_E}|هجري(?:ة)?{_E}))
| (?P<dm>(?:يوم\s+)?(?:(?P<dm_d>{_DAY})|(?P<dm_o>{_ORD}){_E})\s*(?:من\s+)?(?:شهر\s+)?(?P<dm_m>{_MONTH}){_EM}{_PAIR}
    (?:\s*[,،]?\s*(?:من\s+)?(?:{_YEARKW})?(?P<dm_y>{_YEAR})(?:\s?م{_E})?
     |\s+(?:من\s+)?(?P<dm_rely>العام|السنة|هذا\s+العام)(?:\s+(?P<dm_relyq>{_REL}))?
     |\s+(?P<dm_rel>{_REL}))?)
| (?P<dlist>(?P<dl_d>{_DAY})(?=\s*(?:و|-|الي|حتي)\s*(?:{_DAY})\s*(?:من\s+)?(?:شهر\s+)?
    (?P<dl_m>{_MONTH}){_EM}{_PAIR}(?:\s*[,،]?\s*(?P<dl_y>{_YEAR}))?))
| (?P<my>(?P<my_sh>شهر\s+)?(?P<my_m>{_MONTH}){_EM}(?P<my_pair>{_PAIR})
    (?:\s*[,،]?\s*(?:من\s+)?(?:{_YEARKW})?(?P<my_y>{_YEAR})(?:\s?م{_E})?
     |\s+(?:من\s+)?(?P<my_rely>العام|السنة|هذا\s+العام)(?:\s+(?P<my_relyq>{_REL}))?
     |\s+(?P<my_rel>{_REL}))?)
| (?P<yrange>(?P<yr_a>{_YEAR})\s*[-/]\s*(?P<yr_b>{_YEAR}))
| (?P<year>(?P<y_kw>(?:ال)?(?:عام|سنة|عامي|سنتي|سنوات|اعوام)\s+)?(?P<y_y>{_YEAR})
    (?P<y_m>\s?م{_E}|\s+ميلادي(?:ة)?{_E})?)
| (?P<decade>(?:عقد\s+)?(?P<dc_w>{_DECADE})(?:\s+(?:من\s+)?القرن\s+(?P<dc_c>{_CENTURY}))?)
| (?P<century>القرن\s+(?P<ce_c>{_CENTURY}))
| (?P<rday>(?:(?P<rd_tod>{_TOD})\s+)?(?P<rd_w>اول\s+امس|امس\s+الاول|بعد\s+غد|الامس|امس|غدا|اليوم){_E}
    (?:\s*[,،]?\s*(?:يوم\s+)?(?P<rd_wd>{_WD}){_E})?)
| (?P<wday>(?:(?P<wd_tod>{_TOD})\s+)?(?:(?:يوم|نهار)\s+)?(?P<wd_d>{_WD}){_E}
    (?:\s+(?P<wd_rel>{_REL}))?)
| (?P<period>(?:(?P<pe_this>هذا|هذه)\s+)?(?P<pe_u>الاسبوع|الشهر|العام|السنة){_E}
    (?:\s+(?P<pe_rel>{_REL}))?)
| (?P<ago>(?P<ag_w>قبل|منذ)\s+(?:{_APPROX})?(?:(?P<ag_n>\d{{1,3}})(?!\d)\s*|(?P<ag_nw>{_NUM})\s+)?
    (?P<ag_u>{_UNIT}){_E}(?:\s+(?:تقريبا|فقط))?)
| (?P<vague>(?P<vg_u>الايام|الاسابيع|الاشهر|الشهور|الاعوام|السنوات|السنين|العقود){_E}
    (?:\s+(?P<vg_n>القليلة|ال(?:{_NUM})|\d{{1,2}}))?\s+
    (?P<vg_rel>الاخيرة|الماضية|المنصرمة|الفايتة|السابقة|المقبلة|القادمة){_E})
)
"""
_DATE_RE = re.compile(_PATTERN, re.VERBOSE)

#: cheap prefilter: every expression holds one of these (digits included, as substrings);
#: paragraphs without one are skipped and the grammar is only tried just before each
_CUES = (
    [str(d) for d in range(10)]
    + "امس غد اليوم الاسبوع الشهر العام عام سنة السنة القرن ينيات ينات منذ قبل".split()
    + "ايام اسابيع اشهر شهور اعوام سنوات سنين عقود".split()
    + [*MONTHS, *HIJRI_MONTHS, *WEEKDAYS, *ORDINALS]
)
_AUTOMATON = ahocorasick.Automaton()
for _cue in _CUES:
    _AUTOMATON.add_word(_cue, len(_cue))
_AUTOMATON.make_automaton()
#: how far before a cue an expression may start (``اعتبارا من النصف الاول من صباح يوم``...)
_LOOKBACK = 60
_WORD_START = re.compile(r"(?<!\w)\w")
_WORD = re.compile(r"[^\W\d_]+|\d")
#: first words an expression may start with (after a proclitic): a cheap guard before the grammar
_FIRST = frozenset(
    "منذ خلال طوال في بحلول حتي لغاية الي قبيل مع اعتبارا ابتداء بدءا مطلع بداية بدايات اوائل مستهل"
    " منتصف اواسط اواخر نهاية نهايات اخر خواتيم النصف الربع صباح مساء ظهر فجر ليلة ليل عصر"
    " صبيحة نهار يوم عام العام سنة السنة عامي سنتي سنوات اعوام شهر عقد القرن اول امس الامس بعد غدا"
    " اليوم هذا هذه الاسبوع الشهر قبل الايام الاسابيع الاشهر الشهور الاعوام السنين العقود".split()
    + [form.split()[0] for form in [*MONTHS, *HIJRI_MONTHS, *WEEKDAYS, *ORDINALS]]
    + [f"{a}{d}{b}" for d in DECADES for a in ("", "ال") for b in ("يات", "ات")]
)


_CLITIC_LETTERS = frozenset("وفبلك")


def _may_start(norm: str, i: int) -> bool:
    word = _WORD.match(norm, i)
    if word is None:
        return False
    w = word.group()
    if len(w) <= 2 and set(w) <= _CLITIC_LETTERS and norm[word.end() : word.end() + 1].isdigit():
        return True  # و5 أيار, ب2018
    return w.isdigit() or w in _FIRST or w[1:] in _FIRST or w[2:] in _FIRST


_PAST = frozenset("الماضي الماضية المنصرم المنصرمة الفايت الفايتة الاخيرة السابقة".split())
_FUTURE = frozenset("المقبل المقبلة القادم القادمة".split())
_CURRENT = frozenset("الجاري الجارية الحالي الحالية".split())
_NOT_FUTURE = frozenset(_words().get("not_future", {}))
_FUTURE_CUE = re.compile(
    r"(?<!\w)(?:[وف]?(?P<verb>س[يتن]\w{2,})|(?:ال)?مقرر(?:ة)?|(?:ال)?مرتقب(?:ة)?"
    r"|(?:ال)?مزمع(?:ة)?|المنتظر|يعتزم|تعتزم|المتوقع|ان\s+[يت]\w{2,}|الموعد)(?!\w)"
)
_EVENT_BEFORE = re.compile(
    r"(?:مونديال|كاس|بطولة|دورة|نسخة|اولمبياد|الالعاب|رؤية|موسم|موازنة|ميزانية|انتخابات"
    r"|تصفيات|نهائيات|ربيع|ثورة|حرب|نكسة|نكبة|احداث|اتفاق|اتفاقية|خطة|استراتيجية|يورو"
    r"|قمة|منتدي|مؤتمر|معرض|مهرجان|تقرير|العالم|الافريقية|الاسيوية|الامم|الخليج|العرب)"
    r"(?:\s+\S+){0,2}\s+$"
)
#: a counted noun after a number: ``في 2000 اسرة`` is a count, not a year
_COUNTED = re.compile(
    r"\s+(?:شخص|اشخاص|طفل|اطفال|اسرة|عائلة|قتيل|قتلي|جريح|جندي|جنود|مدني|مدنيين|لاجي|لاجئ"
    r"|مهاجر|دولار|يورو|جنيه|ريال|درهم|دينار|ليرة|طن|متر|كيلو\w*|منزل|حالة|مريض|عامل|موظف"
    r"|مقاتل|عنصر|سجين|معتقل|مسلح|صاروخ|مليون|مليار|الف|وحدة|سيارة|مشارك|لاعب|نقطة|هدف|صوت"
    r"|مقعد|امراة|رجل|نسمة|فرد|طالب|مواطن|مستوطن|مسكن|شقة|قطعة|غارة|مرة|ساعة|دقيقة|يوم)(?!\w)"
)
_BARE_YEAR_AFTER = re.compile(r"\s*(?:$|[.,،؛:!?؟)\]\"»”]|\s(?:في|ب)\s)")
_WD_LIST = re.compile(rf"\s*(?:و|او|ثم|الي|حتي)\s*(?:يوم\s+)?({_WD}){_E}")
_LIST_RE = re.compile(rf"\s*(?:و|او|-|الي|حتي)\s*(?:(?:ال)?(?:عام|سنة)\s+)?({_YEAR})(?:\s?م{_E})?")


def has_date_cue(text: str) -> bool:
    """True when ``text`` (normalised) holds a digit or a calendar word: the prefilter.

    >>> has_date_cue("وصل الوفد امس"), has_date_cue("وصل الوفد")
    (True, False)
    """
    return next(_AUTOMATON.iter(text), None) is not None


def _candidate_starts(norm: str) -> list[int]:
    """Word starts from which an expression may begin: up to ``_LOOKBACK`` before each cue."""
    windows: list[list[int]] = []
    for end, length in _AUTOMATON.iter(norm):
        start = end - length + 1
        lo = max(0, start - _LOOKBACK)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], start + 1)
        else:
            windows.append([lo, start + 1])
    return [m.start() for lo, hi in windows for m in _WORD_START.finditer(norm, lo, hi)]


# --- periods ----------------------------------------------------------------------------


def _month_period(year: int, month: int) -> tuple[Date, Date]:
    return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])


def _year_period(year: int) -> tuple[Date, Date]:
    return Date(year, 1, 1), Date(year, 12, 31)


def _week_period(day: Date) -> tuple[Date, Date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _shift(day: Date, unit: str, n: int) -> Date:
    """``day`` moved by ``n`` units (day, week, month, year, decade), clamping month ends."""
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return Date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


_FINER = {"year": "month", "month": "day", "decade": "year", "century": "decade", "week": "day"}


def _qualify(qual: str | None, start: Date, end: Date, precision: str):
    """Narrow ``(start, end)`` to the part a qualifier such as ``مطلع`` or ``النصف الاول`` names."""
    if not qual:
        return start, end, precision
    q = _key(qual.strip())
    q = re.sub(r"\s+من$|\s+(?:من\s+)?(?:شهر|عام|العام|سنة)$", "", q)
    days = (end - start).days + 1
    if q.startswith("النصف"):
        parts, index = 2, 0 if q.endswith("الاول") else 1
    elif q.startswith("الربع"):
        parts = 4
        index = {"الاول": 0, "الثاني": 1, "الثالث": 2, "الرابع": 3, "الاخير": 3}[q.split()[-1]]
    else:
        parts = 3
        index = 0 if q in ("مطلع", "بداية", "بدايات", "اوائل", "مستهل") else 1
        if q in ("اواخر", "نهاية", "نهايات", "اخر", "خواتيم"):
            index = 2
    if precision == "year":
        months = 12 // parts
        s = Date(start.year, 1 + index * months, 1)
        e = _month_period(start.year, (index + 1) * months)[1]
    elif precision == "decade" and parts == 3:
        first, last = [(0, 2), (3, 6), (7, 9)][index]
        s, e = Date(start.year + first, 1, 1), Date(start.year + last, 12, 31)
    elif precision == "month" and parts == 3:
        s = start + dt.timedelta(days=10 * index)
        e = end if index == 2 else start + dt.timedelta(days=10 * index + 9)
    else:
        size = days // parts
        s = start + dt.timedelta(days=size * index)
        e = end if index == parts - 1 else s + dt.timedelta(days=size - 1)
    return s, e, _FINER.get(precision, precision)


def _month_year(month: int, ref: Date | None, rel: str | None) -> int | None:
    if ref is None:
        return None
    if rel in _PAST:
        return ref.year if month < ref.month else ref.year - 1
    if rel in _FUTURE:
        return ref.year if month > ref.month else ref.year + 1
    return ref.year


def _rel_year(ref: Date | None, word: str | None, qualifier: str | None) -> int | None:
    if ref is None:
        return None
    if qualifier in _PAST:
        return ref.year - 1
    if qualifier in _FUTURE:
        return ref.year + 1
    return ref.year


def _hijri_period(year: int, month: int | None, day: int | None):
    try:
        if day is not None:
            g = Hijri(year, month, day).to_gregorian()
            return Date(g.year, g.month, g.day), Date(g.year, g.month, g.day), "day"
        first, last = (month, month) if month else (1, 12)
        s = Hijri(year, first, 1).to_gregorian()
        e = Hijri(year, last, Hijri(year, last, 1).month_length()).to_gregorian()
        return (
            Date(s.year, s.month, s.day),
            Date(e.year, e.month, e.day),
            "month" if month else "year",
        )
    except (ValueError, OverflowError):
        return None


def _is_noun(word: str) -> bool:
    return any(
        word.endswith(suffix) and word[: len(word) - len(suffix)] in _NOT_FUTURE
        for suffix in ("", "ه", "ها", "هم", "ات", "ية", "يين", "يون")
    )


def _future_clause(norm: str, start: int) -> bool:
    """True when the clause before ``start`` has a future verb (``سيعقد``) or ``المقرر``."""
    clause = norm[max(0, start - 90) : start]
    clause = re.split(r"[.!?؟؛\n]", clause)[-1]
    for cue in _FUTURE_CUE.finditer(clause):
        verb = cue.group("verb")
        if verb is None or not _is_noun(verb):
            return True
    return False


# --- resolution of one match -------------------------------------------------------------


def _resolve(m: re.Match, norm: str, ref: Date | None):
    """Return ``(date, date_end, precision, calendar, relative)`` or ``None`` to reject."""
    g = m.groupdict()
    kind = m.lastgroup
    if kind == "iso" or kind == "dmy":
        p = "iso" if kind == "iso" else "dmy"
        try:
            day = Date(int(g[f"{p}_y"]), int(g[f"{p}_m"]), int(g[f"{p}_d"]))
        except ValueError:
            return None
        return day, day, "day", "gregorian", False
    if kind == "hday":
        month = HIJRI_MONTHS[_key(g["hd_m"])]
        day = int(g["hd_d"]) if g["hd_d"] else None
        if g["hd_y"]:
            year = int(g["hd_y"])
            relative = False
        else:
            if ref is None:
                return None, None, "month", "hijri", True
            h = Hijri.fromdate(ref) if hasattr(Hijri, "fromdate") else None
            if h is None:
                from hijridate import Gregorian

                h = Gregorian(ref.year, ref.month, ref.day).to_hijri()
            year = h.year
            if g["hd_rel"] in _PAST and month >= h.month:
                year -= 1
            elif g["hd_rel"] in _FUTURE and month <= h.month:
                year += 1
            relative = True
        period = _hijri_period(year, month, day)
        if period is None:
            return None
        return (*period, "hijri", relative)
    if kind == "hyear":
        period = _hijri_period(int(g["hy_y"]), None, None)
        return None if period is None else (*period, "hijri", False)
    if kind in ("dm", "dlist"):
        p = "dm" if kind == "dm" else "dl"
        month = MONTHS[_key(g[f"{p}_m"])]
        day = int(g[f"{p}_d"]) if g.get(f"{p}_d") else ORDINALS[_key(g["dm_o"])]
        relative = not g[f"{p}_y"]
        if g[f"{p}_y"]:
            year = int(g[f"{p}_y"])
        elif kind == "dm" and g["dm_rely"]:
            year = _rel_year(ref, g["dm_rely"], g["dm_relyq"])
        else:
            rel = g["dm_rel"] if kind == "dm" else None
            if rel is None and _key(g["pre"] or "") == "منذ":
                rel = "الماضي"  # منذ looks back: the last such day up to the reference
            year = _month_year(month, ref, rel)
            if rel in _PAST and ref and month == ref.month:
                year = ref.year if day <= ref.day else ref.year - 1
        if year is None:
            return None, None, "day", "gregorian", True
        try:
            day_date = Date(year, month, day)
        except ValueError:
            return None
        return day_date, day_date, "day", "gregorian", relative
    if kind == "my":
        form = _key(g["my_m"])
        has_year = bool(g["my_y"] or g["my_rely"] or g["my_rel"])
        if form in AMBIGUOUS_MONTHS and not (has_year or g["my_sh"] or g["my_pair"]):
            return None
        if not has_year and re.search(r"[\"«“']\s*$", norm[max(0, m.start() - 3) : m.start()]):
            return None  # a quoted name such as "سبتمبر نت"
        month = MONTHS[form]
        if g["my_y"]:
            year, relative = int(g["my_y"]), False
        elif g["my_rely"]:
            year, relative = _rel_year(ref, g["my_rely"], g["my_relyq"]), True
        else:
            rel = g["my_rel"]
            if rel is None and _key(g["pre"] or "") == "منذ":
                rel = "الماضي"
            year, relative = _month_year(month, ref, rel), True
        if year is None:
            return None, None, "month", "gregorian", True
        return (*_month_period(year, month), "month", "gregorian", relative)
    if kind == "yrange":
        a, b = int(g["yr_a"]), int(g["yr_b"])
        if not 0 < b - a <= 10:
            return None
        return Date(a, 1, 1), Date(b, 12, 31), "year", "gregorian", False
    if kind == "year":
        year = int(g["y_y"])
        kw = g["y_kw"]
        if kw and kw.strip() == "سنوات" and year % 10 == 0:
            return Date(year, 1, 1), Date(year + 9, 12, 31), "decade", "gregorian", False
        context = (
            kw
            or g["y_m"]
            or g["pre"]
            or g["qual"]
            or _EVENT_BEFORE.search(norm[max(0, m.start("y_y") - 60) : m.start("y_y")])
        )
        if not context or _COUNTED.match(norm, m.end("y_y")):
            return None
        return (*_year_period(year), "year", "gregorian", False)
    if kind == "decade":
        decade = DECADES[re.sub(r"^ال|(?:يات|ات)$", "", g["dc_w"])]
        century = 19
        c = g["dc_c"]
        if c:
            c = _key(c)
            if c in CENTURIES:
                century = CENTURIES[c] - 1
            elif c in ("الحالي",):
                century = 20
            elif c[-2:].isdigit():
                century = int(c[-2:]) - 1
        start = Date(century * 100 + decade * 10, 1, 1)
        return start, Date(start.year + 9, 12, 31), "decade", "gregorian", False
    if kind == "century":
        c = _key(g["ce_c"])
        relative = False
        if c in CENTURIES:
            n = CENTURIES[c]
        elif c[-2:].isdigit():
            n = int(c[-2:])
        else:
            if ref is None:
                return None, None, "century", "gregorian", True
            n = ref.year // 100 + (0 if c in ("الماضي", "المنصرم") else 1)
            relative = True
        start = Date((n - 1) * 100, 1, 1) if n > 1 else Date(1, 1, 1)
        return start, Date((n - 1) * 100 + 99, 12, 31), "century", "gregorian", relative
    if kind == "rday":
        after = norm[m.end() : m.end() + 20]
        word = _key(g["rd_w"])
        before = norm[max(0, m.start() - 12) : m.start()]
        if word == "اليوم" and (
            (g["pre"] or "").startswith("طوال")
            or re.match(r"\s+(?:ال\w+ي|الا\w{3}|الذي|الواحد|نفسه|ذاته)(?!\w)", after)
            or re.match(rf"\s+(?:{_ORD})(?!\w)", after)
            or re.search(r"(?:هذا|ذلك|ذات|نفس|طوال|حتي\s+هذا)\s+$", before)
        ):
            return None
        if ref is None:
            return None, None, "day", "gregorian", True
        offset = {
            "اليوم": 0,
            "امس": -1,
            "الامس": -1,
            "غدا": 1,
            "اول امس": -2,
            "امس الاول": -2,
            "بعد غد": 2,
        }
        day = ref + dt.timedelta(days=offset[word])
        if g["rd_tod"] and _key(g["rd_tod"]) == "ليلة" and not g["rd_wd"]:
            pass
        return day, day, "day", "gregorian", True
    if kind == "wday":
        wd = WEEKDAYS[g["wd_d"]]
        before = norm[max(0, m.start() - 12) : m.start()]
        after = norm[m.end() : m.end() + 12]
        if re.search(r"(?:صلاة|صلاه|خطبة|خطبه|كلا|هذين|هذان)\s+$", before):
            return None
        if g["wd_d"] == "الاحد" and re.match(r"\s+عشر", after):
            return None
        if g["wd_d"] in ("الاثنين", "الاتنين") and re.match(r"\s+(?:معا|كليهما)", after):
            return None
        if ref is None:
            return None, None, "day", "gregorian", True
        back = (ref.weekday() - wd) % 7
        forward = (wd - ref.weekday()) % 7
        rel = g["wd_rel"]
        if rel in _PAST:
            day = ref - dt.timedelta(days=back or 7)
        elif rel in _FUTURE:
            day = ref + dt.timedelta(days=forward or 7)
        elif back == 0:
            day = ref
        elif _future_clause(norm, m.start()):
            day = ref + dt.timedelta(days=forward)
        else:
            day = ref - dt.timedelta(days=back)
        if g["wd_tod"] and _key(g["wd_tod"]) == "ليلة":
            day -= dt.timedelta(days=1)
        return day, day, "day", "gregorian", True
    if kind == "period":
        unit = g["pe_u"]
        rel = g["pe_rel"]
        if not (g["pe_this"] or rel or g["qual"]):
            return None
        if g["qual"] and not (g["pe_this"] or rel):
            after = norm[m.end() : m.end() + 8]
            if re.match(r"\s*(?:\d|ال)", after):
                return None
        if ref is None:
            return None, None, "year", "gregorian", True
        step = -1 if rel in _PAST else 1 if rel in _FUTURE else 0
        if unit == "الاسبوع":
            s, e = _week_period(ref + dt.timedelta(weeks=step))
            precision = "week"
        elif unit == "الشهر":
            anchor = _shift(ref, "month", step)
            s, e = _month_period(anchor.year, anchor.month)
            precision = "month"
        else:
            s, e = _year_period(ref.year + step)
            precision = "year"
        return s, e, precision, "gregorian", True
    if kind == "ago":
        unit_word = g["ag_u"]
        after = norm[m.end() : m.end() + 10]
        if g["ag_w"] == "قبل" and re.match(r"\s+(?:من|علي)(?!\w)", after):
            return None
        unit = {
            "يوم": "day",
            "اسبوع": "week",
            "شهر": "month",
            "شهور": "month",
            "عام": "year",
            "اعوام": "year",
            "سنة": "year",
            "سنوات": "year",
            "سنين": "year",
            "عقد": "decade",
            "عقود": "decade",
        }
        base = re.sub(r"ين$|ا$", "", unit_word)
        base = {"ايام": "يوم", "اسابيع": "اسبوع", "اشهر": "شهر", "سنت": "سنة"}.get(base, base)
        if base not in unit:
            return None
        if g["ag_n"]:
            n = int(g["ag_n"])
        elif g["ag_nw"]:
            n = NUMBERS[g["ag_nw"]]
        elif unit_word.endswith("ين"):
            n = 2
        elif unit_word in ("ايام", "اسابيع", "اشهر", "شهور", "اعوام", "سنوات", "سنين", "عقود"):
            return None
        else:
            n = 1
        u = unit[base]
        if ref is None:
            return None, None, u, "gregorian", True
        anchor = _shift(ref, u, -n)
        if g["ag_w"] == "منذ":
            return anchor, ref, u, "gregorian", True
        if u == "day":
            s = e = anchor
        elif u == "week":
            s, e = _week_period(anchor)
        elif u == "month":
            s, e = _month_period(anchor.year, anchor.month)
        elif u == "year":
            s, e = _year_period(anchor.year)
        else:
            s, e = Date(anchor.year // 10 * 10, 1, 1), Date(anchor.year // 10 * 10 + 9, 12, 31)
        return s, e, u, "gregorian", True
    if kind == "vague":
        unit = {
            "الايام": "day",
            "الاسابيع": "week",
            "الاشهر": "month",
            "الشهور": "month",
            "الاعوام": "year",
            "السنوات": "year",
            "السنين": "year",
            "العقود": "decade",
        }[g["vg_u"]]
        n = 3
        if g["vg_n"] and g["vg_n"] != "القليلة":
            n = int(g["vg_n"]) if g["vg_n"].isdigit() else NUMBERS.get(g["vg_n"][2:], 3)
        if ref is None:
            return None, None, unit, "gregorian", True
        if g["vg_rel"] in _FUTURE:
            return ref, _shift(ref, unit, n), unit, "gregorian", True
        return _shift(ref, unit, -n), ref, unit, "gregorian", True
    return None


_ABSOLUTE_START = {"dm", "my", "year", "yrange", "iso", "dmy", "hday", "hyear", "decade", "century"}


def find_dates(text: str, *, reference: Date | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, left to right.

    Parameters
    ----------
    text : str
        One paragraph or sentence; it is not modified.
    reference : datetime.date, keyword-only
        The day relative expressions (``أمس``, ``الشهر الماضي``, a weekday, a
        month without a year) are resolved against, usually the publication
        day. Without it those expressions are returned with ``date`` None.

    Returns
    -------
    list of DateMatch
        ``start``/``end`` are offsets into ``text``; ``date``/``date_end`` the
        first and last day of the period (inclusive).

    Examples
    --------
    >>> import datetime
    >>> ref = datetime.date(2021, 4, 21)
    >>> [(m.expression, m.date.isoformat(), m.precision)
    ...  for m in find_dates("وصل أمس، بعد زيارة في أواخر 2020", reference=ref)]
    [('أمس', '2021-04-20', 'day'), ('أواخر 2020', '2020-09-01', 'month')]
    >>> find_dates("التحضير للدورة الـ14 للجنة")
    []
    """
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    norm = normalize(text)
    starts = _candidate_starts(norm)
    if not starts:
        return []
    hits = []
    covered = 0
    for i in starts:
        if i < covered or not _may_start(norm, i):
            continue
        m = _DATE_RE.match(norm, i)
        if m is None:
            continue
        value = _resolve(m, norm, reference)
        if value is None:
            continue
        hits.append((m, value))
        covered = m.end()
    if not hits:
        return []
    _, offsets = normalize_with_offsets(text)
    found: list[DateMatch] = []
    covered = 0
    for m, value in hits:
        if m.start() < covered:
            continue
        date, date_end, precision, cal, relative = value
        kind = m.lastgroup
        pre = m.group("pre")
        start = m.start(kind)
        if m.group("qual"):
            start = m.start("qual")
        if pre and _key(pre) in ("منذ", "خلال", "طوال"):
            start = m.start("pre")
        end = m.end(kind)
        if m.group("wdp") and kind not in ("wday", "rday"):
            start = min(start, m.start("wdp"))
        if kind in _ABSOLUTE_START or kind in ("period", "vague"):
            date, date_end, precision = (
                _qualify(m.group("qual"), date, date_end, precision)
                if date is not None
                else (date, date_end, precision)
            )
        if pre and _key(pre) == "منذ" and kind not in ("ago", "vague"):
            if reference is not None and date is not None and date <= reference:
                date_end, relative = reference, True
        found.append(_match(text, offsets, start, end, date, date_end, precision, cal, relative))
        if precision == "year" and kind in ("year", "yrange"):
            more, covered = _continuations(text, norm, offsets, end)
            found.extend(more)
        elif kind == "wday" and date is not None and not m.group("wd_rel"):
            follow = _WD_LIST.match(norm, end)
            if follow is not None:  # الثلاثاء والأربعاء: the second day follows the first
                step = (WEEKDAYS[follow.group(1)] - date.weekday()) % 7 or 7
                day = date + dt.timedelta(days=step)
                found.append(
                    _match(
                        text, offsets, follow.start(1), follow.end(1), day, day, "day", cal, True
                    )
                )
                covered = follow.end()
    return found


def _continuations(text: str, norm: str, offsets, end: int) -> tuple[list[DateMatch], int]:
    """Years listed after a year (``عامي 2006 و2016``) and where the list ends."""
    out = []
    while (m := _LIST_RE.match(norm, end)) is not None:
        year = int(m.group(1))
        out.append(
            _match(
                text, offsets, m.start(1), m.end(), *_year_period(year), "year", "gregorian", False
            )
        )
        end = m.end()
    return out, end


def _match(text, offsets, start, end, date, date_end, precision, cal, relative) -> DateMatch:
    s, e = span_to_original(start, end, offsets)
    while e < len(text) and (text[e] in DIACRITICS or text[e] == TATWEEL):
        e += 1  # keep trailing tanwin and the tatweel of هـ inside the span
    return DateMatch(s, e, text[s:e], date, date_end, precision, cal, relative)

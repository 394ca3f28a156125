"""Gazetteers: proclitics, nisba forms, spelling variants, offsets and odd input."""

from __future__ import annotations

import csv
import itertools
import time
from importlib import resources

import pytest
from akhbar.gazetteer import ENTITY_KINDS, gazetteer_entries, match_gazetteer
from hypothesis import given, settings
from hypothesis import strategies as st

DATA = resources.files("akhbar").joinpath("data", "gazetteers")


def _one(text: str, **kwargs):
    matches = match_gazetteer(text, **kwargs)
    assert len(matches) == 1, (text, matches)
    return matches[0]


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("الجزائر", "الجزائر", "الجزائر"),
        ("والجزائر", "الجزائر", "الجزائر"),
        ("وبالجزائر", "الجزائر", "الجزائر"),
        ("فالجزائر", "الجزائر", "الجزائر"),
        ("كالجزائر", "الجزائر", "الجزائر"),
        ("للجزائر", "جزائر", "الجزائر"),
        ("وللجزائر", "جزائر", "الجزائر"),
        ("ليبيا", "ليبيا", "ليبيا"),
        ("لليبيا", "ليبيا", "ليبيا"),
        ("وليبيا", "ليبيا", "ليبيا"),
        ("بمصر", "مصر", "مصر"),
        ("وبطرابلس", "طرابلس", "طرابلس"),
    ],
)
def test_proclitics_are_stripped_from_the_match(text, surface, canonical):
    match = _one(f"قال: {text}، أمس")
    assert (match.surface, match.canonical) == (surface, canonical)
    assert match.entry_type == "place"


@pytest.mark.parametrize(
    "text",
    [
        "مصرف",  # a match must end at a token end
        "المصر",  # a bare name takes no article
        "الالجزائر",  # no article before a name that has one
        "بالالجزائر",
        "سمصر",  # س is no proclitic
        "Algeria, Paris and the United Nations",
        "",
        "   \n\t ",
        "2021/04/21 12:30",
        "الهلال",  # ambiguous entries (a club, a crescent) are tagger features only
        "صور",
    ],
)
def test_no_match(text):
    assert match_gazetteer(text) == []


@pytest.mark.parametrize(
    ("text", "canonical", "country"),
    [
        ("الجزائري", "الجزائر", "DZ"),
        ("الجزائرية", "الجزائر", "DZ"),
        ("الجزائريون", "الجزائر", "DZ"),
        ("الجزائريين", "الجزائر", "DZ"),
        ("جزائريات", "الجزائر", "DZ"),
        ("والجزائريين", "الجزائر", "DZ"),
        ("للجزائريين", "الجزائر", "DZ"),
        ("المصريين", "مصر", "EG"),
        ("الليبية", "ليبيا", "LY"),
        ("الأمريكي", "الولايات المتحدة", "US"),
        ("الأميركية", "الولايات المتحدة", "US"),
        ("السعوديون", "السعودية", "SA"),
    ],
)
def test_nisba_forms_link_to_their_country_as_nationality(text, canonical, country):
    match = _one(f"الوفد {text} وصل")
    assert (match.kind, match.entry_type) == ("nationality", "nationality")
    assert (match.canonical, match.country) == (canonical, country)


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("الكوري الشمالي", "الكوري الشمالي", "KP"),
        ("الكورية الجنوبية", "الكورية الجنوبية", "KR"),
        ("الكوريون الجنوبيون", "الكوريون الجنوبيون", "KR"),
        ("والكوريين الشماليين", "الكوريين الشماليين", "KP"),
        ("للكوريين الجنوبيين", "كوريين الجنوبيين", "KR"),
        ("كوريون شماليون", "كوريون شماليون", "KP"),
        ("السعودي", "السعودي", "SA"),
        ("الإماراتي", "الإماراتي", "AE"),
        ("الأمريكي", "الأمريكي", "US"),
        ("الأميركي", "الأميركي", "US"),
        ("الجنوب أفريقي", "الجنوب أفريقي", "ZA"),
        ("الجنوب أفريقية", "الجنوب أفريقية", "ZA"),
        ("جنوب أفريقيين", "جنوب أفريقيين", "ZA"),
        ("الجنوب سودانيون", "الجنوب سودانيون", "SS"),
    ],
)
def test_multi_word_nisba_forms_agree_and_link_to_their_country(text, surface, country):
    match = _one(f"قال المسؤول {text} أمس", kinds=["nationality"])
    assert (match.kind, match.surface, match.country) == ("nationality", surface, country)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("مرر الكرة على نيمار", ["نيمار"]),  # the preposition على is not the name علي
        ("وعلى الحكومة", []),
        ("وقال علي حسن", ["علي", "حسن"]),
        ("وكبرى الشركات", []),  # برى with alef maqsura is not the surname بري
        ("وقال نبيه بري", ["نبيه", "بري"]),
    ],
)
def test_names_in_final_yeh_do_not_match_words_in_alef_maqsura(text, names):
    kinds = ["given_name", "family_name", "foreign_name"]
    assert [m.surface for m in match_gazetteer(text, kinds=kinds)] == names


def test_nisba_keeps_its_article_in_the_surface():
    assert _one("والجزائريين").surface == "الجزائريين"


@pytest.mark.parametrize(
    ("text", "canonical", "country"),
    [
        ("الولايات المتحدة", "الولايات المتحدة", "US"),
        ("الولايات المتحدة الأمريكية", "الولايات المتحدة", "US"),
        ("أمريكا", "الولايات المتحدة", "US"),
        ("امريكا", "الولايات المتحدة", "US"),
        ("أميركا", "الولايات المتحدة", "US"),
        ("سورية", "سوريا", "SY"),
        ("الإمارات العربية المتحدة", "الإمارات", "AE"),
        ("اسطنبول", "إسطنبول", "TR"),
        ("الإسكندريه", "الإسكندرية", "EG"),  # teh marbuta written as heh
        ("الجـزائرُ", "الجزائر", "DZ"),  # tatweel and a haraka
    ],
)
def test_spelling_variants_resolve_to_one_canonical_name(text, canonical, country):
    match = _one(text)
    assert (match.canonical, match.country) == (canonical, country)
    assert match.surface == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("الأمم المتحدة", "الأمم المتحدة"),
        ("مجلس الأمن الدولي", "مجلس الأمن"),
        ("الاتحاد الأوروبي", "الاتحاد الأوروبي"),
        ("حلف الناتو", "حلف شمال الأطلسي"),
        ("جامعة الدول العربية", "جامعة الدول العربية"),
        ("صندوق النقد الدولي", "صندوق النقد الدولي"),
        ("وزارة الخارجية", "وزارة الخارجية"),
        ("الجيش الجزائري", "الجيش الجزائري"),
        ("والحكومة الليبية", "الحكومة الليبية"),
        ("لريال مدريد", "ريال مدريد"),
        ("CNN", "سي إن إن"),
        # the longer lists: companies, clubs, media and universities, with their variants
        ("وقالت كوالكوم", "كوالكوم"),
        ("لجامعة اليرموك", "جامعة اليرموك"),
        ("وبثت قناة أبوظبي", "تلفزيون أبوظبي"),
        ("واتحاد البليدة", "اتحاد البليدة"),
        # a full name is matched though its short form (قنا, the town) is ambiguous
        ("ذكرت وكالة الأنباء القطرية", "وكالة الأنباء القطرية"),
        ("لاعب النادي الأهلي", "النادي الأهلي"),
    ],
)
def test_organisations(text, canonical):
    match = _one(text)
    assert (match.entry_type, match.canonical) == ("organization", canonical)


@pytest.mark.parametrize("text", ["أثاث البيت", "شل الحركة", "في ليل الأمس", "في مدينة قنا"])
def test_organisation_names_that_are_common_words_are_not_matched(text):
    # إلبيت, شل, ليل (the club) and قنا (the news agency) are listed, marked ambiguous:
    # a tagger feature only
    assert [m for m in match_gazetteer(text) if m.entry_type == "organization"] == []


def test_longest_match_wins_and_matches_do_not_overlap():
    matches = match_gazetteer("زار مجلس الأمن الدولي وجامعة الدول العربية في القاهرة")
    assert [m.canonical for m in matches] == ["مجلس الأمن", "جامعة الدول العربية", "القاهرة"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


def test_offsets_point_into_the_original_text():
    text = "وصل الوفدُ \u200fالجزائريُّ إلى طـرابلس"
    matches = match_gazetteer(text)
    assert [text[m.start : m.end] for m in matches] == [m.surface for m in matches]
    assert [m.canonical for m in matches] == ["الجزائر", "طرابلس"]


def test_name_lists_are_only_matched_on_request():
    assert match_gazetteer("محمد") == []
    assert _one("ومحمد", kinds={"given_name"}).kind == "given_name"
    assert _one("بوتين", kinds={"foreign_name"}).entry_type == "person"


def test_every_country_has_a_unique_iso_code_and_arabic_name():
    with DATA.joinpath("countries.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    codes = [row["iso2"] for row in rows]
    assert len(rows) >= 195
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert all(row["name"] and not row["name"].isascii() for row in rows)


def test_data_files_have_a_notice():
    notice = DATA.joinpath("NOTICE").read_text(encoding="utf-8")
    for name in ("countries.tsv", "places.tsv", "organizations.tsv", "given_names.tsv"):
        assert name in notice
    assert "CLEANANERCorp test" in notice


def test_entries_cover_every_kind():
    kinds = {kind for _, kind, _, _ in gazetteer_entries()}
    assert ENTITY_KINDS <= kinds
    assert {"given_name", "family_name", "foreign_name"} <= kinds


def test_a_one_megabyte_paragraph_in_linear_time():
    block = "وقال وزير الخارجية الجزائري إن الأمم المتحدة ترسل وفدا إلى طرابلس وبنغازي. "
    small = block * (100_000 // len(block) + 1)
    large = small * 10
    assert len(large) >= 1_000_000
    began = time.perf_counter()
    small_matches = match_gazetteer(small)
    small_time = time.perf_counter() - began
    began = time.perf_counter()
    large_matches = match_gazetteer(large)
    large_time = time.perf_counter() - began
    assert len(large_matches) == 10 * len(small_matches) == 10 * 4 * (len(small) // len(block))
    assert large_time < 40 * max(small_time, 0.01)  # ten times the text: roughly ten times the time


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["الجزائر", "والجزائريين", "ليبيا", "مصرف", "\u064e", "\u0640", " ", "،", "x", "أمريكا"]
        ),
        max_size=30,
    )
)
def test_matches_are_sorted_disjoint_and_exact(parts):
    text = "".join(parts)
    matches = match_gazetteer(text)
    assert all(text[m.start : m.end] == m.surface for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))

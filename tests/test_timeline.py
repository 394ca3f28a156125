"""Tests for akhbar.dates / akhbar.timeline: date expressions in Arabic text.

Every case is resolved against Wednesday 2021-04-21 (the seed article's day).
"""

from __future__ import annotations

import datetime as dt

import akhbar
import pandas as pd
import pytest
from akhbar.dates import find_dates

REF = dt.date(2021, 4, 21)

# (text, expression, date, date_end, precision)
CASES = [
    # numeric dates, day first, Eastern Arabic and Persian digits
    ("2021/04/21", "2021/04/21", "2021-04-21", "2021-04-21", "day"),
    ("21-04-2021", "21-04-2021", "2021-04-21", "2021-04-21", "day"),
    ("21.4.2021", "21.4.2021", "2021-04-21", "2021-04-21", "day"),
    ("5/6/2012", "5/6/2012", "2012-06-05", "2012-06-05", "day"),
    ("2021-04-21", "2021-04-21", "2021-04-21", "2021-04-21", "day"),
    ("٢٠٢١/٠٤/٢١", "٢٠٢١/٠٤/٢١", "2021-04-21", "2021-04-21", "day"),
    ("۲۱/۴/۲۰۲۱", "۲۱/۴/۲۰۲۱", "2021-04-21", "2021-04-21", "day"),
    ("الأربعاء 2021/04/21", "الأربعاء 2021/04/21", "2021-04-21", "2021-04-21", "day"),
    # day, month name, year: Egyptian/Gulf names
    ("وصل في 21 يناير 2021", "21 يناير 2021", "2021-01-21", "2021-01-21", "day"),
    ("3 فبراير 2020", "3 فبراير 2020", "2020-02-03", "2020-02-03", "day"),
    ("15 مارس 2019", "15 مارس 2019", "2019-03-15", "2019-03-15", "day"),
    ("1 أبريل 2018", "1 أبريل 2018", "2018-04-01", "2018-04-01", "day"),
    ("2 إبريل 2018", "2 إبريل 2018", "2018-04-02", "2018-04-02", "day"),
    ("9 مايو 2017", "9 مايو 2017", "2017-05-09", "2017-05-09", "day"),
    ("10 يونيو 2016", "10 يونيو 2016", "2016-06-10", "2016-06-10", "day"),
    ("4 يوليو 2015", "4 يوليو 2015", "2015-07-04", "2015-07-04", "day"),
    ("20 أغسطس 2014", "20 أغسطس 2014", "2014-08-20", "2014-08-20", "day"),
    ("هجمات 11 سبتمبر 2001", "11 سبتمبر 2001", "2001-09-11", "2001-09-11", "day"),
    ("حرب 6 أكتوبر 1973", "6 أكتوبر 1973", "1973-10-06", "1973-10-06", "day"),
    ("30 نوفمبر 2010", "30 نوفمبر 2010", "2010-11-30", "2010-11-30", "day"),
    ("25 ديسمبر، 2012", "25 ديسمبر، 2012", "2012-12-25", "2012-12-25", "day"),
    # Levantine and Iraqi names
    ("14 كانون الثاني 2011", "14 كانون الثاني 2011", "2011-01-14", "2011-01-14", "day"),
    ("في شباط 2020", "شباط 2020", "2020-02-01", "2020-02-29", "month"),
    ("آذار 2011", "آذار 2011", "2011-03-01", "2011-03-31", "month"),
    ("نيسان 2019", "نيسان 2019", "2019-04-01", "2019-04-30", "month"),
    ("أيار 2018", "أيار 2018", "2018-05-01", "2018-05-31", "month"),
    ("حرب حزيران 1967", "حزيران 1967", "1967-06-01", "1967-06-30", "month"),
    ("تموز 2006", "تموز 2006", "2006-07-01", "2006-07-31", "month"),
    ("انفجار 4 آب 2020", "4 آب 2020", "2020-08-04", "2020-08-04", "day"),
    ("أيلول 2019", "أيلول 2019", "2019-09-01", "2019-09-30", "month"),
    ("تشرين الأول 2019", "تشرين الأول 2019", "2019-10-01", "2019-10-31", "month"),
    ("تشرين الثاني 2015", "تشرين الثاني 2015", "2015-11-01", "2015-11-30", "month"),
    ("كانون الأول 2010", "كانون الأول 2010", "2010-12-01", "2010-12-31", "month"),
    ("الرابع من حزيران1967", "الرابع من حزيران1967", "1967-06-04", "1967-06-04", "day"),
    # Maghrebi names
    ("14 جانفي 2011", "14 جانفي 2011", "2011-01-14", "2011-01-14", "day"),
    ("22 فيفري 2019", "22 فيفري 2019", "2019-02-22", "2019-02-22", "day"),
    ("أفريل 2021", "أفريل 2021", "2021-04-01", "2021-04-30", "month"),
    ("ماي 2016", "ماي 2016", "2016-05-01", "2016-05-31", "month"),
    ("جوان 2020", "جوان 2020", "2020-06-01", "2020-06-30", "month"),
    ("5 جويلية 1962", "5 جويلية 1962", "1962-07-05", "1962-07-05", "day"),
    ("أوت 2018", "أوت 2018", "2018-08-01", "2018-08-31", "month"),
    # paired forms and month without a year
    ("يونيو/حزيران 2021", "يونيو/حزيران 2021", "2021-06-01", "2021-06-30", "month"),
    ("في حزيران/يونيو", "حزيران/يونيو", "2021-06-01", "2021-06-30", "month"),
    ("4 يونيو (حزيران) 2019", "4 يونيو (حزيران) 2019", "2019-06-04", "2019-06-04", "day"),
    ("في أبريل", "أبريل", "2021-04-01", "2021-04-30", "month"),
    ("بأبريل", "أبريل", "2021-04-01", "2021-04-30", "month"),
    ("في سبتمبر الماضي", "سبتمبر الماضي", "2020-09-01", "2020-09-30", "month"),
    ("في ديسمبر المقبل", "ديسمبر المقبل", "2021-12-01", "2021-12-31", "month"),
    ("في 15 أبريل الجاري", "15 أبريل الجاري", "2021-04-15", "2021-04-15", "day"),
    ("الثامن من مارس", "الثامن من مارس", "2021-03-08", "2021-03-08", "day"),
    ("الحادي والعشرين من أبريل", "الحادي والعشرين من أبريل", "2021-04-21", "2021-04-21", "day"),
    ("منذ يونيو من العام الماضي", "منذ يونيو من العام الماضي", "2020-06-01", "2021-04-21", "month"),
    # qualifiers
    ("منتصف أبريل", "منتصف أبريل", "2021-04-11", "2021-04-20", "day"),
    ("أواخر 2020", "أواخر 2020", "2020-09-01", "2020-12-31", "month"),
    ("مطلع العام", "مطلع العام", "2021-01-01", "2021-04-30", "month"),
    ("مطلع العام المقبل", "مطلع العام المقبل", "2022-01-01", "2022-04-30", "month"),
    ("قبل نهاية الشهر الجاري", "نهاية الشهر الجاري", "2021-04-21", "2021-04-30", "day"),
    ("في النصف الأول من 2018", "النصف الأول من 2018", "2018-01-01", "2018-06-30", "month"),
    ("بداية عام 2019", "بداية عام 2019", "2019-01-01", "2019-04-30", "month"),
    # years
    ("العام 2011", "العام 2011", "2011-01-01", "2011-12-31", "year"),
    ("عام 2011", "عام 2011", "2011-01-01", "2011-12-31", "year"),
    ("سنة 2011", "سنة 2011", "2011-01-01", "2011-12-31", "year"),
    ("ثورة 2011م", "2011م", "2011-01-01", "2011-12-31", "year"),
    ("الإغلاق في 2013؟", "2013", "2013-01-01", "2013-12-31", "year"),
    ("لعام 2030", "عام 2030", "2030-01-01", "2030-12-31", "year"),
    ("موسم 2017/2018", "2017/2018", "2017-01-01", "2018-12-31", "year"),
    ("مونديال 2022", "2022", "2022-01-01", "2022-12-31", "year"),
    # decades and centuries
    ("في الثمانينيات", "الثمانينيات", "1980-01-01", "1989-12-31", "decade"),
    ("ثمانينيات القرن الماضي", "ثمانينيات القرن الماضي", "1980-01-01", "1989-12-31", "decade"),
    ("حتى التسعينات", "التسعينات", "1990-01-01", "1999-12-31", "decade"),
    ("منتصف الستينيات", "منتصف الستينيات", "1963-01-01", "1966-12-31", "year"),
    ("القرن التاسع عشر", "القرن التاسع عشر", "1800-01-01", "1899-12-31", "century"),
    ("القرن العشرين", "القرن العشرين", "1900-01-01", "1999-12-31", "century"),
    ("القرن الماضي", "القرن الماضي", "1900-01-01", "1999-12-31", "century"),
    # Hijri
    ("5 رمضان 1442 هـ", "5 رمضان 1442 هـ", "2021-04-17", "2021-04-17", "day"),
    ("1 محرم 1443هـ", "1 محرم 1443هـ", "2021-08-09", "2021-08-09", "day"),
    ("رمضان 1442", "رمضان 1442", "2021-04-13", "2021-05-12", "month"),
    ("عام 1440 هـ", "عام 1440 هـ", "2018-09-11", "2019-08-30", "year"),
    ("رمضان المقبل", "رمضان المقبل", "2022-04-02", "2022-05-01", "month"),
    ("ذي الحجة 1442 هـ", "ذي الحجة 1442 هـ", "2021-07-11", "2021-08-08", "month"),
    # weekdays and relative expressions
    ("قال اليوم إن", "اليوم", "2021-04-21", "2021-04-21", "day"),
    ("وصل أمس", "أمس", "2021-04-20", "2021-04-20", "day"),
    ("أول أمس", "أول أمس", "2021-04-19", "2021-04-19", "day"),
    ("يصل غدا", "غدا", "2021-04-22", "2021-04-22", "day"),
    ("يصل غداً", "غداً", "2021-04-22", "2021-04-22", "day"),
    ("مساء أمس", "مساء أمس", "2021-04-20", "2021-04-20", "day"),
    ("الأربعاء الماضي", "الأربعاء الماضي", "2021-04-14", "2021-04-14", "day"),
    ("أعلن الأربعاء", "الأربعاء", "2021-04-21", "2021-04-21", "day"),
    ("أعلن الجمعة", "الجمعة", "2021-04-16", "2021-04-16", "day"),
    ("وسيصل الوفد الجمعة", "الجمعة", "2021-04-23", "2021-04-23", "day"),
    ("يوم الخميس المقبل", "يوم الخميس المقبل", "2021-04-22", "2021-04-22", "day"),
    ("الاثنين الماضي", "الاثنين الماضي", "2021-04-19", "2021-04-19", "day"),
    (
        "الخميس الموافق 22 أبريل 2021",
        "الخميس الموافق 22 أبريل 2021",
        "2021-04-22",
        "2021-04-22",
        "day",
    ),
    ("الأسبوع الماضي", "الأسبوع الماضي", "2021-04-12", "2021-04-18", "week"),
    ("هذا الأسبوع", "هذا الأسبوع", "2021-04-19", "2021-04-25", "week"),
    ("الشهر المقبل", "الشهر المقبل", "2021-05-01", "2021-05-31", "month"),
    ("الشهر الجاري", "الشهر الجاري", "2021-04-01", "2021-04-30", "month"),
    ("العام الماضي", "العام الماضي", "2020-01-01", "2020-12-31", "year"),
    ("هذا العام", "هذا العام", "2021-01-01", "2021-12-31", "year"),
    ("السنة المقبلة", "السنة المقبلة", "2022-01-01", "2022-12-31", "year"),
    ("منذ العام 2011", "منذ العام 2011", "2011-01-01", "2021-04-21", "year"),
    ("خلال الأسابيع الأخيرة", "خلال الأسابيع الأخيرة", "2021-03-31", "2021-04-21", "week"),
    ("السنوات الخمس الماضية", "السنوات الخمس الماضية", "2016-04-21", "2021-04-21", "year"),
    ("قبل عامين", "قبل عامين", "2019-01-01", "2019-12-31", "year"),
    ("منذ ثلاثة أشهر", "منذ ثلاثة أشهر", "2021-01-21", "2021-04-21", "month"),
    ("قبل 5 أيام", "قبل 5 أيام", "2021-04-16", "2021-04-16", "day"),
    ("قبل أسبوع", "قبل أسبوع", "2021-04-12", "2021-04-18", "week"),
]


@pytest.mark.parametrize(("text", "expression", "date", "date_end", "precision"), CASES)
def test_expression(text, expression, date, date_end, precision):
    found = find_dates(text, reference=REF)
    assert [(m.expression, str(m.date), str(m.date_end), m.precision) for m in found] == [
        (expression, date, date_end, precision)
    ]


def test_enough_cases():
    assert len(CASES) >= 80


@pytest.mark.parametrize(
    "text",
    [
        "التحضير للدورة الـ14 للجنة التنفيذية",
        "تتألف من 14 عنصرا بالتساوي",
        "للاستفسار اتصلوا على الرقم 0123456789",
        "هاتف: +971 4 123 4567",
        "بقيمة 2000 دولار",
        "فاز الفريق 3-1 على ضيفه",
        "انتهت المباراة 1-صفر",
        "مقتل 2015 شخصا وإصابة 300",
        "و1949 من القوات الجوية",
        "نسبة 3.5 في المئة",
        "الساعة 10:30 صباحا",
        "وقالت ماي إن الحكومة",
        "مارس الضغوط على الحكومة",
        "بعد صلاة الجمعة",
        "في اليوم الأول من البطولة",
        "الرأي العام والأمين العام",
        "اليوم العالمي للمرأة",
        "أحد عشر لاعبا، والأحد عشر",
        "صفقة القرن",
        "على بعد 130 كيلومترا",
        "31/2/2021",
        "عند باب المندب",
        'موقع "سبتمبر نت"',
        "منذ سنوات",
    ],
)
def test_not_a_date(text):
    assert find_dates(text, reference=REF) == []


def test_list_of_years():
    found = find_dates("ما بين عامي 2006 و2016", reference=REF)
    assert [(m.expression, m.date.year, m.date_end.year) for m in found] == [
        ("عامي 2006", 2006, 2006),
        ("2016", 2016, 2016),
    ]


def test_list_of_days():
    found = find_dates("3 و5 أيار/مايو", reference=REF)
    assert [(m.expression, str(m.date)) for m in found] == [
        ("3", "2021-05-03"),
        ("5 أيار/مايو", "2021-05-05"),
    ]


def test_spans_map_back_to_original_text():
    text = "وصل الوفـد يومَ الأربعاءِ ٢١ أبريل ٢٠٢١ إلى طرابلس"
    (m,) = find_dates(text, reference=REF)
    assert text[m.start : m.end] == m.expression == "يومَ الأربعاءِ ٢١ أبريل ٢٠٢١"
    assert m.date == dt.date(2021, 4, 21) and not m.relative


def test_string_without_reference_keeps_relative_rows_undated():
    rows = akhbar.extract_dates("وصل أمس، بعد زيارة عام 2011")
    assert rows["expression"].tolist() == ["أمس", "عام 2011"]
    assert rows["date"].isna().tolist() == [True, False]
    assert rows["relative"].tolist() == [True, False]
    assert rows["article_id"].isna().all() and (rows["paragraph_no"] == 0).all()


def test_columns_and_types():
    rows = akhbar.extract_dates("قال أمس. ثم عاد في 2020.", reference_date="2021-04-21")
    assert list(rows.columns) == akhbar.timeline.DATE_COLUMNS
    assert str(rows["date"].dtype).startswith("datetime64")
    assert str(rows["date_end"].dtype).startswith("datetime64")
    assert rows["sentence_no"].tolist() == [0, 1]
    assert rows["sentence"].tolist() == ["قال أمس.", "ثم عاد في 2020."]
    assert rows["calendar"].tolist() == ["gregorian", "gregorian"]


def test_empty_result_has_columns():
    rows = akhbar.extract_dates("لا تاريخ هنا", reference_date="2021-04-21")
    assert rows.empty and list(rows.columns) == akhbar.timeline.DATE_COLUMNS


def test_seed_article(seed_articles):
    rows = akhbar.extract_dates(seed_articles)
    days = rows[rows["precision"] == "day"]
    assert (days["date"] == pd.Timestamp("2021-04-21")).any()
    since = rows[rows["expression"] == "منذ العام 2011"]
    assert len(since) == 1
    assert since["date"].iloc[0] == pd.Timestamp("2011-01-01")
    assert since["date_end"].iloc[0] == pd.Timestamp("2021-04-21")
    weeks = rows[rows["expression"] == "خلال الأسابيع الأخيرة"]
    assert len(weeks) == 1
    assert weeks["date"].iloc[0] < pd.Timestamp("2021-04-21") == weeks["date_end"].iloc[0]
    assert not rows["expression"].str.contains("14").any()
    assert not rows["sentence"].str.contains("الدورة الـ14").any()


def test_seed_timeline(seed_articles):
    timeline = akhbar.build_timeline(seed_articles, mentions=None, hits=None)
    assert list(timeline.columns) == akhbar.timeline.TIMELINE_COLUMNS
    assert timeline["date"].is_monotonic_increasing
    assert timeline["date"].min() == pd.Timestamp("2011-01-01")
    assert not timeline.duplicated(["article_id", "paragraph_no", "sentence_no"]).any()
    assert all(isinstance(v, list) for v in timeline["actors"])


def test_timeline_joins_actors_and_themes_by_sentence():
    articles = pd.DataFrame(
        {
            "article_id": ["a1"],
            "title": [""],
            "lede": [""],
            "dateline": [""],
            "caption": [""],
            "body": ["زار تبون طرابلس أمس. وتحدث الدبيبة عن الأمن."],
            "published_at": [pd.Timestamp("2021-04-21")],
        }
    )
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "paragraph_no": [0, 0],
            "start": [4, 30],
            "name": ["تبون", "الدبيبة"],
        }
    )
    hits = pd.DataFrame(
        {"article_id": ["a1"], "paragraph_no": [0], "start": [35], "theme": ["security"]}
    )
    timeline = akhbar.build_timeline(articles, mentions=mentions, hits=hits)
    assert timeline[["expression", "sentence_no"]].values.tolist() == [["أمس", 0]]
    assert timeline["actors"].tolist() == [["تبون"]]
    assert timeline["themes"].tolist() == [[]]
    assert timeline["date"].tolist() == [pd.Timestamp("2021-04-20")]


def test_repeated_paragraphs_are_skipped_unless_asked():
    articles = pd.DataFrame(
        {
            "article_id": ["a1"],
            "title": [""],
            "lede": ["اجتمع الوزراء يوم الأربعاء في الجزائر لبحث الأمن"],
            "dateline": [""],
            "caption": [""],
            "body": ["اجتمع الوزراء يوم الأربعاء في الجزائر لبحث الأمن"],
            "published_at": [pd.Timestamp("2021-04-21")],
        }
    )
    assert len(akhbar.extract_dates(articles)) == 1
    assert len(akhbar.extract_dates(articles, include_repeats=True)) == 2


def test_bad_input_names_what_was_expected():
    with pytest.raises(TypeError, match="articles DataFrame or a str"):
        akhbar.extract_dates(42)
    with pytest.raises(ValueError, match="published_at"):
        akhbar.extract_dates(pd.DataFrame({"article_id": ["a"]}))

"""Tests for akhbar.quotes: direct quotes, reported speech and their speakers.

The constructed sentences name people from the built-in list of well-known
actors, so the speakers do not depend on the statistical tagger.
"""

from __future__ import annotations

import time

import akhbar
import pytest
from akhbar import actors
from akhbar.quotes import QUOTE_COLUMNS

# --- the seed article ----------------------------------------------------------------

SEED_QUOTES = [
    # the quote's first words, speaker id, kind
    ("أهمية مواجهة الأخطار", "person:عبدالحميد-الدبيبة"),
    ("استعداد بلاده لمساعدة ليبيا أمنيا", "person:عبدالمجيد-تبون"),
    ("مواصلة التنسيق والتشاور", "organization:بيان"),
    ("المجتمعين بحثوا تكثيف التنسيق", "organization:بيان"),  # وأضاف بأن: the previous speaker
    ("عمق العلاقات الأخوية", "person:محمد-المنفي"),
    ("حرص الجزائر على أمن واستقرار ليبيا", "person:صبري-بوقادوم"),  # opened with ”
]


@pytest.fixture(scope="module")
def seed_quotes(seed_articles):
    return akhbar.extract_quotes(seed_articles)


@pytest.mark.parametrize(("opening", "speaker_id"), SEED_QUOTES)
def test_seed_quotes_and_speakers(seed_quotes, opening, speaker_id):
    rows = seed_quotes[seed_quotes["quote"].str.startswith(opening)]
    assert len(rows) == 1, f"{opening}: {len(rows)} rows"
    assert rows["speaker_id"].iloc[0] == speaker_id
    assert rows["kind"].iloc[0] == "direct"


def test_seed_reported_speech_on_the_tongue_of_the_president(seed_quotes):
    # وكانت الجزائر قد أعلنت على لسان الرئيس عبدالمجيد تبون، استعدادها لمساعدة ليبيا ...
    rows = seed_quotes[seed_quotes["quote"].str.startswith("استعدادها لمساعدة ليبيا")]
    assert rows[["speaker_id", "verb", "kind"]].values.tolist() == [
        ["person:عبدالمجيد-تبون", "أعلن", "reported"]
    ]
    assert rows["quote"].iloc[0].endswith("التوافقات الجديدة في طرابلس")
    assert (seed_quotes["kind"] == "reported").sum() == 1  # nothing else reads as speech


def test_seed_joint_statement_has_a_co_speaker(seed_quotes):
    row = seed_quotes[seed_quotes["quote"].str.startswith("أهمية مواجهة الأخطار")].iloc[0]
    assert row["co_speaker"].startswith("وفد جزائري")
    assert seed_quotes["co_speaker"].notna().sum() == 1


def test_seed_every_direct_quote_found_once(seed_quotes, seed_articles):
    assert (seed_quotes["kind"] == "direct").sum() == len(SEED_QUOTES)
    assert seed_quotes["speaker_id"].notna().all()
    # the pull quote repeats a body sentence: not counted twice, even when read
    again = akhbar.extract_quotes(seed_articles, include_repeats=True)
    assert again["quote"].str.startswith("استعداد بلاده").sum() == 1
    assert len(again) == len(seed_quotes)


def test_seed_offsets_point_at_the_quote(seed_quotes, seed_articles):
    texts = akhbar.split_paragraphs(seed_articles).set_index("paragraph_no")["text"]
    assert list(seed_quotes.columns) == QUOTE_COLUMNS
    for row in seed_quotes.itertuples():
        assert texts[row.paragraph_no][row.start : row.end] == row.quote
        assert row.quote[0] not in '“”«"' and row.quote[-1] not in '“”»".'


# --- constructed sentences -------------------------------------------------------------

CASES = [
    # text, quote start, speaker name (None: no speaker), verb, kind
    ("وقال ناصر بوريطة: «المغرب يدعم الحل السياسي في ليبيا».", "المغرب يدعم", "ناصر بوريطة",
     "قال", "direct"),
    ('ناصر بوريطة قال إن "المغرب يدعم الحل السياسي في ليبيا"', "المغرب يدعم", "ناصر بوريطة",
     "قال", "direct"),
    ("وذكّر ناصر بوريطة، بـ”حرص المغرب على استقرار المنطقة”.", "حرص المغرب", "ناصر بوريطة",
     "ذكّر", "direct"),
    ("وأكد أيمن الصفدي أن الأردن يرفض أي تهجير للفلسطينيين.", "الأردن يرفض", "أيمن الصفدي",
     "أكد", "reported"),
    ("وشددت نجلاء المنقوش على أن الانتخابات ستجري في موعدها.", "الانتخابات ستجري",
     "نجلاء المنقوش", "شدد", "reported"),
    ("ولفت الصفدي إلى أن المعابر ستبقى مفتوحة أمام المساعدات", "المعابر ستبقى", "أيمن الصفدي",
     "لفت", "reported"),
    ("وحسب بيان للخارجية، فإن الوزير سيزور الجزائر الأسبوع المقبل.", "فإن الوزير", "بيان",
     "حسب", "reported"),
    ("وعبر سامح شكري عن “قلق بلاده من التصعيد في المنطقة”", "قلق بلاده", "سامح شكري",
     "عبر عن", "direct"),
    ("وأعرب سامح شكري عن “قلق بلاده من التصعيد في المنطقة”", "قلق بلاده", "سامح شكري",
     "عبر عن", "direct"),
    ("وجاء في الرسالة: “نحن مستعدون للحوار دون شروط مسبقة”", "نحن مستعدون", None, None,
     "direct"),
    ("وقال المتحدث باسم الحكومة إن الانتخابات ستجري في موعدها.", "الانتخابات ستجري",
     "المتحدث باسم الحكومة", "قال", "reported"),
    ("وذكرت الصحيفة أن الوفد وصل إلى الجزائر مساء أمس.", "الوفد وصل", "الصحيفة", "ذكر",
     "reported"),
    ("وفي المساء، قالت قناة العراقية إن الرحلات الجوية استؤنفت.", "الرحلات الجوية",
     "قناة العراقية", "قال", "reported"),
    ("ونقلت وكالة سانا عن مصدر عسكري قوله إن الأصوات تعود لانفجار مستودع.", "الأصوات تعود",
     "مصدر عسكري", "قال", "reported"),
    ("ونقلت الوزارة عن ناصر بوريطة قوله “المغرب يدعم الحل السياسي”.", "المغرب يدعم",
     "ناصر بوريطة", "قال", "direct"),
    ("وقال بوتفليقة إنه لن يترشح لولاية خامسة.", "لن يترشح", "عبد العزيز بوتفليقة", "قال",
     "reported"),
    # على لسان: the speaker follows the cue, the quote is the rest of the sentence
    ("وكانت مصر قد أعلنت على لسان الوزير سامح شكري، رفضها لأي تدخل عسكري في ليبيا.",
     "رفضها لأي تدخل", "سامح شكري", "أعلن", "reported"),
    ("وأكدت الحكومة على لسان الناطق باسمها أن الانتخابات ستجري في موعدها.",
     "الانتخابات ستجري", "الناطق باسمها", "أكد", "reported"),
    ("وأعلن سامح شكري أن مصر سترسل مساعدات إلى السودان.", "مصر سترسل", "سامح شكري", "أعلن",
     "reported"),
    ("قال أيمن الصفدي، وزير الخارجية الأردني، إن المعابر ستبقى مفتوحة.", "المعابر ستبقى",
     "أيمن الصفدي", "قال", "reported"),
    # seen on ANT: a capital or a country speaks; days, "ما" and plural sources
    ("وأعلنت واشنطن الأسبوع الماضي أنها ستنسحب من الاتفاقية.", "ستنسحب من", "واشنطن", "أعلن",
     "reported"),
    ("وأكد الطبيب الخميس أن الإصابة أسوأ مما كان متوقعا.", "الإصابة أسوأ", "الطبيب", "أكد",
     "reported"),
    ("وحسب ما أعلنته وزارة الداخلية، فإن الحادث وقع مساء أمس.", "فإن الحادث", "وزارة الداخلية",
     "حسب", "reported"),
    ("وأفادت تقارير إخبارية بأنه بدا غير نادم على ما فعل.", "بدا غير", "تقارير إخبارية", "أفاد",
     "reported"),
    ("وتقول بعض المصادر إن الوفد أبرم اتفاقا مع الحكومة.", "الوفد أبرم", "بعض المصادر", "قال",
     "reported"),
    ("حيث أفاد شهود، الجمعة، بأن موجة جديدة من القصف استهدفت المنطقة.", "موجة جديدة", "شهود",
     "أفاد", "reported"),
    ("وقال خبراء قانونيون إن قراره قد يستغرق شهورا.", "قراره قد", "خبراء قانونيون", "قال",
     "reported"),
    ("وأضافت هذه المصادر أن المحققين لم يستمعوا إلى إفادته.", "المحققين لم", "هذه المصادر",
     "أضاف", "reported"),
    ("كما أكد، خلال اتصاله بمحافظ الحديدة الحسن طاهر، أن الحوثيين رفضوا السلام.",
     "الحوثيين رفضوا", None, "أكد", "reported"),  # an aside after the verb names no speaker
    ("وأضافت الوزيرة لـ\"سكاي نيوز عربية\" إن الوضع مستقر تماما في البلاد.", "الوضع مستقر",
     "الوزيرة", "أضاف", "reported"),  # the medium spoken to is neither quote nor speaker
    ("وقال المتحدث لوكالة الأنباء الفرنسية إن الوضع مستقر.", "الوضع مستقر", "المتحدث", "قال",
     "reported"),
    ("وعلق مدير مكتب الاتصال الحكومي، بقوله: \"الزيارة شرف كبير لنا جميعا\"",
     "الزيارة شرف", "مدير مكتب الاتصال الحكومي", "قال", "direct"),  # the title's holder
    ("وقال فريق الإدعاء إن المتهم هو العقل المدبر.", "المتهم هو", "فريق الإدعاء", "قال",
     "reported"),
    ("وأكد الوزير اليمني قائلا: “لا نثق بما تقوله الميليشيات أبدا”", "لا نثق", "الوزير اليمني",
     "قال", "direct"),  # a participle after a verb: that verb's subject
    ("وكتب على تويتر مغردا “ثمانية ملايين صوتوا لنا اليوم”", "ثمانية ملايين", None, "كتب",
     "direct"),  # على تويتر: the medium, not the speaker
    ("وأوضح بومبيو للأمير محمد بن سلمان أنه على السعوديين تقديم إجابات.", "على السعوديين",
     "مايك بومبيو", "أوضح", "reported"),  # للأمير: the one spoken to
    ("وذكرت وسائل إعلام فلسطينية أن الجرحى السبعة في حالة حرجة.", "الجرحى السبعة",
     "وسائل إعلام فلسطينية", "ذكر", "reported"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "opening", "speaker", "verb", "kind"), CASES)
def test_quotes_in_constructed_sentences(text, opening, speaker, verb, kind):
    quotes = akhbar.extract_quotes(text)
    assert len(quotes) == 1, quotes
    row = quotes.iloc[0]
    assert row["quote"].startswith(opening)
    assert row["speaker"] == speaker
    assert row["verb"] == verb
    assert row["kind"] == kind
    assert text[row["start"] : row["end"]] == row["quote"]
    assert row["article_id"] is None and row["paragraph_no"] == 0


def test_added_quote_goes_to_the_previous_speaker():
    text = (
        "وقال ناصر بوريطة إن “المغرب يدعم الحل السياسي في ليبيا”. "
        "وأضاف بأن “الحوار هو السبيل الوحيد للخروج من الأزمة”."
    )
    quotes = akhbar.extract_quotes(text)
    assert quotes["speaker"].tolist() == ["ناصر بوريطة", "ناصر بوريطة"]
    assert quotes["verb"].tolist() == ["قال", "أضاف"]


def test_a_participle_goes_to_the_sentence_speaker():
    # before the participle, شكري is the nearest name; the speaker is still الصفدي
    text = "وقال أيمن الصفدي بعد لقائه سامح شكري إن الأردن يرفض التهجير، مؤكدا أن الموقف واحد."
    quotes = akhbar.extract_quotes(text)
    assert quotes["verb"].tolist() == ["قال", "أكد"]
    assert quotes["speaker"].tolist() == ["أيمن الصفدي", "أيمن الصفدي"]


def test_speaker_after_the_verb_wins_over_the_one_before():
    text = "وبعد لقائه أيمن الصفدي، قال سامح شكري إن “التنسيق بين البلدين مستمر وقوي”."
    assert akhbar.extract_quotes(text)["speaker"].tolist() == ["سامح شكري"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No Arabic here, “not even in quotes here”.",
        "ووصف الوزير الاتفاق بـ”التاريخي”.",  # a scare quote of one word
        "وعبر آلاف المهاجرين الحدود بعد إغلاق المعبر",  # عبر without عن: not speech
        "وصل الوزير إلى طرابلس أمس.",
        "كما ذكرت “سكاي نيوز عربية” صباح اليوم.",  # a short quote after a verb names a source
        "وشارك الآلاف في مظاهرات “العودة الكبرى وكسر الحصار”.",  # a slogan, not a quote
        "يذكر أن المنتخب يلعب في المجموعة الأولى.",  # "it is worth noting": nobody speaks
        "وكشف النقاب عن الواقعة بعد أن لوحظ بيع الأسلحة في السوق.",  # بعد أن: a time clause
        "وتواصل معها عبر الهاتف، ونقل عنها رغبتها في العودة.",  # عبر الهاتف: "via"
    ],
)
def test_no_quote(text):
    quotes = akhbar.extract_quotes(text)
    assert quotes.empty
    assert list(quotes.columns) == QUOTE_COLUMNS


def test_one_megabyte_paragraph_in_linear_time(monkeypatch):
    monkeypatch.setattr(actors, "_default_entities", lambda text: [])  # list and rules only
    sentence = "وقال ناصر بوريطة إن “المغرب يدعم الحل السياسي في ليبيا”. وأكد الصفدي أن الحل قريب. "
    small, large = sentence * 1000, sentence * 10000
    assert len(large.encode()) > 1_000_000

    def run(text):
        start = time.perf_counter()
        quotes = akhbar.extract_quotes(text)
        return quotes, time.perf_counter() - start

    one, _ = run(sentence)
    few, t_small = run(small)
    many, t_large = run(large)
    # identical quotes in one article are reported once
    assert len(one) == len(few) == len(many) == 2
    assert t_large < 40 * max(t_small, 1e-3)  # quadratic growth would be about 100 times

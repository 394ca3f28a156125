"""The entity tagger: odd input, proclitics, offsets, long text and an F1 floor on test.txt."""

from __future__ import annotations

import importlib.util
import itertools
import json
import time
from importlib import resources
from pathlib import Path

import pytest
from akhbar import ner
from akhbar.ner import Entity, find_entities, ner_tokens, strip_proclitic

ROOT = Path(__file__).resolve().parents[1]
DATA = resources.files("akhbar").joinpath("data", "ner")
#: measured 0.740 micro F1 with benchmarks/eval_ner.py; the floor guards against regressions
F1_FLOOR = 0.73


@pytest.mark.parametrize("text", ["", " ", "\n\n", "Reuters, 21 April 2021", "12345", "...!؟"])
def test_no_entities_in_empty_or_non_arabic_text(text):
    assert find_entities(text) == []


def test_entities_are_exact_sorted_and_disjoint():
    text = "وقال فلاديمير بوتين في موسكو إن الأمم المتحدة و«الاتحاد الأوروبي» يدعمان ليبيا."
    found = find_entities(text)
    assert all(isinstance(e, Entity) for e in found)
    assert all(text[e.start : e.end] == e.surface for e in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert {e.type for e in found} <= {"person", "organization", "place"}
    by_surface = {e.surface: e for e in found}
    assert by_surface["موسكو"].type == "place"
    assert by_surface["الأمم المتحدة"].type == "organization"
    assert by_surface["ليبيا"].country == "LY"
    assert any(e.type == "person" and "بوتين" in e.surface for e in found)


@pytest.mark.parametrize(
    ("word", "stripped"),
    [
        ("لبوقادوم", "بوقادوم"),
        ("وبوقادوم", "بوقادوم"),
        ("والجزائر", "الجزائر"),
        ("وليبيا", "ليبيا"),
        ("لبوتين", "بوتين"),
        ("بوقدوم", "بوقدوم"),
        ("لبوقدوم", "بوقدوم"),
        ("لاريجاني", "لاريجاني"),
        ("كوشنير", "كوشنير"),
        ("للمنفي", "منفي"),
        ("ليبيا", "ليبيا"),  # a known name keeps its first letter
        ("لبنان", "لبنان"),
        ("وليد", "وليد"),
        ("وائل", "وائل"),
        ("فلاديمير", "فلاديمير"),
        ("فالنسيا", "فالنسيا"),  # a known word keeps a first letter that is also a proclitic
        ("وفالنسيا", "فالنسيا"),
        ("كريستيانو", "كريستيانو"),
        ("بنيامين", "بنيامين"),
        ("وبنيامين", "بنيامين"),
    ],
)
def test_proclitics_are_stripped_from_tagged_spans(word, stripped):
    cut = ner._strip_span_start(
        word, ner._known_words(), ner.training_lexicon().get("O", frozenset())
    )
    assert word[cut:] == stripped


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("وقال لاعب فالنسيا إن الفريق فاز", "فالنسيا", True),
        ("وكبرى الشركات تستثمر", "برى", False),
        ("مرر الكرة على نيمار في الملعب", "على نيمار", False),
        ("مرر الكرة على نيمار في الملعب", "نيمار", True),
    ],
)
def test_found_spans_keep_listed_words_whole_and_skip_function_words(text, surface, expected):
    assert (surface in [e.surface for e in find_entities(text)]) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("على", True),
        ("عَلَى", True),
        ("وعلى", True),
        ("علي", False),  # the name
        ("بأن", True),
        ("أن", True),
        ("إن", True),
        ("باسم", True),
        ("كبرى", True),
        ("وكبرى", True),
        ("برى", False),
        ("الذي", True),
        ("والتي", True),
        ("نيمار", False),
        ("فالنسيا", False),
        ("أمل", False),
    ],
)
def test_function_words_are_never_a_name_alone(word, expected):
    assert ner.is_function_word(word) is expected
    if expected:  # a span of that word alone is noise at both edges, hence dropped
        assert ner._is_edge_noise(word)


def test_function_words_are_dropped_from_crf_person_spans():
    class Tagger:
        def tag(self, feats):
            return ["B-PERS"] * len(feats)

    for text in ("بأن", "باسم", "وكبرى", "على"):
        assert ner._crf_entities(text, [], Tagger()) == [], text
    found = ner._crf_entities("على نيمار", [], Tagger())
    assert [e.surface for e in found] == ["نيمار"]


@pytest.mark.parametrize(
    ("form", "expected"),
    [("وبالجزاير", ("وبال", "جزاير")), ("للرييس", ("لل", "رييس")), ("من", ("", "من"))],
)
def test_strip_proclitic_for_features(form, expected):
    assert strip_proclitic(form) == expected


def test_tokens_keep_punctuation_and_offsets():
    text = "قال (د ب أ)، أمس"
    assert [(t, text[s:e]) for t, s, e in ner_tokens(text)] == [
        (t, t) for t in ["قال", "(", "د", "ب", "أ", ")", "،", "أمس"]
    ]


def test_titles_stay_out_of_tagged_spans():
    for word in ("الجنرال", "الشيخ", "وزير", "«"):
        assert ner._is_edge_noise(word)
    assert not ner._is_edge_noise("بوتين")


def test_gazetteer_only_fills_gaps_left_by_the_tagger():
    text = "وصل الوفد إلى القاهرة ثم إلى الجزائر"
    sources = {e.surface: e.source for e in find_entities(text)}
    assert set(sources) == {"القاهرة", "الجزائر"}
    assert all(e.canonical for e in find_entities(text))
    spans = [(e.start, e.end, e.type) for e in find_entities(text) if e.source == "crf"]
    assert [(e.start, e.end, e.type) for e in find_entities(text, gazetteer=False)] == spans


def test_a_one_megabyte_paragraph_in_linear_time():
    block = "وقال الرئيس الروسي فلاديمير بوتين في موسكو إن الأمم المتحدة ترسل وفدا إلى ليبيا "
    small = block * (100_000 // len(block) + 1)
    large = small * 10
    assert len(large) >= 1_000_000 and "\n" not in large
    began = time.perf_counter()
    small_found = find_entities(small)
    small_time = time.perf_counter() - began
    began = time.perf_counter()
    large_found = find_entities(large)
    large_time = time.perf_counter() - began
    assert len(small_found) >= len(small) // len(block)
    assert len(large_found) == pytest.approx(10 * len(small_found), rel=0.02)
    assert large_time < 40 * max(small_time, 0.01)  # ten times the text: roughly ten times the time


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["برودي", "وشيراك"], [(0, 0), (1, 1)]),  # two persons joined by و
        (["الحسن", "والحسين"], [(0, 0), (1, 1)]),
        (["محمد", "وليد"], [(0, 1)]),  # وليد is a name, not و + ليد
        (["عبد", "الله", "وائل"], [(0, 2)]),
    ],
)
def test_person_spans_split_at_coordinated_names(words, expected):
    assert ner._split_coordinated(words, 0, len(words) - 1, ner._name_forms()) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("وأشار السقاف إلى أن الوفد وصل", "السقاف"),
        ("وقال كينيون إن المفاوضات مستمرة", "كينيون"),
        ("وأضاف الوزير الياباني", None),  # a known word after the verb is no name
        ("وقال مصدر مسؤول إن", None),
    ],
)
def test_unknown_words_after_a_reporting_verb_are_persons(text, person):
    persons = [e.surface for e in find_entities(text) if e.type == "person"]
    assert persons == ([person] if person else [])


def test_a_leading_nationality_is_not_part_of_a_person():
    words = ["الكيني", "نديوا", "ريمي"]
    tags = ["B-nationality", "", ""]
    found = ner._cued_persons(["قال", *words], ["O"] * 4, ["", *tags], frozenset())
    assert found == ["O", "O", "B-PERS", "I-PERS"]
    text = "وفاز الكيني نديوا ريمي ليمو"
    assert all(not e.surface.startswith("الكيني") for e in find_entities(text))


@pytest.mark.parametrize(
    ("word", "kind", "name_like"),
    [
        ("شوفكوفسكيي", "foreign", True),  # in no list: the letters say it
        ("ناكامورا", "foreign", True),
        ("كينيون", "foreign", True),
        ("بوقادوم", "arab", True),
        ("المدافع", "foreign", False),
        ("الحكومه", "foreign", False),
        ("الحكومه", "arab", False),
        ("الاقتصاديه", "arab", False),
    ],
)
def test_name_likeness_tells_names_from_ordinary_words(word, kind, name_like):
    assert (ner.name_likeness(word)[kind] > 0) is name_like


def test_name_likeness_weighs_names_against_the_given_ordinary_words():
    # ordinary words sharing its n-grams (and in no name list) make a word less name-like
    plain = ner.name_likeness("كينيون", frozenset())
    others = frozenset({"كينونه", "يونيو", "ميكروفون"})
    assert ner.name_likeness("كينيون", others)["foreign"] < plain["foreign"]


def test_listed_names_are_never_weighed_as_ordinary_words():
    # كينيا is a listed name word (name_units.tsv): counting it as ordinary would
    # teach that names look ordinary
    assert "كينيا" in ner.name_units()
    plain = ner.name_likeness("كينيون", frozenset())
    assert ner.name_likeness("كينيون", frozenset({"كينيا"})) == plain


@pytest.mark.parametrize(
    ("text", "surface", "kind", "country"),
    [
        ("وفازت نيجيريا على النيجر 2 - صفر في تصفيات كأس أفريقيا", "نيجيريا", "organization", "NG"),
        ("وتعادلت فرنسا مع إيطاليا في المباراة", "فرنسا", "organization", "FR"),
        ("وقال الرئيس إن فرنسا ستدعم إيطاليا في الأزمة", "فرنسا", "place", "FR"),
        ("وزار الوزير نيجيريا الأسبوع الماضي", "نيجيريا", "place", "NG"),
    ],
)
def test_a_country_in_a_sport_sentence_is_its_team(text, surface, kind, country):
    found = {e.surface: e for e in find_entities(text)}
    assert found[surface].type == kind
    assert found[surface].country == country


def test_sport_sentences_are_marked_on_every_token():
    sport = ner.sentence_features(["وفازت", "نيجيريا", "في", "المباراة"], ["", "B-country", "", ""])
    plain = ner.sentence_features(["وزار", "نيجيريا", "أمس"], ["", "B-country", ""])
    assert all("sport" in feats for feats in sport) and "gzs=country" in sport[1]
    assert not any("sport" in feats for feats in plain)


def test_the_per_word_feature_cache_stays_bounded(monkeypatch):
    featurizer = ner._Featurizer({}, frozenset(ner.ALL_GROUPS))
    monkeypatch.setattr(ner, "FEATURE_CACHE_WORDS", 100)
    words = [f"كلمة{i}" for i in range(1_000)]
    sizes = []
    for word in words:
        featurizer.word(word)
        sizes.append(len(featurizer.cache))
    assert max(sizes) <= 100
    assert words[-1] in featurizer.cache and words[0] not in featurizer.cache
    assert featurizer.word(words[0]) == featurizer._compute(words[0])


def test_the_feature_cache_cap_keeps_it_under_100_mb():
    import tracemalloc

    featurizer = ner._Featurizer(ner.training_lexicon(), frozenset(ner.ALL_GROUPS))
    featurizer.word("تحميل")
    words = [f"{a}{b}{c}ي" for a in "بتثجحخدذرز" for b in "سشصضطظعغفق" for c in "كلمنهوي"]
    tracemalloc.start()
    for word in words:
        featurizer.word(word)
    per_word = tracemalloc.get_traced_memory()[0] / len(words)
    tracemalloc.stop()
    assert 500 < per_word and ner.FEATURE_CACHE_WORDS * per_word < 100e6


def test_name_lists_are_large_and_hold_compound_and_foreign_names():
    lists = ner.word_lists()
    assert len(lists["given_name"]) > 1_000
    assert len(lists["family_name"]) > 1_000 and len(lists["foreign_name"]) > 1_000
    assert {"عبدالرحمن", "عبدالله", "ابوبكر", "فاطمه"} <= lists["given_name"]
    assert {"جونغ", "لافروف", "زيلينسكي", "ماكرون"} <= lists["foreign_name"]


@pytest.mark.parametrize(
    ("word", "listed"),
    [
        ("برلوسكوني", True),  # foreign surname
        ("دروغبا", True),  # athlete
        ("بوكروح", True),  # Maghrebi family name in بو
        ("الحوشبي", True),  # nisba family name
        ("الرحيم", True),  # second half of a split compound (عبد الرحيم)
        ("جاري", False),  # "current": a common word, not the name Gary
        ("الدوري", False),  # "the league"
        ("الطيار", False),  # "the pilot", though also a family name
        ("السعودي", False),  # a nationality adjective
        ("كان", False),
    ],
)
def test_name_lists_hold_names_and_leave_common_words_out(word, listed):
    lists = ner.word_lists()
    found = any(word in lists[g] for g in ("given_name", "family_name", "foreign_name"))
    assert found is listed


def test_training_swaps_person_names_for_listed_ones():
    import random
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from train_ner import _swap_person_names

    item = {
        "words": ["وقال", "لمحمد", "السعيد", "إن"],
        "labels": ["O", "B-PERS", "I-PERS", "O"],
        "gazetteer": ["", "", "", ""],
    }
    words, tags = _swap_person_names(item, random.Random(1))
    lists = ner.word_lists()
    assert words[0] == "وقال" and words[3] == "إن"
    assert words[1].startswith("ل") and words[1][1:] in lists["given_name"] | lists["foreign_name"]
    assert words[2] in lists["family_name"] | lists["foreign_name"]
    assert tags == ["", "", "", ""]


def test_model_files_name_their_training_data_and_licence():
    notice = DATA.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "CLEANANERCorp" in notice and "GPL-3.0" in notice
    params = json.loads(DATA.joinpath("params.json").read_text(encoding="utf-8"))
    assert params["data"] == "train.txt" and params["seed"] == 13
    assert set(params["groups"]) == set(ner.ALL_GROUPS)
    assert params["models"][0] == "model.crfsuite" and len(params["models"]) % 2 == 1
    assert params["seeds"] == [13 + k for k in range(len(params["models"]))]
    for name in params["models"]:
        assert DATA.joinpath(name).stat().st_size < 5_000_000, name
        assert name in notice
    assert len(ner._tagger().taggers) == len(params["models"])


class _Fixed:
    """A stand-in tagger that always gives the same labels."""

    def __init__(self, labels):
        self.labels = labels

    def tag(self, xseq):
        assert len(xseq) == len(self.labels)
        return list(self.labels)


@pytest.mark.parametrize(
    ("outputs", "expected"),
    [
        # two of three agree on the whole span: kept; the third's shorter span is not
        (
            [["B-PERS", "I-PERS", "O"], ["B-PERS", "O", "O"], ["B-PERS", "I-PERS", "O"]],
            ["B-PERS", "I-PERS", "O"],
        ),
        # each span tagged by one model only: nothing is kept
        ([["B-PERS", "O", "O"], ["O", "B-LOC", "O"], ["O", "O", "B-ORG"]], ["O", "O", "O"]),
        # same span, two types: the type most models give
        ([["B-ORG", "O", "O"], ["B-LOC", "O", "O"], ["B-LOC", "O", "O"]], ["B-LOC", "O", "O"]),
        # a stray I- opens an entity, as in CoNLL scoring
        ([["I-LOC", "O", "O"], ["B-LOC", "O", "O"], ["O", "O", "O"]], ["B-LOC", "O", "O"]),
    ],
)
def test_voting_models_keep_the_entities_most_of_them_tag(outputs, expected):
    vote = ner.VoteTagger([_Fixed(labels) for labels in outputs])
    assert vote.tag([["w=a"], ["w=b"], ["w=c"]]) == expected


def test_one_model_votes_alone():
    assert ner.VoteTagger([_Fixed(["B-PERS", "O"])]).tag([["a"], ["b"]]) == ["B-PERS", "O"]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_ner", ROOT / "benchmarks" / "eval_ner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scoring_labels_overlapped_tokens_conll_style():
    evaluation = _eval_module()
    spans = [(0, 3), (4, 8), (9, 14), (15, 19)]
    labels = evaluation.label_tokens(spans, [(4, 14, "person"), (16, 18, "place"), (0, 2, "x")])
    assert labels == ["O", "B-PERS", "I-PERS", "B-LOC"]
    assert evaluation.entities(["B-PERS", "I-PERS", "O", "B-MISC", "I-LOC"]) == {
        (0, 2, "PERS"),
        (4, 5, "LOC"),
    }


def test_f1_floor_on_cleananercorp_test(ner_dir):
    evaluation = _eval_module()
    test = evaluation.read_conll(ner_dir / "test.txt")
    counts, _ = evaluation.score(test, evaluation.engines()["find_entities"])
    precision, recall, f1 = evaluation.prf(counts["micro"])
    assert f1 >= F1_FLOOR, (precision, recall, f1)
    # measured micro 0.740: PERS 0.709, LOC 0.867, ORG 0.627 (the shipped model, with
    # the name lists and about 1,700 more organisations; ORG was 0.610 before them;
    # a retrain that changes a handful of features moves these by about 0.005)
    for kind, floor in (("PERS", 0.69), ("LOC", 0.855), ("ORG", 0.61)):
        assert evaluation.prf(counts[kind])[2] >= floor, kind


def test_public_figures_mark_listed_full_names_but_not_after_a_preposition():
    assert ner.public_figure_tags(["وقال", "صبري", "بوقادوم", "إن"]) == ["", "B", "I", ""]
    assert ner.public_figure_tags(["ولصبري", "بوقادوم"]) == ["B", "I"]  # proclitic kept
    # علي حسن is a listed full name; على حسن is "on Hassan"
    assert ("علي", "حسن") in ner.public_figures()
    assert ner.public_figure_tags(["علي", "حسن"]) == ["B", "I"]
    assert ner.public_figure_tags(["على", "حسن"]) == ["", ""]


def test_foreign_figures_are_full_names_with_their_variants():
    import csv

    path = resources.files("akhbar").joinpath("data", "gazetteers", "foreign_figures.tsv")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert len(rows) > 1_000
    assert all(len(row["name"].split()) >= 2 and len(row["country"]) == 2 for row in rows)
    # a variant spelling marks the words as a listed full name, as the main spelling does
    for words in (["جون", "كينيدي"], ["جون", "كنيدي"], ["رونالد", "ريجان"]):
        assert ner.public_figure_tags(["وقال", *words, "إن"]) == ["", "B", "I", ""], words


def test_large_name_lists_reach_the_tagger_features():
    # neither word is in the hand-written name lists' surnames nor in the training text
    features = ner.sentence_features(["وقال", "ابتهاج", "الياور", "إن"])
    assert {"m=ug", "fn=B", "fn[1]=I"} <= set(features[1])
    assert {"m=us", "fn=I", "fn[-1]=B"} <= set(features[2])
    assert "fn[-1]=I" in features[3] and not any(f.startswith("fn=") for f in features[3])
    off = ner.sentence_features(
        ["وقال", "ابتهاج", "الياور"], groups=[g for g in ner.ALL_GROUPS if g != "names"]
    )
    assert not any(f.startswith(("fn", "m=u")) for f in off[1] + off[2])


def test_large_name_lists_are_in_gazetteer_form_and_credited():
    from akhbar.gazetteer import gazetteer_form

    units, figures = ner.name_units(), ner.public_figures()
    assert len(units) > 30_000 and len(figures) > 50_000
    assert all(gazetteer_form(w) == w for w in list(units)[::97])
    assert all(
        2 <= len(n) <= 4 and gazetteer_form(" ".join(n)) == " ".join(n) for n in list(figures)[::97]
    )
    notice = (
        resources.files("akhbar")
        .joinpath("data", "gazetteers", "NOTICE")
        .read_text(encoding="utf-8")
    )
    for needed in (
        "name_units.tsv",
        "public_figures.tsv",
        "Wikidata",
        "CC0-1.0",
        "arabnamer",
        "CC-BY-4.0",
    ):
        assert needed in notice, needed


def test_name_list_builder_counts_roles_and_keeps_full_names(tmp_path):
    import sqlite3
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_name_lists import name_units, public_figures

    db = tmp_path / "names.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE units (arabic_key, latin, role, country, count, source)")
        con.execute("CREATE TABLE full_names (arabic_key, latin, country, count, source)")
        con.executemany(
            "INSERT INTO units VALUES (?, '', ?, 'DZ', ?, 'wikidata')",
            [
                ("صبري", "given", 3),
                ("بوقادوم", "surname", 1),
                ("صبري", "surname", 2),
                ("ي", "given", 9),
            ],
        )
        con.executemany(
            "INSERT INTO full_names VALUES (?, '', ?, ?, 'wikidata')",
            [
                ("صبري بوقادوم", "DZ", 2),
                ("صبري بوقادوم", "TN", 1),
                ("صبري", "DZ", 5),
                ("أ ب ج د هـ", "DZ", 1),
            ],
        )
    units = name_units(db, {"sabri": "صبري", "george bush": "جورج بوش"})
    assert units["صبري"] == {"given": 3, "surname": 2, "transliterated": 1}
    assert units["بوقادوم"] == {"surname": 1}
    assert units["بوش"] == {"transliterated": 1}
    assert "ي" not in units  # one letter is no name
    # two to four words, gazetteer form, the commonest country
    assert public_figures(db) == {"صبري بوقادوم": "DZ"}

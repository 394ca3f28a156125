"""Near-duplicates by MinHash: small edits are the same story, rewrites are not."""

from __future__ import annotations

import random

import akhbar
import pandas as pd
import pytest
from akhbar.duplicates import near_duplicates

WORDS = (
    "قال وزير الخارجية إن الحكومة ستعلن خطتها الجديدة لمواجهة الأزمة الاقتصادية التي تعصف "
    "بالبلاد منذ سنوات وأضاف أن المفاوضات مع صندوق النقد الدولي وصلت إلى مرحلة متقدمة "
    "وأن الاتفاق سيوقع خلال الأسابيع المقبلة في العاصمة بحضور ممثلين عن الدول المانحة "
    "وأكد رئيس البرلمان دعم المجلس للإصلاحات المقترحة داعيا القوى السياسية إلى الحوار"
).split()


def story(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n))


def edit(text: str, n_edits: int, seed: int = 0) -> str:
    words = text.split()
    rng = random.Random(seed)
    for i in rng.sample(range(len(words)), n_edits):
        words[i] = "تعديل"
    return " ".join(words)


def table(*bodies: str) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": bodies})


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (lambda s: s, "a0"),  # an exact copy
        (lambda s: edit(s, 1), "a0"),  # a one-word correction
        (lambda s: edit(s, 2), "a0"),  # two words changed (Jaccard about 0.85)
        (lambda s: "\n".join(s.split(" ", 1)), "a0"),  # paragraphs split differently
        (lambda s: edit(s, 40), None),  # a third of the words changed
        (lambda s: story(99), None),  # another story
        (lambda s: " ".join(s.split()[:60]), None),  # half the story only
    ],
)
def test_edits(second, expected):
    first = story(1)
    flags = near_duplicates(table(first, second(first), story(2)))
    assert flags.isna().tolist() == [True, expected is None, True]
    if expected:
        assert flags[1] == expected


def test_points_to_the_earliest_of_a_group():
    base = story(3)
    flags = near_duplicates(table(story(4), base, edit(base, 1, 1), edit(base, 2, 2)))
    assert flags.tolist()[1:] == [flags[1], "a1", "a1"]
    assert pd.isna(flags[1])


def test_short_bodies_are_never_flagged():
    short = "عاجل وزير الخارجية يصل إلى العاصمة"
    assert near_duplicates(table(short, short, story(5))).isna().all()


def test_deterministic_and_does_not_mutate():
    articles = table(story(6), edit(story(6), 2), story(7), "")
    before = articles.copy()
    first = near_duplicates(articles)
    assert first.equals(near_duplicates(articles))
    pd.testing.assert_frame_equal(articles, before)


def test_load_articles_adds_the_column(tmp_path):
    body = "\n\n".join(story(8).split(" ", 2))
    for name, text in (("a.txt", body), ("b.txt", edit(body, 2)), ("c.txt", story(9))):
        (tmp_path / name).write_text(f"عنوان {name}\n\nمقدمة\nالأحد 2021/04/18\n\n{text}\n")
    articles = akhbar.load_articles(tmp_path, near_duplicates=True)
    assert articles["near_duplicate_of"].isna().tolist() == [True, False, True]
    assert articles.loc[1, "near_duplicate_of"] == articles.loc[0, "article_id"]


def test_ant_exact_duplicates_are_near_duplicates(ant_articles):
    flags = near_duplicates(ant_articles)
    long_exact = ant_articles["duplicate_of"].notna() & (ant_articles["n_words"] >= 40)
    assert flags[long_exact].notna().all()
    # near copies add wire stories republished with edits, a few hundred at most
    assert ant_articles["duplicate_of"].notna().sum() < flags.notna().sum() < 2_500

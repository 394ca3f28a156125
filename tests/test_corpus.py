"""Loading the seed layout and splitting paragraphs."""

from __future__ import annotations

import os
import warnings

import akhbar
import pandas as pd
import pytest
from akhbar.corpus import COLUMNS, PROBLEM_COLUMNS
from conftest import SEED_FILE

TITLE = "الاستقرار الأمني يتصدر مباحثات بوقادوم في ليبيا"
CAPTION = "زيارة ذات بعد أمني لبوقادوم إلى ليبيا"
PULL_QUOTE_START = "الرئيس الجزائري عبر عن"
QUOTED_IN = "كما عبر الرئيس تبون"


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines()]


def test_columns_follow_the_contract(seed_articles):
    assert list(seed_articles.columns) == list(COLUMNS)
    assert list(seed_articles.attrs["problems"].columns) == list(PROBLEM_COLUMNS)
    assert str(seed_articles["published_at"].dtype).startswith("datetime64")
    assert seed_articles["published_at"].dt.tz is None


def test_seed_parses_exactly(seed_articles):
    assert len(seed_articles) == 1
    article = seed_articles.iloc[0]
    assert article["title"] == TITLE
    assert article["caption"] == CAPTION
    assert article["published_at"] == pd.Timestamp("2021-04-21")
    assert article["label"] == "4"
    assert article["dateline"] == "الأربعاء 2021/04/21"
    assert article["lede"].startswith("اللجنة التنفيذية العليا المشتركة تتألف")
    assert article["record"] == ""
    assert pd.isna(article["duplicate_of"])
    assert seed_articles.attrs["problems"].empty


def test_seed_body_has_every_paragraph_in_order(seed_articles):
    lines = [line for line in seed_lines() if line]
    # title, lede, dateline, caption first; the label last
    expected = lines[4:-1]
    body = seed_articles.loc[0, "body"].split("\n")
    assert body == expected
    assert seed_articles.loc[0, "n_paragraphs"] == len(expected)
    assert seed_articles.loc[0, "n_words"] == sum(len(p.split()) for p in expected)


def test_every_line_of_the_seed_is_in_some_field(seed_articles):
    article = seed_articles.iloc[0]
    fields = ("title", "lede", "dateline", "caption", "body", "label")
    values = [str(article[f]).split("\n") for f in fields]
    found = {line for value in values for line in value}
    missing = [line for line in seed_lines() if line and line not in found]
    assert missing == []


def test_article_id_is_stable_and_short(seed_articles):
    again = akhbar.load_articles(SEED_FILE.parent)
    assert again.loc[0, "article_id"] == seed_articles.loc[0, "article_id"]
    assert len(seed_articles.loc[0, "article_id"]) == 16


def test_split_paragraphs_reading_order(seed_articles):
    paragraphs = akhbar.split_paragraphs(seed_articles)
    assert list(paragraphs.columns) == ["article_id", "paragraph_no", "kind", "text", "repeat_of"]
    assert paragraphs["paragraph_no"].tolist() == list(range(len(paragraphs)))
    assert paragraphs["kind"].tolist()[:4] == ["title", "lede", "dateline", "caption"]
    assert paragraphs.loc[0, "text"] == TITLE
    body = paragraphs[paragraphs["kind"].isin(["body", "pullquote"])]["text"].tolist()
    assert body == seed_articles.loc[0, "body"].split("\n")
    assert str(paragraphs["repeat_of"].dtype) == "Int64"


def test_pull_quote_points_to_the_body_paragraph_holding_it(seed_articles):
    paragraphs = akhbar.split_paragraphs(seed_articles)
    quotes = paragraphs[paragraphs["kind"] == "pullquote"]
    assert len(quotes) == 1
    quote = quotes.iloc[0]
    assert quote["text"].startswith(PULL_QUOTE_START)
    source = paragraphs.set_index("paragraph_no").loc[int(quote["repeat_of"]), "text"]
    assert source.startswith(QUOTED_IN)


def test_split_paragraphs_does_not_mutate(seed_articles):
    before = seed_articles.copy()
    akhbar.split_paragraphs(seed_articles)
    pd.testing.assert_frame_equal(seed_articles, before)


@pytest.mark.parametrize(
    ("kinds", "texts", "expected_kinds", "expected_repeat"),
    [
        # an abstract repeated as the first body line: the later one points back
        (
            ["title", "lede", "body", "body"],
            [
                "عنوان الخبر",
                "قال الوزير إن الحكومة ستعلن خطتها",
                "قال الوزير إن الحكومة ستعلن خطتها",
                "فقرة",
            ],
            ["title", "lede", "body", "body"],
            [None, None, 1, None],
        ),
        # same words, different quotes and diacritics
        (
            ["body", "body"],
            ["قالَ «الوزير» إن الحكومة ستعلن", 'قال "الوزير" إن الحكومة ستعلن'],
            ["body", "body"],
            [None, 0],
        ),
        # a pull quote before the paragraph that holds it
        (
            ["body", "body"],
            [
                'الوزير أكد "ان الحكومة ستعلن خطتها الجديدة قريبا جدا"',
                "وفي مؤتمر صحفي أمس قال وزير المالية إن الحكومة ستعلن خطتها الجديدة قريبا جدا للناس",
            ],
            ["pullquote", "body"],
            [1, None],
        ),
        # a short line that shares only a few words is not a pull quote
        (
            ["body", "body"],
            [
                "وزير المالية يزور العاصمة في زيارة رسمية قصيرة",
                "قال وزير المالية إن الحكومة ستعلن خطتها الجديدة قريبا جدا للناس كافة",
            ],
            ["body", "body"],
            [None, None],
        ),
        # a truncated abstract running across two body lines
        (
            ["lede", "body", "body"],
            [
                "قررت الفنانة أن ترد على كل ما أثير حولها. بعد الجدل الذي",
                "قررت الفنانة أن ترد على كل ما أثير حولها.",
                "بعد الجدل الذي تسببت فيه أغنيتها الجديدة",
            ],
            ["lede", "body", "body"],
            [1, None, None],
        ),
    ],
)
def test_repeats_table(kinds, texts, expected_kinds, expected_repeat):
    from akhbar.paragraphs import repeats

    assert repeats(kinds, texts) == (expected_kinds, expected_repeat)


def test_split_paragraphs_skips_empty_fields():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "title": ["عنوان", ""],
            "lede": ["", ""],
            "dateline": ["", ""],
            "caption": ["تعليق", ""],
            "body": ["أ\n\nب", "ج"],
        }
    )
    paragraphs = akhbar.split_paragraphs(articles)
    assert paragraphs["kind"].tolist() == ["title", "caption", "body", "body", "body"]
    assert paragraphs["paragraph_no"].tolist() == [0, 1, 2, 3, 0]
    assert paragraphs["text"].tolist() == ["عنوان", "تعليق", "أ", "ب", "ج"]


def reencode(tmp_path, data: bytes, name: str = "seed.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean re-encoding has no problem
        return akhbar.load_articles(path)


TEXT_FIELDS = ["title", "lede", "dateline", "caption", "body", "label", "published_at"]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("cp1256"), id="windows-1256"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]), id="utf-16-be"),
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
    ],
)
def test_reencoded_seed_gives_the_same_fields(tmp_path, seed_articles, encode):
    text = SEED_FILE.read_text(encoding="utf-8")
    articles = reencode(tmp_path, encode(text))
    assert articles[TEXT_FIELDS].equals(seed_articles[TEXT_FIELDS])


def test_eastern_digits_in_the_dateline_give_the_same_date(tmp_path, seed_articles):
    text = SEED_FILE.read_text(encoding="utf-8")
    eastern = text.replace("2021/04/21", "٢٠٢١/٠٤/٢١")
    articles = reencode(tmp_path, eastern.encode())
    assert articles.loc[0, "published_at"] == seed_articles.loc[0, "published_at"]
    assert articles.loc[0, "title"] == TITLE
    assert articles.loc[0, "body"] == seed_articles.loc[0, "body"]


@pytest.mark.parametrize(
    "dateline",
    ["الأربعاء 21/04/2021", "الأربعاء 21-04-2021", "الأربعاء 2021.04.21", "21.4.2021"],
)
def test_dateline_separators_and_order(tmp_path, dateline):
    text = SEED_FILE.read_text(encoding="utf-8").replace("الأربعاء 2021/04/21", dateline)
    articles = reencode(tmp_path, text.encode())
    assert articles.loc[0, "published_at"] == pd.Timestamp("2021-04-21")


def test_dask_engine_gives_the_pandas_rows(tmp_path):
    import dask

    text = SEED_FILE.read_text(encoding="utf-8")
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(text.replace(TITLE, f"{TITLE} {n}"), encoding="utf-8")
    lazy = akhbar.load_articles(tmp_path, engine="dask", partition_files=2)
    assert lazy.npartitions == 3
    with dask.config.set(scheduler="synchronous"):
        computed = lazy.compute().reset_index(drop=True)
    expected = akhbar.load_articles(tmp_path)
    pd.testing.assert_frame_equal(computed, expected, check_dtype=False)
    assert list(lazy.columns) == list(COLUMNS)


def _die() -> None:
    os._exit(1)


def test_a_broken_worker_pool_finishes_the_load_in_process(tmp_path, monkeypatch):
    """Workers that cannot start (a script without a __main__ guard) lose nothing."""
    from concurrent.futures import ProcessPoolExecutor

    from akhbar import corpus

    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(SEED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    broken = ProcessPoolExecutor(2, initializer=_die)
    monkeypatch.setattr(corpus, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(corpus, "_pool", lambda workers: broken)
    with pytest.warns(UserWarning, match="worker processes failed"):
        articles = akhbar.load_articles(tmp_path, workers=2, progress=False)
    assert len(articles) == 6
    assert articles["title"].nunique() == 1


def test_split_paragraphs_can_leave_out_repeats(seed_articles):
    every = akhbar.split_paragraphs(seed_articles)
    kept = akhbar.split_paragraphs(seed_articles, include_repeats=False)
    assert every["repeat_of"].notna().any()
    assert kept["repeat_of"].isna().all()
    assert len(kept) == every["repeat_of"].isna().sum()
    assert "pullquote" not in set(kept["kind"])


def test_two_loads_concatenate_and_merge_with_their_problems(seed_articles):
    """pandas compares attrs when it combines frames; the problems table must allow it."""
    again = akhbar.load_articles(SEED_FILE)
    both = pd.concat([seed_articles, again], ignore_index=True)
    assert len(both) == 2 * len(seed_articles)
    assert both.attrs["problems"].equals(seed_articles.attrs["problems"])
    merged = seed_articles.merge(again[["article_id", "title"]], on="article_id")
    assert merged["title_x"].tolist() == merged["title_y"].tolist() == [TITLE]
    assert list(merged.attrs) == ["problems"]
    problems = seed_articles.attrs["problems"]
    assert type(problems[problems["problem"] != ""]) is pd.DataFrame  # filters stay plain

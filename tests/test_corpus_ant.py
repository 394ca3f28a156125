"""The whole ANT corpus, loaded once per session by the ``ant_articles`` fixture."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import akhbar
import pandas as pd
from akhbar.text import normalize

N_RECORDS = 31_525
EMPTY_BODIES = {"FR-sport-214-20180629", "FR-internationalNews-2077-20180629"}
#: well-formedness breakers an XML parser would refuse
_NOT_XML_RE = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")


def test_every_record_loads_with_its_fields(ant_articles):
    assert len(ant_articles) == N_RECORDS
    for column in ("title", "outlet", "label", "record", "url"):
        assert (ant_articles[column].str.len() > 0).all(), column
    assert ant_articles["published_at"].notna().all()
    assert ant_articles["published_at"].dt.tz is None
    assert set(ant_articles["label"]) == {
        "sport",
        "economy",
        "technology",
        "culture",
        "internationalNews",
        "middleEast",
    }
    assert ant_articles["record"].is_unique


def test_article_id_unique(ant_articles):
    assert ant_articles["article_id"].is_unique
    assert ant_articles["article_id"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_local_clock_is_kept(ant_articles, ant_dir):
    row = ant_articles[ant_articles["record"] == "AL-culture-590-20180715"].iloc[0]
    # <TIME>Sun, 15 Jul 2018 21:56:56 +0400</TIME>: no conversion to UTC
    assert row["published_at"] == pd.Timestamp("2018-07-15 21:56:56")
    assert row["outlet"] == "alarabia"
    assert row["author"] == "القاهرة- أحمد الريدي"


def test_docno_date_matches_published_date(ant_articles):
    stamped = ant_articles["record"].str.extract(r"-(\d{8})$")[0]
    dates = pd.to_datetime(stamped, format="%Y%m%d")
    assert (dates == ant_articles["published_at"].dt.normalize()).mean() > 0.95


def test_problems_name_empty_bodies_and_non_article_files(ant_articles):
    problems = ant_articles.attrs["problems"]
    empty = set(problems.loc[problems["problem"] == "empty body", "record"])
    assert empty == EMPTY_BODIES
    assert set(ant_articles.loc[ant_articles["body"] == "", "record"]) == EMPTY_BODIES
    documentation = problems[problems["problem"].str.contains("documentation")]
    names = {path.rsplit("/", 1)[-1] for path in documentation["source_path"]}
    assert names == {"README.md", "PROVENANCE.txt"}
    assert documentation["raw"].str.len().gt(100).all()


def test_ill_formed_xml_files_still_load(ant_articles):
    paths = ant_articles["source_path"].tolist()
    bodies = ant_articles["body"].tolist()
    titles = ant_articles["title"].tolist()
    ill_formed = [
        i
        for i, path in enumerate(paths)
        if _NOT_XML_RE.search(Path(path).read_text(encoding="utf-8"))
    ]
    assert len(ill_formed) >= 20
    assert all(
        bodies[i] and titles[i] for i in ill_formed if ant_articles["record"][i] not in EMPTY_BODIES
    )


def test_duplicates_match_an_independent_count(ant_articles):
    first: dict[bytes, str] = {}
    expected = []
    for article_id, title, body in zip(
        ant_articles["article_id"], ant_articles["title"], ant_articles["body"], strict=True
    ):
        # the same title and body once normalised, whatever the spacing
        key = hashlib.sha1(
            "".join(normalize(title).split()).encode()
            + b"\0"
            + "".join(normalize(body).split()).encode()
        ).digest()
        expected.append(first.setdefault(key, article_id) if key in first else None)
        first.setdefault(key, article_id)
    expected = pd.Series(expected, dtype="str", index=ant_articles.index)
    flagged = ant_articles["duplicate_of"]
    assert flagged.notna().sum() == expected.notna().sum()
    assert 1_300 < flagged.notna().sum() < 1_400
    assert (flagged.dropna() == expected.dropna()).all()


def test_paragraphs_of_ant(ant_articles):
    sample = ant_articles.iloc[::50]
    paragraphs = akhbar.split_paragraphs(sample)
    assert set(paragraphs["kind"]) <= {"title", "lede", "body", "pullquote"}
    n_lines = sample["body"].str.count("\n").add(1).where(sample["body"] != "", 0).sum()
    assert paragraphs["kind"].isin(["body", "pullquote"]).sum() == n_lines
    # ABSTRACT repeating the first TEXT line: the body line points back to the lede
    repeats = paragraphs.dropna(subset=["repeat_of"])
    lede_repeats = repeats[(repeats["kind"] == "body") & (repeats["repeat_of"] == 1)]
    assert len(lede_repeats) > 0.1 * len(sample)

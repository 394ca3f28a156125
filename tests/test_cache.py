"""Extraction results cache: only new articles are extracted, and results equal the uncached path."""

from __future__ import annotations

import threading
import warnings

import akhbar
import akhbar.actors
import akhbar.cache
import akhbar.timeline
import pandas as pd
import pytest
from akhbar.cache import ResultCache, extract_cached
from akhbar.parallel import title_tokens, to_dask

EXTRACTORS = ["extract_actors", "extract_quotes", "tag_themes", "extract_dates"]


@pytest.fixture(scope="module")
def sample(ant_articles):
    """150 ANT articles from across the corpus, with the load's attrs left behind."""
    articles = ant_articles.iloc[::210].head(150).reset_index(drop=True)
    articles.attrs = {}
    return articles


@pytest.fixture
def extracted(monkeypatch):
    """The article_ids that extract_actors actually analyses (in this process)."""
    seen: list[str] = []
    original = akhbar.actors.analyse

    def spy(data, **options):
        if isinstance(data, pd.DataFrame):
            seen.extend(data["article_id"].tolist())
        return original(data, **options)

    monkeypatch.setattr(akhbar.actors, "analyse", spy)
    return seen


def parts(folder) -> list:
    return sorted((folder / "results").glob("*/part-*.parquet"))


@pytest.mark.parametrize("name", EXTRACTORS)
def test_cold_partial_and_warm_runs_equal_the_uncached_result(name, sample, tmp_path):
    extract = getattr(akhbar, name)
    expected = extract(sample)
    first = extract(sample.iloc[:100], cache=tmp_path)
    pd.testing.assert_frame_equal(first, extract(sample.iloc[:100]))
    pd.testing.assert_frame_equal(extract(sample, cache=tmp_path), expected)  # 50 new
    pd.testing.assert_frame_equal(extract(sample, cache=tmp_path), expected)  # all cached
    reordered = sample.iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(extract(reordered, cache=tmp_path), extract(reordered))
    assert len(parts(tmp_path)) == 2  # the first call and the 50 new articles


def test_second_run_extracts_only_the_new_articles(sample, tmp_path, extracted):
    akhbar.extract_actors(sample.iloc[:100], cache=tmp_path)
    assert sorted(extracted) == sorted(sample["article_id"].iloc[:100])
    extracted.clear()
    akhbar.extract_actors(sample, cache=tmp_path)
    assert sorted(extracted) == sorted(sample["article_id"].iloc[100:])
    extracted.clear()
    akhbar.extract_actors(sample, cache=tmp_path)
    assert extracted == []


def test_the_cache_folder_of_a_load_is_used_unless_cache_is_false(sample, tmp_path, extracted):
    articles = sample.iloc[:40].copy()
    articles.attrs["cache"] = str(tmp_path)  # what a cached load records
    akhbar.extract_actors(articles, cache=tmp_path)
    extracted.clear()
    akhbar.extract_actors(articles.head(30))  # attrs survive slicing
    assert extracted == []
    akhbar.extract_actors(articles, cache=False)
    assert len(extracted) == 40


def test_an_edited_article_is_extracted_again(sample, tmp_path, extracted):
    articles = sample.iloc[:20].reset_index(drop=True)
    akhbar.extract_actors(articles, cache=tmp_path)
    edited = articles.copy()
    edited.loc[3, "body"] = "قال الرئيس عبدالمجيد تبون إن الانتخابات ستجري في موعدها"
    extracted.clear()
    result = akhbar.extract_actors(edited, cache=tmp_path)
    assert extracted == [edited.loc[3, "article_id"]]
    pd.testing.assert_frame_equal(result, akhbar.extract_actors(edited))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"include_repeats": False}, {"include_repeats": True}),
        ({"builtin": True}, {"builtin": False}),
    ],
)
def test_changing_an_option_extracts_everything_again(first, second, sample, tmp_path, extracted):
    articles = sample.iloc[:20]
    akhbar.extract_actors(articles, cache=tmp_path, **first)
    extracted.clear()
    result = akhbar.extract_actors(articles, cache=tmp_path, **second)
    assert len(extracted) == 20
    pd.testing.assert_frame_equal(result, akhbar.extract_actors(articles, **second))
    extracted.clear()
    akhbar.extract_actors(articles, cache=tmp_path, **first)  # both are kept
    assert extracted == []


def test_an_edited_actor_list_extracts_everything_again(sample, tmp_path, extracted):
    articles = sample.iloc[:20]
    actor_list = tmp_path / "actors.csv"
    actor_list.write_text("name,aliases,type,country,notes\nنادي الهلال,,organization,,\n")
    cache = tmp_path / "cache"
    akhbar.extract_actors(articles, cache=cache, actor_list=actor_list)
    extracted.clear()
    akhbar.extract_actors(articles, cache=cache, actor_list=str(actor_list))  # same content
    assert extracted == []
    actor_list.write_text("name,aliases,type,country,notes\nنادي النصر,,organization,,\n")
    result = akhbar.extract_actors(articles, cache=cache, actor_list=actor_list)
    assert len(extracted) == 20
    pd.testing.assert_frame_equal(result, akhbar.extract_actors(articles, actor_list=actor_list))
    extracted.clear()
    table = pd.DataFrame({"name": ["نادي النصر"], "type": ["organization"]})
    akhbar.extract_actors(articles, cache=cache, actor_list=table)
    assert len(extracted) == 20


def test_a_corrupt_part_warns_and_is_extracted_again(sample, tmp_path, extracted):
    articles = sample.iloc[:30]
    expected = akhbar.extract_actors(articles)
    akhbar.extract_actors(articles.iloc[:20], cache=tmp_path)
    akhbar.extract_actors(articles, cache=tmp_path)
    first, _ = parts(tmp_path)
    first.write_bytes(first.read_bytes()[:200])  # a truncated write
    extracted.clear()
    with pytest.warns(UserWarning, match=rf"cannot read .*{first.name}.*extracted again"):
        result = akhbar.extract_actors(articles, cache=tmp_path)
    pd.testing.assert_frame_equal(result, expected)
    assert sorted(extracted) == sorted(articles["article_id"].iloc[:20])  # the other part kept
    assert first.with_suffix(".corrupt").exists()
    extracted.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pd.testing.assert_frame_equal(akhbar.extract_actors(articles, cache=tmp_path), expected)
    assert extracted == []


def test_all_cores_read_and_fill_the_same_cache(sample, tmp_path):
    articles = sample.iloc[:60]
    expected = akhbar.tag_themes(articles)
    akhbar.tag_themes(articles.iloc[:20], cache=tmp_path)
    result = akhbar.tag_themes(articles, cache=tmp_path, n_jobs=2)
    pd.testing.assert_frame_equal(result, expected)
    assert len(parts(tmp_path)) == 2  # one part per call, written by this process
    pd.testing.assert_frame_equal(akhbar.tag_themes(articles, cache=tmp_path), expected)


def test_dask_partitions_keep_their_results(sample, tmp_path):
    articles = sample.iloc[:45]
    expected = akhbar.extract_dates(articles)
    lazy = akhbar.extract_dates(to_dask(articles, npartitions=3), cache=tmp_path)
    result = lazy.compute(scheduler="sync").reset_index(drop=True)
    pd.testing.assert_frame_equal(result, expected)
    assert len(parts(tmp_path)) == 3
    pd.testing.assert_frame_equal(akhbar.extract_dates(articles, cache=tmp_path), expected)
    assert len(parts(tmp_path)) == 3  # nothing left to extract


def test_parts_are_merged_when_they_pile_up(monkeypatch, tmp_path):
    monkeypatch.setattr(akhbar.cache, "MAX_PARTS", 3)
    titles = ["خبر عاجل", "", "نهاية الخبر", "قمة الرياض", "اليوم", "أمس"] * 3
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(18)], "title": titles})
    for stop in range(2, 19, 2):
        extract_cached(title_tokens, articles.iloc[:stop], tmp_path)
    assert 1 <= len(parts(tmp_path)) <= 3
    result = extract_cached(title_tokens, articles, tmp_path)
    pd.testing.assert_frame_equal(result, title_tokens(articles))


def test_concurrent_writers_lose_nothing(tmp_path):
    titles = [f"خبر رقم {i} من الرياض" for i in range(40)]
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(40)], "title": titles})
    blocks = [articles.iloc[i::4] for i in range(4)]
    threads = [
        threading.Thread(target=extract_cached, args=(title_tokens, block, tmp_path))
        for block in blocks
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = ResultCache(tmp_path, title_tokens, {"_fields": ["title"]})
    frames, found = store.lookup(
        articles["article_id"].to_numpy(dtype=object),
        akhbar.cache.article_digests(articles, ["title"]),
    )
    assert found.all()
    assert sum(len(frame) for frame in frames) == len(title_tokens(articles))


def test_strings_and_paragraphs_are_not_cached(seed_articles, tmp_path):
    paragraphs = akhbar.split_paragraphs(seed_articles)
    text = "قال الرئيس عبدالمجيد تبون"
    pd.testing.assert_frame_equal(
        akhbar.extract_actors(text, cache=tmp_path), akhbar.extract_actors(text)
    )
    pd.testing.assert_frame_equal(
        akhbar.extract_actors(paragraphs, cache=tmp_path), akhbar.extract_actors(paragraphs)
    )
    assert not (tmp_path / "results").exists()


def test_duplicate_article_ids_warn_and_extract_without_the_cache(seed_articles, tmp_path):
    doubled = pd.concat([seed_articles, seed_articles], ignore_index=True)
    with pytest.warns(UserWarning, match="article_id must be unique"):
        result = akhbar.tag_themes(doubled, cache=tmp_path)
    pd.testing.assert_frame_equal(result, akhbar.tag_themes(doubled))
    assert not (tmp_path / "results").exists()


def test_a_cached_load_hands_its_folder_to_the_extractors(tmp_path, extracted):
    from conftest import SEED_FILE

    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    seed = SEED_FILE.read_text(encoding="utf-8")
    for k in range(3):
        (corpus / f"{k}.txt").write_text(seed.replace("ليبيا", f"ليبيا {k}", 1), encoding="utf-8")
    first = akhbar.load_articles(corpus, cache=cache)
    assert first.attrs["cache"] == str(cache)
    akhbar.extract_actors(first)
    assert len(extracted) == 3
    (corpus / "3.txt").write_text(seed.replace("ليبيا", "ليبيا 3", 1), encoding="utf-8")
    extracted.clear()
    again = akhbar.load_articles(corpus, cache=cache)
    mentions = akhbar.extract_actors(again)
    new = again.loc[again["source_path"].str.endswith("3.txt"), "article_id"].tolist()
    assert extracted == new  # only the article that arrived is extracted
    pd.testing.assert_frame_equal(mentions, akhbar.extract_actors(again, cache=False))

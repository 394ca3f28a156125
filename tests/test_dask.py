"""The Dask path: extractors on a two-worker LocalCluster equal the pandas path."""

from __future__ import annotations

import warnings

import akhbar
import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from akhbar.parallel import dask_map, is_dask, title_tokens, to_dask
from distributed import Client, LocalCluster
from test_parallel import decorated, make_articles, word_rows

EXTRACTORS = ["extract_actors", "extract_quotes", "tag_themes", "extract_dates"]
KEYS = ["article_id", "paragraph_no", "start", "end"]


@pytest.fixture(scope="module")
def client():
    """Two single-thread worker processes on loopback, closed after the module."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def ant_sample(ant_articles):
    """300 ANT articles spread over the corpus, in corpus order."""
    return ant_articles.sample(300, random_state=8).sort_index().reset_index(drop=True)


def sorted_by_keys(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [key for key in KEYS if key in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_dask_input_gives_lazy_dask_output(client):
    articles = make_articles(30)
    lazy = dask_map(word_rows, dd.from_pandas(articles, npartitions=3), min_length=2)
    assert is_dask(lazy)
    assert lazy.npartitions == 3
    expected = word_rows(articles, min_length=2)
    assert dict(lazy.dtypes) == dict(expected.dtypes)  # meta declared, not guessed
    pd.testing.assert_frame_equal(lazy.compute().reset_index(drop=True), expected)


def test_missing_text_looks_the_same_to_extractors(client):
    """from_pandas turns ``str`` into ``string`` (pd.NA); extractors must still see NaN."""
    articles = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "title": ["خبر", None, "", "نص"]})
    lazy = dask_map(title_tokens, dd.from_pandas(articles, npartitions=2))
    pd.testing.assert_frame_equal(lazy.compute().reset_index(drop=True), title_tokens(articles))


def test_decorated_extractor_accepts_dask(client):
    articles = make_articles(12)
    lazy = decorated(dd.from_pandas(articles, npartitions=4), suffix="!")
    assert is_dask(lazy)
    result = lazy.compute().reset_index(drop=True)
    expected = decorated(articles, suffix="!").reset_index(drop=True)
    pd.testing.assert_frame_equal(result.drop(columns="pid"), expected.drop(columns="pid"))


def test_meta_failure_names_the_function():
    def needs_rows(articles):
        return articles.iloc[[0]]

    ddf = dd.from_pandas(make_articles(4), npartitions=2)
    with pytest.raises(ValueError, match=r"needs_rows.*meta="):
        dask_map(needs_rows, ddf)


def test_ant_sample_on_cluster_equals_pandas(client, ant_sample):
    ddf = to_dask(ant_sample, npartitions=6)
    lazy = dask_map(title_tokens, ddf)
    expected = title_tokens(ant_sample)
    assert len(expected) > 1000
    pd.testing.assert_frame_equal(lazy.compute().reset_index(drop=True), expected)


@pytest.mark.corpus
@pytest.mark.parametrize("name", EXTRACTORS)
def test_extractor_on_cluster_equals_pandas(client, ant_sample, name):
    extractor = getattr(akhbar, name)
    expected = extractor(ant_sample)
    ddf = to_dask(ant_sample, npartitions=6)
    lazy = extractor(ddf)  # the extractor's own dispatch to dask_map
    assert is_dask(lazy)
    with dask.config.set(scheduler=client):
        result = lazy.compute()
    assert len(expected) > 0
    pd.testing.assert_frame_equal(sorted_by_keys(result), sorted_by_keys(expected))
    pd.testing.assert_frame_equal(result.reset_index(drop=True), expected.reset_index(drop=True))


@pytest.mark.corpus
def test_dask_load_then_extract_equals_pandas(client, ant_dir):
    """load_articles(engine="dask") partitions by files; extractors read it on the workers."""
    files = sorted(p for p in ant_dir.rglob("*.txt") if p.parent != ant_dir)[::200]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = akhbar.load_articles(files, workers=1)
    lazy_articles = akhbar.load_articles(files, engine="dask", partition_files=40)
    assert lazy_articles.npartitions == -(-len(files) // 40)
    for extractor in (akhbar.tag_themes, akhbar.extract_dates):
        expected = extractor(articles)
        result = extractor(lazy_articles).compute()
        assert len(expected) > 100
        pd.testing.assert_frame_equal(sorted_by_keys(result), sorted_by_keys(expected))

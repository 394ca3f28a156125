"""map_articles and per_article: all cores, the same rows as the serial path."""

from __future__ import annotations

import os

import akhbar
import numpy as np
import pandas as pd
import pytest
from akhbar.parallel import (
    _chunk_bounds,
    _concat,
    _resolve_jobs,
    _waves,
    available_cores,
    dispatch,
    is_dask,
    map_articles,
    per_article,
    title_tokens,
    worker_pool,
)
from akhbar.text import normalize, tokens

# --- extractors: top-level so that spawned workers import them by name ---------


def word_rows(articles: pd.DataFrame, *, min_length: int = 1) -> pd.DataFrame:
    """One row per body word, with the dtypes extractors use (str, Int64, category)."""
    rows = []
    for article_id, body in zip(articles["article_id"], articles["body"], strict=True):
        for paragraph_no, line in enumerate(body.split("\n")):
            for token, start, end in tokens(line):
                if len(token) >= min_length:
                    kind = "arabic" if any("\u0600" <= c <= "\u06ff" for c in token) else "other"
                    rows.append(
                        (article_id, paragraph_no, start, end, token, normalize(token), kind)
                    )
    columns = ["article_id", "paragraph_no", "start", "end", "text", "text_norm", "kind"]
    result = pd.DataFrame(rows, columns=columns)
    return result.astype(
        {
            "article_id": "str",
            "paragraph_no": "int64",
            "start": "int64",
            "end": "int64",
            "text": "str",
            "text_norm": "str",
            "kind": pd.CategoricalDtype(["arabic", "other"]),
        }
    ).assign(n_chars=lambda rows: (rows["end"] - rows["start"]).astype("Int64"))


def worker_pid(articles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"article_id": articles["article_id"], "pid": os.getpid()})


def seen_categories(articles: pd.DataFrame) -> pd.DataFrame:
    """Categories taken from the data: they differ from block to block."""
    return pd.DataFrame(
        {"article_id": articles["article_id"], "outlet": articles["outlet"]}
    ).astype({"outlet": "category"})


def fail_on_b(articles: pd.DataFrame) -> pd.DataFrame:
    if "b" in set(articles["article_id"]):
        raise KeyError("article b is broken")
    return worker_pid(articles)


@per_article
def decorated(articles, *, suffix: str = ""):
    """Per-article extractor with the decorator; strings give one row."""
    if isinstance(articles, str):
        return pd.DataFrame({"article_id": [None], "text": [articles + suffix]})
    return pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "text": articles["body"] + suffix,
            "pid": os.getpid(),
        }
    )


# --- data -------------------------------------------------------------------


BODIES = [
    "قال الرئيس إنّ القمة ناجحة\nوأضاف: «سنعود»",
    "",  # no rows
    "ـــ  تطويل ١٢٣ NBSP\u00a0here",
    "\u200fرمز اتجاه\nسطر ثان\nسطر ثالث",
    "أإآ ى ة",
    "mixed عربي and Latin",
]


def make_articles(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"id{i:04d}" for i in range(n)],
            "outlet": [
                ["BBC", "CNN", "SkyNews"][(i * 7) % 3] if i > n // 2 else "BBC" for i in range(n)
            ],
            "body": [BODIES[i % len(BODIES)] for i in range(n)],
        },
        index=np.arange(n) * 3 + 5,  # a non-default index must not leak into the result
    )


# --- tests ------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [1, 4, 7, 1000])
def test_parallel_equals_serial(chunk_size):
    articles = make_articles(40)
    before = articles.copy()
    serial = word_rows(articles, min_length=2)
    parallel = map_articles(word_rows, articles, n_jobs=2, chunk_size=chunk_size, min_length=2)
    pd.testing.assert_frame_equal(parallel, serial)
    pd.testing.assert_frame_equal(articles, before)  # input untouched


def test_runs_in_other_processes_and_serial_when_asked():
    articles = make_articles(6)
    parallel = map_articles(worker_pid, articles, n_jobs=2, chunk_size=2)
    assert os.getpid() not in set(parallel["pid"])
    assert parallel["article_id"].tolist() == articles["article_id"].tolist()
    serial = map_articles(worker_pid, articles, n_jobs=1, chunk_size=2)
    assert set(serial["pid"]) == {os.getpid()}
    blocks = map_articles(word_rows, articles, n_jobs=1, chunk_size=2)  # here, block by block
    pd.testing.assert_frame_equal(blocks, word_rows(articles))
    small = map_articles(worker_pid, articles, n_jobs=2)  # one default block: serial
    assert set(small["pid"]) == {os.getpid()}
    assert small.index.tolist() == list(range(6))


def test_all_empty_results_keep_columns_and_dtypes():
    articles = make_articles(12).assign(body="")
    serial = word_rows(articles)
    parallel = map_articles(word_rows, articles, n_jobs=2, chunk_size=3)
    assert len(parallel) == 0
    pd.testing.assert_frame_equal(parallel, serial)


def test_categories_from_data_are_unified():
    articles = make_articles(30)
    serial = seen_categories(articles)
    parallel = map_articles(seen_categories, articles, n_jobs=2, chunk_size=5)
    assert isinstance(parallel["outlet"].dtype, pd.CategoricalDtype)
    assert parallel["outlet"].astype(str).tolist() == serial["outlet"].astype(str).tolist()
    assert set(parallel["outlet"].cat.categories) == set(serial["outlet"].cat.categories)


def test_worker_errors_reach_the_caller():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"]})
    with pytest.raises(KeyError, match="article b is broken"):
        map_articles(fail_on_b, articles, n_jobs=2, chunk_size=1)


def test_unpicklable_function_is_refused_with_advice():
    articles = make_articles(4)
    with pytest.raises(TypeError, match="top level of an importable module"):
        map_articles(lambda a: a, articles, n_jobs=2, chunk_size=1)


def test_plain_string_goes_to_the_function():
    assert map_articles(decorated, "خبر", n_jobs=2, suffix="!").text.tolist() == ["خبر!"]


@pytest.mark.parametrize(
    ("ids", "size", "expected"),
    [
        (["a", "b", "c", "d"], 2, [(0, 2), (2, 4)]),
        (["a", "b", "b", "b", "c"], 2, [(0, 4), (4, 5)]),  # never split article b
        (["a", "a", "a"], 1, [(0, 3)]),
        (["a", "b", "c"], 5, [(0, 3)]),
        ([], 3, []),
    ],
)
def test_chunks_never_split_an_article(ids, size, expected):
    assert _chunk_bounds(pd.Series(ids, dtype="str"), len(ids), size) == expected


def test_repeated_ids_stay_in_one_block():
    articles = pd.DataFrame({"article_id": ["a", "b", "b", "b", "c"]})
    parallel = map_articles(worker_pid, articles, n_jobs=2, chunk_size=2)
    assert parallel.groupby("article_id")["pid"].nunique().max() == 1


@pytest.mark.parametrize(
    ("n_jobs", "expected"),
    [(1, 1), (3, 3), (None, available_cores()), (-1, available_cores())],
)
def test_n_jobs(n_jobs, expected):
    assert _resolve_jobs(n_jobs) == expected


@pytest.mark.parametrize(("n_jobs", "size"), [(0, None), (2, 0)])
def test_bad_options_are_named(n_jobs, size):
    with pytest.raises(ValueError, match=r"n_jobs|chunk_size"):
        map_articles(word_rows, make_articles(3), n_jobs=n_jobs, chunk_size=size)


def test_concat_skips_empty_parts():
    full = title_tokens(pd.DataFrame({"article_id": ["a"], "title": ["خبر عاجل"]}))
    empty = pd.DataFrame({"article_id": [], "token": [], "start": [], "end": []})  # float64
    result = _concat([empty, full, empty])
    pd.testing.assert_frame_equal(result, full)


def test_decorator_routes_n_jobs_and_strings():
    articles = make_articles(250)  # more than one default block of 100
    serial = decorated(articles, suffix="؟")
    assert set(serial["pid"]) == {os.getpid()}
    parallel = decorated(articles, n_jobs=2, suffix="؟")
    assert os.getpid() not in set(parallel["pid"])
    pd.testing.assert_frame_equal(
        parallel.drop(columns="pid"), serial.drop(columns="pid").reset_index(drop=True)
    )
    assert decorated("خبر", suffix="!").text.tolist() == ["خبر!"]
    assert decorated.__name__ == "decorated"
    assert not is_dask(articles)


def test_exported_from_package():
    assert akhbar.map_articles is map_articles


def keep_columns(articles: pd.DataFrame) -> pd.DataFrame:
    """Derived from the input, so pandas carries its attrs into the result."""
    return articles[["article_id", "body"]]


def test_attrs_holding_a_frame_do_not_break_concatenation():
    articles = make_articles(9)
    articles.attrs["problems"] = pd.DataFrame({"source_path": ["a.txt"], "problem": ["empty"]})
    parallel = map_articles(keep_columns, articles, n_jobs=2, chunk_size=2)
    pd.testing.assert_frame_equal(parallel, keep_columns(articles).reset_index(drop=True))
    assert list(articles.attrs) == ["problems"]  # the caller's report is untouched


def branched(articles, *, suffix: str = "", n_jobs: int | None = None):
    """An extractor with the dispatch branch at its top."""
    if (elsewhere := dispatch(branched, articles, n_jobs=n_jobs, suffix=suffix)) is not None:
        return elsewhere
    return worker_pid(articles).assign(text=articles["body"].to_numpy() + suffix)


def test_dispatch_branch():
    articles = make_articles(250)
    serial = branched(articles, suffix="!")
    assert set(serial["pid"]) == {os.getpid()}
    parallel = branched(articles, suffix="!", n_jobs=2)
    assert os.getpid() not in set(parallel["pid"])
    pd.testing.assert_frame_equal(
        parallel.drop(columns="pid"), serial.drop(columns="pid").reset_index(drop=True)
    )
    assert dispatch(branched, "نص", n_jobs=2) is None  # strings stay here


EXTRACTORS = ["extract_actors", "extract_quotes", "tag_themes", "extract_dates"]


@pytest.fixture(scope="module")
def ant_small(ant_articles):
    """120 ANT articles spread over the corpus, in corpus order."""
    return ant_articles.sample(120, random_state=80).sort_index()


@pytest.mark.corpus
@pytest.mark.parametrize("name", EXTRACTORS)
def test_extractor_on_cores_equals_serial(ant_small, name):
    extractor = getattr(akhbar, name)
    serial = extractor(ant_small).reset_index(drop=True)
    parallel = map_articles(extractor, ant_small, n_jobs=2, chunk_size=25)
    assert len(serial) > 0
    pd.testing.assert_frame_equal(parallel, serial)


def test_a_reused_pool_keeps_its_processes():
    articles = make_articles(6)
    with worker_pool(2) as pool:
        first = map_articles(worker_pid, articles, chunk_size=1, executor=pool)
        second = map_articles(worker_pid, articles, chunk_size=1, executor=pool)
    assert os.getpid() not in set(first["pid"])
    assert len(set(first["pid"]) | set(second["pid"])) <= 2


def optional_note(articles: pd.DataFrame) -> pd.DataFrame:
    """Rows built the way extractors build them: dtypes inferred from the values."""
    rows = [
        {"article_id": article_id, "note": "تنبيه" if "«" in body else None}
        for article_id, body in zip(articles["article_id"], articles["body"], strict=True)
    ]
    return pd.DataFrame(rows, columns=["article_id", "note"])


def test_a_block_of_missing_values_takes_the_serial_dtype():
    articles = make_articles(12)
    serial = optional_note(articles)
    assert serial["note"].dtype != object  # text inferred, with missing values
    parallel = map_articles(optional_note, articles, n_jobs=2, chunk_size=1)
    pd.testing.assert_frame_equal(parallel, serial)


def test_workers_are_recycled_and_results_stay_serial():
    articles = make_articles(8)
    recycled = map_articles(worker_pid, articles, n_jobs=2, chunk_size=1, recycle_after=2)
    # two waves of four blocks, each wave in fresh processes
    first, second = set(recycled["pid"][:4]), set(recycled["pid"][4:])
    assert first.isdisjoint(second)
    assert len(first) <= 2 and len(second) <= 2
    assert os.getpid() not in first | second
    kept = map_articles(worker_pid, articles, n_jobs=2, chunk_size=1, recycle_after=None)
    assert kept["pid"].nunique() <= 2
    words = map_articles(word_rows, articles, n_jobs=2, chunk_size=1, recycle_after=1)
    pd.testing.assert_frame_equal(words, word_rows(articles))


@pytest.mark.parametrize(
    ("n_blocks", "most", "expected"),
    [(1, 4, [1]), (8, 8, [8]), (9, 8, [5, 4]), (20, 16, [10, 10]), (63, 16, [16, 16, 16, 15])],
)
def test_waves_are_even_and_keep_order(n_blocks, most, expected):
    bounds = [(i, i + 1) for i in range(n_blocks)]
    waves = _waves(bounds, most)
    assert [len(wave) for wave in waves] == expected
    assert [block for wave in waves for block in wave] == bounds


def test_recycle_after_must_be_positive():
    with pytest.raises(ValueError, match="recycle_after"):
        map_articles(worker_pid, make_articles(4), n_jobs=2, chunk_size=1, recycle_after=0)

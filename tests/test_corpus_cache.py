"""load_articles(..., cache=folder): same table, and only new or changed files are parsed."""

from __future__ import annotations

import os
import shutil
import warnings

import akhbar
import akhbar.corpus
import pandas as pd
import pytest
from conftest import SEED_FILE

GOOD = SEED_FILE.read_text(encoding="utf-8")
TITLE = "الاستقرار الأمني يتصدر مباحثات بوقادوم في ليبيا"


def article(n: int) -> str:
    return GOOD.replace(TITLE, f"{TITLE} {n}")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for n in range(5):
        (folder / "sub" / f"{n:03}.txt").write_text(article(n), encoding="utf-8")
    (folder / "copy.txt").write_text(article(0), encoding="utf-8")  # a duplicate
    (folder / "README.md").write_text("# about\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    return folder


@pytest.fixture
def parsed(monkeypatch):
    """The files that load_articles actually parses."""
    names: list[str] = []
    original = akhbar.corpus._parse_file

    def spy(name, *args, **kwargs):
        names.append(os.path.basename(name))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(akhbar.corpus, "_parse_file", spy)
    return names


def load(source, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return akhbar.load_articles(source, **options)


def assert_same(cached, fresh):
    pd.testing.assert_frame_equal(cached, fresh)
    pd.testing.assert_frame_equal(cached.attrs["problems"], fresh.attrs["problems"])


def test_cached_load_equals_a_fresh_one(corpus, tmp_path, parsed):
    fresh = load(corpus)
    first = load(corpus, cache=tmp_path / "cache")
    parsed.clear()
    again = load(corpus, cache=tmp_path / "cache")
    assert parsed == []
    assert_same(first, fresh)
    assert_same(again, fresh)
    assert again["duplicate_of"].notna().sum() == 1
    problems = again.attrs["problems"]
    assert problems["source_path"].str.rsplit("/", n=1).str[-1].tolist() == ["README.md", "bad.txt"]


def test_only_new_and_changed_files_are_parsed(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    load(corpus, cache=cache)
    (corpus / "sub" / "new.txt").write_text(article(99), encoding="utf-8")
    (corpus / "sub" / "001.txt").write_text(article(11), encoding="utf-8")
    touched = corpus / "sub" / "002.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    parsed.clear()
    cached = load(corpus, cache=cache)
    assert sorted(parsed) == ["001.txt", "new.txt"]
    assert_same(cached, load(corpus))
    assert f"{TITLE} 11" in set(cached["title"])


def test_removed_and_moved_files(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    load(corpus, cache=cache)
    (corpus / "sub" / "003.txt").unlink()
    shutil.move(corpus / "sub" / "004.txt", corpus / "moved.txt")
    parsed.clear()
    cached = load(corpus, cache=cache)
    assert parsed == []
    fresh = load(corpus)
    assert_same(cached, fresh)  # a moved file gets the article_id of its new path
    assert len(cached) == 5


def test_options_have_their_own_cache(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    load(corpus, cache=cache)
    parsed.clear()
    load(corpus, cache=cache, encoding="cp1256")
    assert len(parsed) == 8


def test_many_loads_merge_parts(corpus, tmp_path):
    cache = tmp_path / "cache"
    for n in range(20):
        (corpus / f"extra{n}.txt").write_text(article(100 + n), encoding="utf-8")
        load(corpus, cache=cache)
    parts = list(cache.glob("*/articles/part-*.parquet"))
    assert 1 <= len(parts) <= 17
    assert_same(load(corpus, cache=cache), load(corpus))


def test_cached_problems_still_raise(corpus, tmp_path):
    load(corpus, cache=tmp_path / "cache")
    with pytest.raises(akhbar.corpus.ArticleError, match="README"):
        akhbar.load_articles(corpus, cache=tmp_path / "cache", errors="raise")


def test_touched_file_is_hashed_once_then_trusted(corpus, tmp_path, monkeypatch):
    import akhbar.cache

    cache = tmp_path / "cache"
    load(corpus, cache=cache)
    touched = corpus / "sub" / "002.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    hashed: list[str] = []
    original = akhbar.cache._digest

    def spy(path):
        hashed.append(os.path.basename(path))
        return original(path)

    monkeypatch.setattr(akhbar.cache, "_digest", spy)
    load(corpus, cache=cache)
    assert hashed == ["002.txt"]
    hashed.clear()
    assert_same(load(corpus, cache=cache), load(corpus))
    assert hashed == []


def test_reload_reuses_the_body_fingerprints_of_duplicates(corpus, tmp_path, monkeypatch):
    import akhbar.frames

    cache = tmp_path / "cache"
    fresh = load(corpus)
    load(corpus, cache=cache)
    calls: list[int] = []
    original = akhbar.frames.fingerprints

    def spy(texts):
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(akhbar.frames, "fingerprints", spy)
    again = load(corpus, cache=cache)
    assert calls == []
    assert_same(again, fresh)
    assert again["duplicate_of"].notna().sum() == 1

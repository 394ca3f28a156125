"""The usual TREC file read from its bytes gives what decoding it gives; loads share the work.

``load_articles`` reads a file holding one usual ``<DOC>`` record from its
UTF-8 bytes (:func:`akhbar.formats.parse_trec_bytes`) and falls back on
decoding for anything else. Replacing ``akhbar.corpus.parse_trec`` turns that
fast path off, which gives every test here its reference.
"""

from __future__ import annotations

import multiprocessing
import warnings

import akhbar
import akhbar.corpus
import pandas as pd
import pyarrow as pa
import pytest
from akhbar.formats import parse_time, parse_times, parse_trec, parse_trec_bytes
from akhbar.keys import edge_spaces
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TREC = (
    "<DOC>\n<DOCNO>{docno}</DOCNO>\n<URL>http://example.org/{docno}</URL>\n<SRC>skynews</SRC>\n"
    "<CAT>sport</CAT>\n<TITLE>{title}</TITLE>\n<TIME>{time}</TIME>\n<AUTHOR>{author}</AUTHOR>\n"
    "<ABSTRACT>\n{lede}\n</ABSTRACT>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n"
)
#: every space ``str.strip`` strips and ``bytes.strip`` keeps, and look-alikes it keeps
SPACES = ["\u00a0", "\u2029", "\u2028", "\x1c", "\x1f", "\x85", "\u3000", "\u2009", "\u202f"]
NOT_SPACES = ["\u200b", "\u200f", "\u0640", "“", "…", "\u0646"]


def trec(
    docno="SK-sport-1-20180101",
    title="فوز الفريق",
    time="Mon, 01 Jan 2018 10:00:00 GMT",
    author="",
    lede="ملخص الخبر",
    text="فقرة أولى\nفقرة ثانية",
) -> str:
    return TREC.format(docno=docno, title=title, time=time, author=author, lede=lede, text=text)


def _slow_parse_trec(text, **options):
    return parse_trec(text, **options)


def load_both(folder, monkeypatch, **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles of ``folder`` read with the bytes fast path, then without it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = akhbar.load_articles(folder, progress=False, **options)
        with monkeypatch.context() as patch:
            patch.setattr(akhbar.corpus, "parse_trec", _slow_parse_trec)
            slow = akhbar.load_articles(folder, progress=False, **options)
    return fast, slow


def assert_same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(fast, slow)
    pd.testing.assert_frame_equal(fast.attrs["problems"], slow.attrs["problems"])


EDGE_CASES = {
    "usual": (trec(), None),
    "NBSP ending body lines": (trec(text="فقرة أولى\u00a0\n\u00a0فقرة ثانية"), None),
    "paragraph separator lines": (trec(text="فقرة\n\u2029\nأخرى\u2029"), None),
    "spaces around the title": (trec(title="\u2009فوز\x1c"), None),
    "a body of spaces only": (trec(text="\u00a0\n \u3000 \n\x85"), "empty body"),
    "kept look-alikes": (trec(title="\u200fفوز\u0640", text="“قال”\n…"), None),
    "an impossible date": (trec(time="Wed, 31 Feb 2018 10:00:00 GMT"), "unparseable date"),
    "Eastern Arabic digits": (trec(time="٢٠١٨-٠٢-٢٦"), None),
    "no time": (trec(time=" "), "no date"),
    "an entity": (trec(title="أ &amp; ب"), None),
}


@pytest.mark.parametrize("case", list(EDGE_CASES), ids=list(EDGE_CASES))
def test_bytes_and_text_give_the_same_rows_and_problems(tmp_path, monkeypatch, case):
    text, problem = EDGE_CASES[case]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.xml").write_text(trec(docno="SK-2"), encoding="utf-8")
    fast, slow = load_both(tmp_path, monkeypatch)
    assert_same(fast, slow)
    problems = fast.attrs["problems"]["problem"].tolist()
    assert [p for p in problems if problem and p.startswith(problem)] or problem is None, problems
    assert len(fast) == 2


@pytest.mark.parametrize(
    "data",
    [
        trec(title="فوز الفريق").encode("cp1256"),  # not UTF-8: decoded as Windows-1256
        trec().encode("utf-8")[:60] + b"\xff" + trec().encode("utf-8")[60:],
        trec(title="\x01 فوز").encode(),  # a control byte near the start
        trec().replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + trec().encode(),
    ],
    ids=["cp1256", "invalid UTF-8", "control bytes", "CRLF", "BOM"],
)
def test_files_the_bytes_cannot_tell_are_decoded(tmp_path, monkeypatch, data):
    (tmp_path / "a.txt").write_bytes(data)
    fast, slow = load_both(tmp_path, monkeypatch)
    assert_same(fast, slow)
    assert len(fast) == 1


FIELD_TEXT = st.text(
    alphabet=st.sampled_from(["ب", "ي", "ن", " ", "\n", "\t", "a", *SPACES, *NOT_SPACES]),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=FIELD_TEXT, author=FIELD_TEXT, lede=FIELD_TEXT, text=FIELD_TEXT)
def test_random_fields_read_alike_from_bytes_and_text(tmp_path_factory, title, author, lede, text):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "a.txt").write_text(trec(title=title, author=author, lede=lede, text=text), "utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = load_both(folder, monkeypatch)
    assert_same(fast, slow)


def test_parse_trec_bytes_reads_the_usual_record_as_parse_trec_does():
    text = trec(author=" الكاتب ", text="  فقرة \n\n ثانية ")
    row = parse_trec_bytes(text.encode())
    record = parse_trec(text)[0][0]
    fields = ("record", "outlet", "url", "title", "author", "lede", "body", "label")
    assert [value.decode() for value in row[:-1]] == [record[f] for f in fields]
    assert parse_time(row[-1]) == record["published_at"]
    assert parse_trec_bytes(trec(text=" ").encode()) is None  # empty body: a problem
    assert parse_trec_bytes((trec() + trec()).encode()) is None  # two records


@pytest.mark.parametrize(
    ("text", "whole", "lines"),
    [
        ("كلمة", False, False),
        ("كلمة\u00a0", True, True),
        ("\u2009كلمة", True, True),
        ("a\n\u00a0b", False, True),
        ("a\u3000\nb", False, True),
        ("\x1cكلمة", True, True),
        ("“كلمة”", False, False),
        ("\u200fكلمة\u200f", False, False),
        ("\u0646\n\u0640", False, False),
        ("", False, False),
    ],
)
def test_edge_spaces_flags_what_str_strip_strips_and_bytes_strip_keeps(text, whole, lines):
    assert edge_spaces(pa.array([text, "x"])).tolist() == [whole, False]
    assert edge_spaces(pa.array([text, "x"]), lines=True).tolist() == [lines, False]
    pieces = text.split("\n")
    assert lines == any(p.strip() != p.encode().strip().decode() for p in pieces)


@given(
    st.builds(
        "{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} {}".format,
        st.sampled_from(["Sun", "mON", "S1n"]),
        st.integers(0, 35),
        st.sampled_from(["Jan", "FEB", "jul", "Jux", "Dec"]),
        st.integers(0, 9999),
        st.integers(0, 25),
        st.integers(0, 61),
        st.integers(0, 61),
        st.sampled_from(["+0400", "-0130", "GMT", "UTC", "+04:0", "ABCDE", "Z"]),
    )
)
def test_parse_times_reads_each_time_as_parse_time_does(value):
    assert parse_times([value, "15/07/2018"]) == [parse_time(value), "2018-07-15T00:00:00"]


def test_a_large_load_shares_the_work_and_leaves_no_worker_behind(tmp_path, monkeypatch):
    for n in range(300):
        text = trec(docno=f"SK-{n}", title=f"خبر {n}", text=f"فقرة {n}\u00a0\nأخرى")
        (tmp_path / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    serial = akhbar.load_articles(tmp_path, workers=1, progress=False)
    monkeypatch.setattr(akhbar.corpus, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(akhbar.corpus, "_parse_chunk", _counting_parse_chunk)
    PARSED_HERE.clear()
    shared = akhbar.load_articles(tmp_path, workers=2, progress=False)
    assert_same(shared, serial)
    assert serial["title"].tolist() == [f"خبر {n}" for n in range(300)]
    assert multiprocessing.active_children() == []
    assert 0 < sum(PARSED_HERE) < 300  # this process parsed some files, the pool the others


def test_a_missing_source_found_while_the_pool_works_stops_the_load_cleanly(tmp_path, monkeypatch):
    for n in range(80):
        (tmp_path / f"{n:03d}.txt").write_text(trec(docno=f"SK-{n}"), encoding="utf-8")
    monkeypatch.setattr(akhbar.corpus, "POOL_MIN_FILES", 1)
    with pytest.raises(FileNotFoundError, match="missing"):
        akhbar.load_articles([tmp_path, tmp_path / "missing"], workers=2, progress=False)
    assert multiprocessing.active_children() == []


#: files parsed in this process (a forked worker counts in its own copy)
PARSED_HERE: list[int] = []
_PARSE_CHUNK = akhbar.corpus._parse_chunk


def _counting_parse_chunk(files, options):
    PARSED_HERE.append(len(files))
    return _PARSE_CHUNK(files, options)

"""Bad input never stops a load and never disappears; tables and property tests."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import akhbar
import pandas as pd
import pytest
from akhbar.corpus import ArticleError
from conftest import SEED_FILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

GOOD = SEED_FILE.read_text(encoding="utf-8")
TITLE = "الاستقرار الأمني يتصدر مباحثات بوقادوم في ليبيا"
TREC = (
    "<DOC>\n<DOCNO>{docno}</DOCNO>\n<URL>http://example.org/{docno}</URL>\n<SRC>skynews</SRC>\n"
    "<CAT>sport</CAT>\n<TITLE>{title}</TITLE>\n<TIME>{time}</TIME>\n<AUTHOR></AUTHOR>\n"
    "<ABSTRACT>\nملخص الخبر\n</ABSTRACT>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n"
)


def trec(
    docno="SK-sport-1-20180101",
    title="فوز الفريق",
    time="Mon, 01 Jan 2018 10:00:00 GMT",
    text="فقرة أولى\nفقرة ثانية",
):
    return TREC.format(docno=docno, title=title, time=time, text=text)


def load(path, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = akhbar.load_articles(path, **options)
    return articles, caught


def folder_with(tmp_path, name: str, data: bytes):
    """A corpus folder: the seed, one TREC file and the bad file."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good_trec.xml").write_text(trec(), encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    return tmp_path


def problems_of(articles, name: str) -> pd.DataFrame:
    problems = articles.attrs["problems"]
    return problems[problems["source_path"].str.endswith(name)]


BAD_FILES = {
    "empty file": ("empty.txt", b"", "no article"),
    "blank lines only": ("blank.txt", b"\n \n\t\n", "no article"),
    "binary file": ("image.txt", bytes(range(256)) * 4, "binary"),
    "no article in a <DOC> file": ("nodoc.xml", b"<DOCS>\n</DOCS>\n<DOC", "no article"),
    "documentation file": ("README.md", "# مجموعة الأخبار\n".encode(), "documentation"),
    "licence file": ("LICENSE", b"MIT License\n", "documentation"),
    "unsupported extension": ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3", "unsupported extension"),
    "malformed JSON": ("broken.json", b'[{"title": "x", ', "malformed JSON"),
    "empty JSON array": ("empty.json", b"[]", "no article"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_a_problem_and_the_rest_loads(tmp_path, case):
    name, data, expected = BAD_FILES[case]
    articles, caught = load(folder_with(tmp_path, name, data))
    assert sorted(articles["title"]) == sorted([TITLE, "فوز الفريق"])
    rows = problems_of(articles, name)
    assert len(rows) >= 1
    assert rows["problem"].str.contains(expected).any(), rows["problem"].tolist()
    assert any("problems" in str(w.message) for w in caught)


def test_documentation_file_keeps_its_text(tmp_path):
    articles, _ = load(folder_with(tmp_path, "PROVENANCE.txt", "مصدر البيانات\n".encode()))
    rows = problems_of(articles, "PROVENANCE.txt")
    assert rows["raw"].tolist() == ["مصدر البيانات\n"]
    assert len(articles) == 2


RECORD_DEFECTS = {
    "empty body": (trec(text=""), "empty body"),
    "bad date": (trec(time="sometime in spring"), "unparseable date"),
    "missing date": (trec(time=""), "no date"),
    "unclosed TEXT": (trec().replace("</TEXT>", ""), "not closed"),
    "unclosed DOC": (trec().replace("</DOC>", ""), "not closed"),
    "ampersand and angle bracket": (trec(title="أ & ب < ج"), None),
}


@pytest.mark.parametrize("case", RECORD_DEFECTS, ids=list(RECORD_DEFECTS))
def test_defective_record_still_loads(tmp_path, case):
    data, expected = RECORD_DEFECTS[case]
    articles, _ = load(folder_with(tmp_path, "bad.xml", data.encode()))
    assert len(articles) == 3
    loaded = articles[articles["source_path"].str.endswith("bad.xml")].iloc[0]
    assert loaded["record"] == "SK-sport-1-20180101"
    rows = problems_of(articles, "bad.xml")
    if expected is None:
        assert rows.empty
        assert loaded["title"] == "أ & ب < ج"
    else:
        assert rows["problem"].str.contains(expected).any(), rows["problem"].tolist()
        assert (rows["record"] == "SK-sport-1-20180101").all()
        assert rows["raw"].str.contains("<DOC>").all()
    assert loaded["title"]


def test_unclosed_text_keeps_the_paragraphs(tmp_path):
    data = trec(text="فقرة أولى\nفقرة ثانية").replace("</TEXT>", "").replace("</DOC>", "")
    articles, _ = load(folder_with(tmp_path, "bad.xml", data.encode()))
    loaded = articles[articles["source_path"].str.endswith("bad.xml")].iloc[0]
    assert loaded["body"] == "فقرة أولى\nفقرة ثانية"


def test_two_docs_in_one_file_and_a_truncated_third(tmp_path):
    data = trec("A-1") + trec("A-2", title="خبر ثان") + "<DOC>\n<DOCNO>A-3</DOCNO>\n<TITLE>نص مبتور"
    articles, _ = load(folder_with(tmp_path, "many.xml", data.encode()))
    many = articles[articles["source_path"].str.endswith("many.xml")]
    assert many["record"].tolist() == ["A-1", "A-2", "A-3"]
    assert many["title"].tolist() == ["فوز الفريق", "خبر ثان", "نص مبتور"]
    assert articles["article_id"].is_unique


def test_plain_article_with_empty_body(tmp_path):
    text = "عنوان فقط\n\nمقدمة\nالأحد 2021/04/18\nتعليق\n"
    articles, _ = load(folder_with(tmp_path, "short.txt", text.encode()))
    short = articles[articles["source_path"].str.endswith("short.txt")].iloc[0]
    assert short["title"] == "عنوان فقط"
    assert short["published_at"] == pd.Timestamp("2021-04-18")
    assert problems_of(articles, "short.txt")["problem"].tolist() == ["empty body"]


#: plain seed-layout articles whose text starts with, or holds, markup: (file name, title)
MARKUP_TITLES = {
    "script tag title": ("script.txt", "<script>alert(1)</script> عنوان"),
    "bold tag title": ("bold", "<b>عاجل</b> انفجار في بيروت"),
    "lone angle bracket": ("angle.txt", "< عاجل > انفجار في بيروت"),
    "DOC inside a line": ("inline.txt", "وسم <DOC> في عنوان"),
    "lowercase doc word": ("doc.txt", "<document> خبر"),
}


@pytest.mark.parametrize("case", MARKUP_TITLES, ids=list(MARKUP_TITLES))
def test_plain_article_starting_with_markup_loads(tmp_path, case):
    name, title = MARKUP_TITLES[case]
    text = GOOD.replace(TITLE, title, 1)
    articles, _ = load(folder_with(tmp_path, name, text.encode()))
    rows = articles[articles["source_path"].str.endswith(f"/{name}")]
    assert rows["title"].tolist() == [title]
    assert rows.iloc[0]["published_at"] == pd.Timestamp("2021-04-21")
    assert rows.iloc[0]["label"] == "4"
    assert problems_of(articles, f"/{name}").empty


def test_lowercase_doc_line_without_records_is_read_as_text(tmp_path):
    text = "<doc id=1> عنوان\n\nمقدمة\nالأربعاء 2021/04/21\nتعليق\n\nفقرة\n"
    articles, _ = load(folder_with(tmp_path, "lower.txt", text.encode()))
    rows = articles[articles["source_path"].str.endswith("lower.txt")]
    assert rows["title"].tolist() == ["<doc id=1> عنوان"]
    assert rows.iloc[0]["body"] == "فقرة"


def test_text_outside_doc_records_is_a_problem_with_its_text(tmp_path):
    data = "مقدمة خارج السجلات\n" + trec("O-1") + "خاتمة\n"
    articles, _ = load(folder_with(tmp_path, "outside.txt", data.encode()))
    rows = articles[articles["source_path"].str.endswith("outside.txt")]
    assert rows["record"].tolist() == ["O-1"]
    problems = problems_of(articles, "outside.txt")
    assert problems["problem"].str.contains("text outside <DOC> records").any()
    assert problems["raw"].str.contains("مقدمة خارج السجلات").all()
    assert problems["raw"].str.contains("خاتمة").all()


@pytest.mark.parametrize(
    ("dateline", "expected_date", "expected_problem"),
    [
        ("الخميس 2021/04/21", "2021-04-21", "contradicts"),
        ("الأربعاء 2021/13/45", None, "unparseable date"),
        ("الأربعاء ٢٠٢١/٠٤/٢١", "2021-04-21", None),
        ("الأربعاء ۲۱-۰۴-۲۰۲۱", "2021-04-21", None),
    ],
)
def test_dateline_problems(tmp_path, dateline, expected_date, expected_problem):
    text = GOOD.replace("الأربعاء 2021/04/21", dateline)
    articles, _ = load(folder_with(tmp_path, "dated.txt", text.encode()))
    dated = articles[articles["source_path"].str.endswith("dated.txt")].iloc[0]
    expected = pd.Timestamp(expected_date) if expected_date else pd.NaT
    assert (
        dated["published_at"] is pd.NaT if expected is pd.NaT else dated["published_at"] == expected
    )
    problems = problems_of(articles, "dated.txt")["problem"].tolist()
    if expected_problem:
        assert len(problems) == 1 and expected_problem in problems[0]
    else:
        assert problems == []


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("cp1256.txt", lambda t: t.encode("cp1256")),
        ("utf16.txt", lambda t: t.encode("utf-16")),
        ("bom.txt", lambda t: t.encode("utf-8-sig")),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode()),
        ("cr.txt", lambda t: t.replace("\n", "\r").encode("cp1256")),
    ],
)
def test_each_encoding_loads_beside_the_others(tmp_path, name, encode):
    articles, _ = load(folder_with(tmp_path, name, encode(GOOD.replace(TITLE, "عنوان آخر"))))
    assert sorted(articles["title"]) == sorted([TITLE, "فوز الفريق", "عنوان آخر"])
    assert problems_of(articles, name).empty
    assert (
        articles.loc[articles["title"] == "عنوان آخر", "body"].item()
        == articles.loc[articles["title"] == TITLE, "body"].item()
    )


def test_errors_raise_names_the_file_and_reason(tmp_path):
    folder_with(tmp_path, "empty.txt", b"")
    with pytest.raises(ArticleError, match=r"empty\.txt.*no article"):
        akhbar.load_articles(tmp_path, errors="raise")


def test_errors_raise_names_the_record(tmp_path):
    folder_with(tmp_path, "bad.xml", trec(docno="X-9", text="").encode())
    with pytest.raises(ArticleError, match=r"bad\.xml, record X-9: empty body"):
        akhbar.load_articles(tmp_path, errors="raise")


def test_clean_load_warns_nothing(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, caught = load(tmp_path)
    assert caught == []
    assert articles.attrs["problems"].empty


def test_exact_duplicates_are_flagged_not_dropped(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("\n", "\r\n"), encoding="cp1256")
    (tmp_path / "c.txt").write_text(GOOD.replace("ليبيا.", "تونس."), encoding="utf-8")
    articles, _ = load(tmp_path)
    assert len(articles) == 3
    assert articles["article_id"].is_unique
    first, second, third = articles.itertuples()
    assert pd.isna(first.duplicate_of)
    assert second.duplicate_of == first.article_id
    assert pd.isna(third.duplicate_of)


def test_article_id_ignores_load_order_and_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    alone = akhbar.load_articles(tmp_path)
    (tmp_path / "0.txt").write_text(GOOD.replace(TITLE, "عنوان"), encoding="utf-8")
    together = akhbar.load_articles([tmp_path / "0.txt", tmp_path])
    assert alone.loc[0, "article_id"] in set(together["article_id"])


# --- tables -------------------------------------------------------------------------

RECORDS = [
    {
        "id": "n1",
        "title": "عنوان أول",
        "content": "فقرة\n\nفقرة ثانية",
        "date": "2021-04-21T08:00:00+01:00",
        "source": "skynews",
        "url": "http://x/1",
    },
    {
        "id": "n2",
        "title": "عنوان ثان",
        "content": "نص",
        "date": "21/04/2021",
        "source": "BBC",
        "url": "http://x/2",
    },
]


def check_records(articles):
    assert articles["record"].tolist() == ["n1", "n2"]
    assert articles["title"].tolist() == ["عنوان أول", "عنوان ثان"]
    assert articles["body"].tolist() == ["فقرة\nفقرة ثانية", "نص"]
    assert articles["outlet"].tolist() == ["skynews", "BBC"]
    assert articles["published_at"].tolist() == [
        pd.Timestamp("2021-04-21 08:00"),
        pd.Timestamp("2021-04-21"),
    ]


@pytest.mark.parametrize(
    ("name", "write"),
    [
        (
            "a.json",
            lambda p: p.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8"),
        ),
        ("a.json", lambda p: p.write_text(json.dumps({"articles": RECORDS}), encoding="utf-8")),
        (
            "a.jsonl",
            lambda p: p.write_text("\n".join(json.dumps(r) for r in RECORDS), encoding="utf-8"),
        ),
        ("a.csv", lambda p: pd.DataFrame(RECORDS).to_csv(p, index=False)),
        ("a.tsv", lambda p: pd.DataFrame(RECORDS).to_csv(p, index=False, sep="\t")),
        (
            "a.csv",
            lambda p: p.write_bytes(pd.DataFrame(RECORDS).to_csv(index=False).encode("cp1256")),
        ),
        ("a.parquet", lambda p: pd.DataFrame(RECORDS).to_parquet(p)),
    ],
)
def test_tables_load_with_default_field_names(tmp_path, name, write):
    write(tmp_path / name)
    articles, caught = load(tmp_path / name)
    check_records(articles)
    assert caught == []


def test_fields_mapping(tmp_path):
    rows = [
        {"headline_ar": "عنوان", "txt": "نص الخبر", "date_extracted": "2018-02-26", "site": "CNN"}
    ]
    (tmp_path / "x.json").write_text(json.dumps(rows), encoding="utf-8")
    fields = {
        "title": "headline_ar",
        "body": "txt",
        "published_at": "date_extracted",
        "outlet": "site",
    }
    articles = akhbar.load_articles(tmp_path / "x.json", fields=fields)
    assert articles.loc[0, ["title", "body", "outlet"]].tolist() == ["عنوان", "نص الخبر", "CNN"]
    assert articles.loc[0, "published_at"] == pd.Timestamp("2018-02-26")
    assert articles.loc[0, "record"] == "0"


def test_fields_mapping_names_unknown_columns(tmp_path):
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="headline"):
        akhbar.load_articles(tmp_path / "x.json", fields={"headline": "title"})


def test_missing_mapped_field_is_a_problem(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    articles, _ = load(tmp_path / "x.json", fields={"body": "article_text"})
    assert len(articles) == 2
    assert problems_of(articles, "x.json")["problem"].str.contains("article_text").any()


def test_jsonl_bad_line_keeps_the_others_and_its_text(tmp_path):
    lines = [json.dumps(RECORDS[0]), '{"title": "مبتور', json.dumps(RECORDS[1])]
    (tmp_path / "x.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, _ = load(tmp_path / "x.jsonl")
    assert articles["record"].tolist() == ["n1", "1", "n2"]
    rows = problems_of(articles, "x.jsonl")
    assert rows["problem"].str.contains("line 2").any()
    assert rows["raw"].tolist()[0] == '{"title": "مبتور'


def test_table_record_with_bad_date_and_empty_body(tmp_path):
    rows = [{"title": "عنوان", "body": "", "date": "غدا"}]
    (tmp_path / "x.json").write_text(json.dumps(rows), encoding="utf-8")
    articles, _ = load(tmp_path / "x.json")
    assert articles.loc[0, "title"] == "عنوان"
    assert pd.isna(articles.loc[0, "published_at"])
    problems = problems_of(articles, "x.json")["problem"].tolist()
    assert any("unparseable date" in p for p in problems) and "empty body" in problems


def test_glob_and_list_sources(tmp_path):
    folder_with(tmp_path, "other.txt", GOOD.replace(TITLE, "ثالث").encode())
    by_glob = akhbar.load_articles(str(tmp_path / "*.txt"))
    assert sorted(by_glob["title"]) == sorted([TITLE, "ثالث"])
    by_list = akhbar.load_articles([tmp_path / "good.txt", tmp_path / "good_trec.xml"])
    assert by_list["title"].tolist() == [TITLE, "فوز الفريق"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        akhbar.load_articles(tmp_path / "nowhere")


# --- properties -----------------------------------------------------------------------

ARABIC = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى ٠١٢٣٤٥٦٧٨٩/\n\u064e\u0640")
    ),
    max_size=300,
)
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash_or_lose_articles(tmp_path_factory, data):
    folder = folder_with(tmp_path_factory.mktemp("bytes"), "random.txt", data)
    articles, _ = load(folder)
    assert {TITLE, "فوز الفريق"} <= set(articles["title"])
    random_rows = articles["source_path"].str.endswith("random.txt").sum()
    assert random_rows + len(problems_of(articles, "random.txt")) >= 1


@PROPERTY
@given(text=ARABIC)
def test_random_arabic_text_never_crashes_and_every_line_is_kept(tmp_path_factory, text):
    folder = folder_with(tmp_path_factory.mktemp("arabic"), "random.txt", text.encode())
    articles, _ = load(folder)
    assert {TITLE, "فوز الفريق"} <= set(articles["title"])
    rows = articles[articles["source_path"].str.endswith("random.txt")]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        assert rows.empty and not problems_of(articles, "random.txt").empty
        return
    assert len(rows) == 1
    row = rows.iloc[0]
    kept = "\n".join(str(row[c]) for c in ("title", "lede", "dateline", "caption", "body", "label"))
    assert all(line in kept.split("\n") for line in lines)


MARKUP = st.text(alphabet=st.sampled_from(list("<>/DOCdoc &;\n")), max_size=20)


def _mixed_file(kind: str, text: str, extra: str, data: bytes) -> tuple[str, bytes]:
    """A file of one format: (suffix, bytes)."""
    if kind == "plain":
        return ".txt", f"{extra}{text}".encode()
    if kind == "seed with markup title":
        return "", GOOD.replace(TITLE, f"<{extra}>{text[:40]}", 1).encode("cp1256", "replace")
    if kind == "trec":
        return ".txt", (extra + trec("M-1", title=text[:30], text=text)).encode("utf-16")
    if kind == "json":
        return ".json", json.dumps([{"title": text, "body": extra + text}]).encode()
    if kind == "jsonl":
        return ".jsonl", f'{{"title": {json.dumps(text)}}}\n{extra}\n'.encode()
    if kind == "csv":
        return ".csv", f"title,body\n{text.replace(chr(10), ' ')},{extra}\n".encode()
    return ".txt", data


MIXED = st.lists(
    st.tuples(
        st.sampled_from(
            ["plain", "seed with markup title", "trec", "json", "jsonl", "csv", "bytes"]
        ),
        ARABIC,
        MARKUP,
        st.binary(max_size=200),
    ),
    min_size=1,
    max_size=6,
)


@PROPERTY
@given(files=MIXED)
def test_every_file_of_a_mixed_folder_yields_an_article_or_a_problem(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("mixed")
    names = {}
    for i, (kind, text, extra, data) in enumerate(files):
        suffix, content = _mixed_file(kind, text, extra, data)
        (folder / f"f{i}{suffix}").write_bytes(content)
        names[f"f{i}{suffix}"] = kind
    articles, _ = load(folder)
    problems = articles.attrs["problems"]
    for name, kind in names.items():
        path = str(folder / name)
        rows = articles[articles["source_path"] == path]
        its_problems = problems[problems["source_path"] == path]
        assert len(rows) + len(its_problems) >= 1, (name, kind)
        if kind in ("seed with markup title", "trec", "json"):
            assert len(rows) >= 1, (name, kind, its_problems["problem"].tolist())
        if rows.empty and kind != "bytes" and Path(path).read_bytes().strip():
            assert its_problems["raw"].notna().any(), (name, kind, its_problems)


@PROPERTY
@given(title=ARABIC, body=ARABIC)
def test_random_trec_records_never_lose_an_article(tmp_path_factory, title, body):
    data = trec("R-1", title=title.replace("<", ""), text=body) + trec("R-2")
    folder = folder_with(tmp_path_factory.mktemp("trec"), "random.xml", data.encode())
    articles, _ = load(folder)
    assert articles[articles["source_path"].str.endswith("random.xml")]["record"].tolist() == [
        "R-1",
        "R-2",
    ]


def test_a_parser_bug_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    import akhbar.corpus

    def broken(text, **_):
        raise RuntimeError("boom")

    monkeypatch.setattr(akhbar.corpus, "parse_trec", broken)
    articles, _ = load(folder_with(tmp_path, "other.txt", GOOD.encode()))
    assert articles["title"].tolist() == [TITLE, TITLE]
    rows = problems_of(articles, "good_trec.xml")
    assert rows["problem"].tolist() == ["parser error: RuntimeError: boom"]
    assert rows["raw"].str.contains("<DOC>").all()


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("Mon, 26 Feb 2018 02:20:10 GMT", "2018-02-26 02:20:10"),
        ("Sun, 15 Jul 2018 21:56:56 +0400", "2018-07-15 21:56:56"),
        ("2018-07-15T23:30:00+04:00", "2018-07-15 23:30:00"),
        ("2018-07-15 23:30", "2018-07-15 23:30:00"),
        ("2018-07-15", "2018-07-15"),
        ("15/07/2018", "2018-07-15"),
        ("١٥/٠٧/٢٠١٨", "2018-07-15"),
    ],
)
def test_trec_time_formats_keep_the_local_clock(tmp_path, time, expected):
    (tmp_path / "a.xml").write_text(trec(time=time), encoding="utf-8")
    articles, caught = load(tmp_path)
    assert articles.loc[0, "published_at"] == pd.Timestamp(expected)
    assert caught == []


def test_progress_bar_on_large_loads(tmp_path, capsys):
    for n in range(301):
        (tmp_path / f"{n:03}.xml").write_text(trec(docno=f"P-{n}"), encoding="utf-8")
    articles = akhbar.load_articles(tmp_path, workers=1)
    assert len(articles) == 301
    assert "loading articles" in capsys.readouterr().err
    akhbar.load_articles(tmp_path / "000.xml")
    assert "loading articles" not in capsys.readouterr().err

"""akhbar.show and akhbar.evidence: right-to-left, escaped, readable tables."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import akhbar
import numpy as np
import pandas as pd
import pytest
from akhbar.display import evidence, show


class _Collector(HTMLParser):
    """Tags, attributes and text of an HTML fragment, parsed by the standard library."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open_td = 0
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self.open_td += 1
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.open_td -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self.open_td:
            self.cells[-1] += data


def _parse(fragment: str) -> _Collector:
    collector = _Collector()
    collector.feed(fragment)
    return collector


def test_table_is_right_to_left_by_attribute_not_style():
    table = show(pd.DataFrame({"name": ["عبدالمجيد تبون"], "n_mentions": [3]}))
    parsed = _parse(table._repr_html_())
    assert ("table", {"dir": "rtl"}) in parsed.tags
    assert not any(tag == "style" for tag, _ in parsed.tags)
    assert "عبدالمجيد تبون" in parsed.cells


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "<b>bold</b> & <i>italic</i>",
        "تبون <script>document.cookie</script> قال",
    ],
)
@pytest.mark.parametrize("max_chars", [0, 12])
def test_values_are_escaped_and_never_become_tags(hostile, max_chars):
    titles = pd.DataFrame({"title": [hostile], "outlet": ["<iframe>"]})
    parsed = _parse(show(titles, max_chars=max_chars, caption="<script>x</script>")._repr_html_())
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= {"div", "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "p"}
    shown = "".join(parsed.text)
    assert hostile[: max_chars - 1 if max_chars else None].rstrip() in shown
    titled = [attrs["title"] for tag, attrs in parsed.tags if tag == "span"]
    if max_chars and len(hostile) > max_chars:
        assert titled == [hostile]  # the full text, unescaped by the parser, on hover
    else:
        assert titled == []


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        ("n_mentions", [1234567], "1,234,567"),
        ("n_articles", pd.array([12, None], dtype="Int64"), "12"),
        ("weight", [0.5], "0.50"),
        ("weight", [3.0], "3"),
        ("share_articles", [0.257], "25.7%"),
        ("theme_share", [1.0], "100.0%"),
        ("published_at", pd.to_datetime(["2021-04-21"]), "2021-04-21"),
        ("published_at", pd.to_datetime(["2021-04-21 09:05"]), "2021-04-21 09:05"),
        ("roles", [["وزير الخارجية", "رئيس"]], "وزير الخارجية، رئيس"),
        ("surfaces", [np.array(["بوقادوم", "لبوقادوم"])], "بوقادوم، لبوقادوم"),
        ("surfaces", [pd.array(["تبون"], dtype="string")], "تبون"),
        ("score", [-5], "-5"),
    ],
)
def test_readable_number_and_date_formats(column, values, expected):
    parsed = _parse(show(pd.DataFrame({column: values}))._repr_html_())
    assert parsed.cells[0] == expected


def test_missing_values_show_empty():
    frame = pd.DataFrame({"n": pd.array([None], dtype="Int64"), "t": [None], "d": [pd.NaT]})
    assert _parse(show(frame)._repr_html_()).cells == ["", "", ""]


def test_numbers_keep_left_to_right_order_inside_the_rtl_table():
    parsed = _parse(show(pd.DataFrame({"name": ["ليبيا"], "score": [-5]}))._repr_html_())
    cells = [attrs for tag, attrs in parsed.tags if tag == "td"]
    assert cells == [{"dir": "auto"}, {"dir": "ltr"}]


@pytest.mark.parametrize(("length", "max_chars", "truncated"), [(10, 20, False), (50, 20, True)])
def test_long_texts_truncate_with_full_text_on_hover(length, max_chars, truncated):
    text = ("ب" * (length - 1)) + "ت"
    parsed = _parse(show(pd.DataFrame({"body": [text]}), max_chars=max_chars)._repr_html_())
    cell = parsed.cells[0]
    if truncated:
        assert len(cell) == max_chars and cell.endswith("\u2026")
        assert [a["title"] for t, a in parsed.tags if t == "span"] == [text]
    else:
        assert cell == text


def test_input_is_not_mutated_and_rows_are_capped():
    frame = pd.DataFrame({"title": ["خبر"] * 120, "share": [0.1] * 120})
    before = frame.copy()
    table = show(frame, max_rows=10)
    pd.testing.assert_frame_equal(frame, before)
    assert len(table) == 10
    assert table._repr_html_().count("<tr>") == 11  # header and 10 rows
    assert "10 of 120 rows" in table._repr_html_()
    assert "10 of 120 rows" in repr(table)


def test_text_repr_is_readable_and_named_index_is_shown():
    counts = pd.Series([3, 1], index=pd.Index(["تبون", "بوقادوم"], name="name"), name="n")
    text = repr(show(counts))
    assert "تبون" in text and "name" in text and "3" in text
    assert "<" not in text


def test_columns_select_and_unknown_column_is_named():
    frame = pd.DataFrame({"a": [1], "b": ["x"]})
    assert _parse(show(frame, columns=["b"])._repr_html_()).cells == ["x"]
    with pytest.raises(KeyError, match="'zzz'"):
        show(frame, columns=["zzz"])


def test_mark_highlights_the_term_inside_escaped_text():
    frame = pd.DataFrame({"sentence": ["قال <تبون> إن"], "surface": ["<تبون>"]})
    fragment = show(frame, mark={"sentence": "surface"})._repr_html_()
    assert "<mark>" + html.escape("<تبون>") + "</mark>" in fragment


def test_evidence_on_the_seed_gives_the_sentences_behind_a_count(seed_articles):
    paragraphs = akhbar.split_paragraphs(seed_articles)
    body = paragraphs[paragraphs["kind"] == "body"]
    target = "بوقادوم"
    rows = []
    for row in body.itertuples(index=False):
        for found in re.finditer(target, row.text):
            rows.append((row.article_id, row.paragraph_no, found.start(), found.end()))
    located = pd.DataFrame(rows, columns=["article_id", "paragraph_no", "start", "end"])
    assert len(located) >= 2
    found = evidence(located, seed_articles, limit=None)
    assert len(found) == len(located)
    assert (found["surface"] == target).all()
    assert all(target in sentence for sentence in found["sentence"])
    assert any(len(s) < len(t) for s, t in zip(found["sentence"], body["text"], strict=False))
    assert (found["title"] == seed_articles["title"].iloc[0]).all()
    assert len(evidence(located, seed_articles, limit=1)) == 1


def test_row_numbers_left_by_sorting_are_not_shown_but_labels_are():
    counts = pd.DataFrame({"name": ["أ", "ب"], "n": [1, 2]}).sort_values("n", ascending=False)
    assert _parse(show(counts)._repr_html_()).cells == ["ب", "2", "أ", "1"]
    labelled = counts.set_index("name")
    assert _parse(show(labelled)._repr_html_()).cells == ["ب", "2", "أ", "1"]
    assert "name" in show(labelled)._repr_html_()

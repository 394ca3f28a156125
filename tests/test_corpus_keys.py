"""Vectorised counts and keys of :mod:`akhbar.keys` agree with their plain Python forms."""

from __future__ import annotations

import pyarrow as pa
import pytest
from akhbar.keys import line_counts, word_counts
from hypothesis import given, settings
from hypothesis import strategies as st

#: every character ``str.isspace`` knows, Arabic letters and marks, and a few others
SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]
TEXT = st.text(
    alphabet=st.sampled_from([*SPACES, *"ابتةىءأ\u064e\u200c\u200f“”…a1", "\U0001f600"]),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(TEXT, max_size=8), start=st.integers(0, 3))
def test_word_and_line_counts_match_python(texts, start):
    values = pa.array(["x y", "", "z", *texts], type=pa.string())[start:]
    expected = values.to_pylist()
    assert word_counts(values).tolist() == [len(t.split()) for t in expected]
    assert line_counts(values).tolist() == [t.count("\n") + 1 if t else 0 for t in expected]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("قال  الوزير", 2),
        ("\u00a0قال\u2009الوزير\u3000", 2),
        ("قال\u200cالوزير", 1),  # a zero-width non-joiner is not a space
        ("سطر\nسطر\r\nسطر", 3),
        ("\x1c\x85", 0),
    ],
)
def test_word_counts_table(text, words):
    assert word_counts(pa.array([text])).tolist() == [words]
    assert len(text.split()) == words

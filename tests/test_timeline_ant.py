"""akhbar.extract_dates against hand annotations of ANT paragraphs (tests/data/date_annotations.*).

The floors sit a little below the figures ``benchmarks/eval_dates.py`` prints over both
samples (value precision 0.975, value recall 0.960 when written), so that a regression fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_dates import ANNOTATIONS, evaluate, read_annotations  # noqa: E402


def test_annotations_cover_enough_expressions():
    table = read_annotations(ANNOTATIONS)
    assert len(table) >= 350
    assert sum(len(item["gold"]) for item in table.values()) >= 240


@pytest.fixture(scope="module")
def scores(ant_dir):
    return evaluate(ant_dir, ANNOTATIONS)


def test_value_precision_floor(scores):
    assert scores["value_precision"] >= 0.96


def test_value_recall_floor(scores):
    assert scores["value_recall"] >= 0.93


def test_span_floors(scores):
    assert scores["span_precision"] >= 0.97
    assert scores["span_recall"] >= 0.95

"""Fixtures shared by every test module.

The shared material (ANT corpus, NER data) lives beside the clone in
``../shared`` or wherever ``AKHBAR_SHARED`` points. Tests that need it fail
with a clear message in CI (``CI`` set) and skip only on a developer's machine.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared"))
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_9ae56ba73361bc49.txt"


def require_shared(relative: str) -> Path:
    """Return ``SHARED / relative``, or fail in CI / skip elsewhere when it is missing."""
    path = SHARED / relative
    if not path.exists():
        message = (
            f"shared material missing: {path} (put ../shared beside the clone "
            "or set AKHBAR_SHARED to its path)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def ant_dir() -> Path:
    """The ANT multi-source corpus folder (31,525 articles)."""
    return require_shared("corpora/ant-multisource")


@pytest.fixture(scope="session")
def ner_dir() -> Path:
    """The CLEANANERCorp folder (train.txt, test.txt)."""
    return require_shared("ner/cleananercorp")


@pytest.fixture(scope="session")
def ant_articles(ant_dir):
    """The whole ANT corpus, loaded once per test session (CI has 90 minutes)."""
    import akhbar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return akhbar.load_articles(ant_dir)


@pytest.fixture(scope="session")
def seed_articles():
    """The client's sample article as an articles DataFrame."""
    import akhbar

    return akhbar.load_articles(SEEDS)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")

"""Tests of akhbar.charts: text preparation, chart verbs, style and export.

The rendered-pixel proof is in ``test_charts_pixels.py``; the word cloud's pixels,
which go through Pillow rather than matplotlib, are checked here on both Pillow paths.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from akhbar import charts, figures, shaping
from PIL import Image, ImageDraw, ImageFont
from test_charts_pixels import THRESHOLD, _crop, reference_fonts, reference_ink, similarity


@pytest.fixture(autouse=True)
def _restore_style():
    with mpl.rc_context():
        yield
    figures._STATE["eastern_digits"] = False


# --- prepare_text -------------------------------------------------------------------

RECIPE_CASES = [
    # (logical text, expected visual string for a renderer that does not shape)
    ("بب", "\ufe90\ufe91"),
    ("لا", "\ufefb"),  # lam-alef ligature
    ("عام 2021", "2021 \ufee1\ufe8e\ufecb"),  # digits keep their order
    ("(مصر)", "(\ufeae\ufebc\ufee3)"),  # brackets mirrored in a right-to-left run
    # tashkeel kept, each mark just before its base once reversed
    ("مُحَمَّد", "\ufeaa\u0651\u064e\ufee4\u064e\ufea4\u064f\ufee3"),
]


@pytest.mark.parametrize(("text", "visual"), RECIPE_CASES)
def test_recipe_reshapes_and_reorders(text, visual):
    assert shaping.prepare_text(text, native=False) == visual


@pytest.mark.parametrize("text", ["بب", "الإمارات", "وزير الخارجية (FM)", "٢٠٢١"])
def test_native_renderer_gets_logical_text(text):
    assert shaping.prepare_text(text, native=True) == text


@pytest.mark.parametrize("text", ["Reuters", "2021", "", "BBC (UK)"])
def test_ascii_is_never_changed(text):
    assert shaping.prepare_text(text, native=False) == text


def test_recipe_works_line_by_line():
    two_lines = shaping.prepare_text("بب\nلا", native=False)
    assert two_lines.split("\n") == ["\ufe90\ufe91", "\ufefb"]


def test_prepare_text_follows_detection(monkeypatch):
    monkeypatch.setattr(shaping, "matplotlib_shapes", lambda: False)
    assert charts.prepare_text("بب") == "\ufe90\ufe91"
    monkeypatch.setattr(shaping, "matplotlib_shapes", lambda: True)
    assert charts.prepare_text("بب") == "بب"


# --- detection by behaviour -----------------------------------------------------------


def _pillow_renderer(layout):
    font = ImageFont.truetype(str(shaping.font_path()), 32, layout_engine=layout)

    def render(text):
        image = Image.new("L", (160, 64), 255)
        ImageDraw.Draw(image).text((20, 8), text, font=font, fill=0)
        return np.asarray(image) < 128

    return render


def test_probe_tells_basic_layout_from_raqm():
    assert shaping._joins_and_runs_rtl(_pillow_renderer(ImageFont.Layout.BASIC)) is False
    assert shaping._joins_and_runs_rtl(_pillow_renderer(ImageFont.Layout.RAQM)) is True


def test_probe_rejects_blank_renderer():
    assert shaping._joins_and_runs_rtl(lambda text: np.zeros((10, 10), bool)) is False


# --- word cloud on both Pillow paths ----------------------------------------------------


def _cloud_similarity(word: str) -> float:
    _fig, ax = plt.subplots()
    charts.plot_wordcloud(
        pd.DataFrame({"term": [word], "score": [1.0]}), width=500, height=160, ax=ax
    )
    rgb = ax.images[0].get_array()
    ink = 1.0 - np.asarray(rgb, dtype=float).mean(axis=2) / 255.0
    ink = _crop(np.clip(ink, 0, 1))
    font = reference_fonts()
    probe = _crop(reference_ink(word, font(100)))
    size = 100 * ink.shape[0] / probe.shape[0]  # same ink height as the cloud's word
    return similarity(ink, reference_ink(word, font(size)))


@pytest.mark.parametrize("word", ["الإمارات", "الانتخابات"])
def test_wordcloud_shaped_with_raqm(word):
    assert shaping.pillow_shapes(), "Pillow has no raqm/FriBiDi: run make shaping-deps"
    assert _cloud_similarity(word) >= THRESHOLD


@pytest.mark.parametrize("word", ["الإمارات", "الانتخابات"])
def test_wordcloud_shaped_without_raqm(word, monkeypatch):
    """Pillow's basic layout (raqm or FriBiDi missing): the recipe makes it right."""
    truetype = ImageFont.truetype

    def basic(*args, **kwargs):  # wordcloud names no engine; the reference asks for raqm
        kwargs.setdefault("layout_engine", ImageFont.Layout.BASIC)
        return truetype(*args, **kwargs)

    monkeypatch.setattr(ImageFont, "truetype", basic)
    monkeypatch.setattr(shaping, "pillow_shapes", lambda: False)
    assert _cloud_similarity(word) >= THRESHOLD
    # and the check discriminates: raw text under basic layout is caught
    monkeypatch.setattr(shaping, "pillow_shapes", lambda: True)
    assert _cloud_similarity(word) < THRESHOLD


# --- chart verbs ----------------------------------------------------------------------


@pytest.fixture
def actors():
    return pd.DataFrame(
        {
            "actor_id": ["a1", "a2", "a3", "a4", "a5"],
            "name": ["الأمم المتحدة", "مصر", "ليبيا", "الاتحاد الأوروبي", "تونس"],
            "actor_type": ["organization", "place", "place", "organization", "place"],
            "n_mentions": [4, 9, 7, 1, 2],
        }
    )


def _ticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_plot_bars_ranks_with_other(actors):
    before = actors.copy()
    _fig, ax = plt.subplots()
    assert charts.plot_bars(actors, top=3, ax=ax) is ax
    expected = ["مصر", "ليبيا", "الأمم المتحدة", charts.OTHER_LABEL]
    assert _ticks(ax) == [charts.prepare_text(n) for n in expected]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [9, 7, 4, 3]  # other = 2 + 1
    assert ax.yaxis.get_ticks_position() == "right" and ax.xaxis_inverted()
    pd.testing.assert_frame_equal(actors, before)


def test_plot_bars_without_other_and_custom_columns():
    data = pd.DataFrame({"outlet": ["BBC", "CNN", "BBC"], "n": [1, 5, 2]})
    _fig, ax = plt.subplots()
    charts.plot_bars(data, x="n", y="outlet", top=1, other=False, ax=ax)
    assert _ticks(ax) == ["CNN"]


def test_plot_bars_names_missing_column(actors):
    with pytest.raises(KeyError, match="n_articles"):
        charts.plot_bars(actors, x="n_articles")


def test_axes_default_is_current_then_new():
    plt.close("all")
    ax = charts.plot_bars(pd.DataFrame({"name": ["مصر"], "n_mentions": [1]}))
    assert ax.figure is plt.gcf()
    assert charts.plot_bars(pd.DataFrame({"name": ["مصر"], "n_mentions": [2]})) is ax


def test_plot_shares_by_group_legend_and_stacking():
    shares = pd.DataFrame(
        {
            "theme": ["economy", "security", "economy", "security"],
            "outlet": ["BBC", "BBC", "CNN", "CNN"],
            "share_articles": [0.2, 0.5, 0.1, 0.4],
            "share_paragraphs": [0.3, 0.1, 0.1, 0.2],
        }
    )
    labels = {"security": "الأمن", "economy": "الاقتصاد"}
    _fig, ax = plt.subplots()
    charts.plot_shares(shares, labels=labels, stacked=True, ax=ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # largest first, in one row read from the right
    assert legend == [charts.prepare_text("الاقتصاد"), charts.prepare_text("الأمن")]
    assert _ticks(ax) == ["BBC", "CNN"]
    # stacked: the second series starts where the first ends
    lefts = sorted(p.get_x() for p in ax.patches)
    assert lefts == pytest.approx([0, 0, 0.4, 0.5])


def test_plot_over_time_fills_empty_periods():
    articles = pd.DataFrame(
        {"published_at": pd.to_datetime(["2021-01-04", "2021-01-04", "2021-03-01"])}
    )
    _fig, ax = plt.subplots()
    charts.plot_over_time(articles, freq="MS", ax=ax)
    (line,) = ax.get_lines()
    assert line.get_ydata().tolist() == [2.0, 0.0, 1.0]


def _events(n: int, days: int = 2) -> pd.DataFrame:
    dates = pd.date_range("2021-03-01", periods=n, freq=f"{days}D")
    return pd.DataFrame(
        {
            "date": dates,
            "date_end": dates,
            "precision": ["day"] * n,
            "sentence": [f"وقّع الطرفان الاتفاق رقم {i} في العاصمة" for i in range(n)],
        }
    )


def test_plot_timeline_labels_do_not_overlap():
    ax = charts.plot_timeline(_events(12))
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 12
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two timeline labels overlap"


def test_plot_timeline_shows_precision():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-03-04", "2021-05-01", "2022-01-01"]),
            "date_end": pd.to_datetime(["2021-03-04", "2021-05-31", "2022-12-31"]),
            "precision": ["day", "month", "year"],
            "sentence": ["حدث", "شهر", "عام"],
        }
    )
    _fig, ax = plt.subplots(figsize=(8, 3))
    charts.plot_timeline(events, ax=ax)
    last_lines = [t.get_text().split("\n")[-1] for t in ax.texts]
    assert last_lines == ["2021-03-04", "2021-05", "2022"]
    spans = [line for line in ax.get_lines() if len(line.get_xdata()) == 2 and line.get_lw() >= 5]
    assert len(spans) == 2  # month and year drawn as spans, the day as a dot


def test_plot_network_labels_and_top():
    edges = pd.DataFrame(
        {
            "source": ["a1", "a1", "a2", "a3"],
            "target": ["a2", "a3", "a3", "a4"],
            "weight": [5, 2, 1, 1],
            "n_articles": [3, 2, 1, 1],
        }
    )
    names = pd.DataFrame({"actor_id": ["a1", "a2", "a3"], "name": ["مصر", "ليبيا", "تونس"]})
    _fig, ax = plt.subplots()
    charts.plot_network(edges, labels=names, top=3, ax=ax)
    assert sorted(t.get_text() for t in ax.texts) == sorted(
        charts.prepare_text(n) for n in ["مصر", "ليبيا", "تونس"]
    )


# --- style and export ------------------------------------------------------------------


def test_use_style_eastern_digits(actors):
    charts.use_style(eastern_digits=True)
    fig, ax = plt.subplots()
    charts.plot_bars(actors, ax=ax)
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(not any(c.isascii() and c.isdigit() for c in t) for t in ticks)
    assert any(c in "٠١٢٣٤٥٦٧٨٩" for t in ticks for c in t)
    assert mpl.rcParams["axes.titlelocation"] == "right"
    assert mpl.rcParams["font.family"][:2] == ["Noto Sans Arabic", "DejaVu Sans"]


def _report_figure():
    charts.use_style()
    fig, ax = plt.subplots(figsize=(4, 2.5))
    data = pd.DataFrame(
        {"name": ["الإمارات", "مصر", "وزير الخارجية (FM)"], "n_mentions": [3, 2, 1]}
    )
    charts.plot_bars(data, title="أبرز الفاعلين عام 2021", ax=ax)
    return fig


def test_save_figure_is_byte_identical(tmp_path):
    first = charts.save_figure(_report_figure(), "actors", directory=tmp_path / "one")
    plt.close("all")
    second = charts.save_figure(_report_figure(), "actors", directory=tmp_path / "two")
    assert [p.name for p in first] == ["actors.png", "actors.svg", "actors.pdf"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between runs"


def test_save_figure_formats(tmp_path):
    png, svg, pdf = charts.save_figure(_report_figure(), "fig", directory=tmp_path)
    dpi = Image.open(io.BytesIO(png.read_bytes())).info["dpi"]
    assert round(dpi[0]) == 300
    svg_text = svg.read_text()
    assert "<text" not in svg_text and "<path" in svg_text  # text as outlines
    pdf_bytes = pdf.read_bytes()
    assert b"/FontFile2" in pdf_bytes and b"/Type3" not in pdf_bytes  # TrueType (Type 42)
    assert b"NotoSansArabic" in pdf_bytes


def test_save_figure_rejects_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="eps"):
        charts.save_figure(_report_figure(), "fig", directory=tmp_path, formats=("eps",))


@pytest.mark.skipif(not shaping.matplotlib_shapes(), reason="matplotlib <= 3.10 draws the recipe")
def test_pdf_text_extracts_in_logical_order(tmp_path):
    """Labels extract from the PDF as their logical Arabic (U+200D where a letter
    is drawn as several glyphs); pypdf itself orders the words of a line LTR."""
    import pypdf

    charts.use_style()
    _, ax = plt.subplots(figsize=(4, 2))
    names = ["تونس", "الإمارات", "مُحَمَّد"]
    charts.plot_bars(pd.DataFrame({"name": names, "n_mentions": [3, 2, 1]}), ax=ax)
    (pdf,) = charts.save_figure(ax.figure, "fig", directory=tmp_path, formats=("pdf",))
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    lines = [line.strip() for line in text.replace("\u200d", "").split("\n")]
    assert all(name in lines for name in names), text

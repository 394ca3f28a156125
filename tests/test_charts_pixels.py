"""Pixel proof that akhbar's charts show Arabic shaped and in reading order.

Each string of a battery is drawn through akhbar's chart functions as a title, a tick
label, a legend entry and an annotation, each in its own pure colour, saved with
``save_figure`` as PNG, PDF and SVG, and rasterised (PDF with pypdfium2, SVG with
resvg). The ink of each colour is compared with an independent reference: the same
logical string in the same font at the same pixel size, laid out by Pillow with raqm
(HarfBuzz + FriBiDi). Both are cropped to their ink; the score is the best correlation
of the two images over shifts of a few pixels, times the ratio of their widths.

A correct rendering scores well above ``THRESHOLD``; the same strings reversed (the
reshape-and-reorder recipe on a renderer that shapes by itself) or unshaped (raw text on
one that does not) score well below. ``test_wrong_preparation_fails`` proves that
on whichever matplotlib runs the suite (``make test`` runs it on the current one and
on 3.10). ``benchmarks/bench_shaping.py`` prints the scores and margins.
"""

from __future__ import annotations

import io
from pathlib import Path

import akhbar.charts as charts
import matplotlib
import numpy as np
import pandas as pd
import pytest
from akhbar import shaping
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

#: the battery: single words, lam-alef, digits, punctuation, mixed Latin
STRINGS = {
    "word": "الأخبار",
    "lam_alef": "الإمارات",
    "latin_digits": "عام 2021",
    "eastern_digits": "عام ٢٠٢١",
    "punctuation": "قمة (الرياض)، غداً؟",
    "mixed": "وزير الخارجية (FM)",
}
#: role -> pure RGB colour its text is drawn in
ROLES = {
    "title": (1.0, 0.0, 0.0),
    "tick_label": (0.0, 0.0, 1.0),
    "legend": (0.0, 1.0, 0.0),
    "annotation": (1.0, 0.0, 1.0),
}
FORMATS = ("png", "pdf", "svg")
#: correct renderings score above, reversed and unshaped ones below (see the benchmark)
THRESHOLD = 0.75
DPI = 150


@pytest.fixture(autouse=True)
def _restore_style():
    """use_style() changes global rcParams: give them back to the rest of the suite."""
    with matplotlib.rc_context():
        yield


# --- rendering -----------------------------------------------------------------------


def draw_battery_figure(text: str):
    """A small figure with ``text`` as title, tick label, legend entry and annotation."""
    import matplotlib.pyplot as plt

    charts.use_style()
    fig, (bars, shares, events) = plt.subplots(
        3, 1, figsize=(4.2, 4.6), gridspec_kw={"height_ratios": [1, 1, 1.2]}
    )
    charts.plot_bars(
        pd.DataFrame({"name": [text], "n_mentions": [3]}),
        title=text,
        color="0.75",
        values=False,
        ax=bars,
    )
    bars._right_title.set_color(ROLES["title"])  # set_title(loc="right") draws this one
    bars.tick_params(axis="y", labelcolor=ROLES["tick_label"])
    charts.plot_shares(
        pd.DataFrame({"theme": [text], "share_articles": [0.4]}), palette=["0.75"], ax=shares
    )
    shares.get_legend().get_texts()[0].set_color(ROLES["legend"])
    charts.plot_timeline(
        pd.DataFrame(
            {
                "date": pd.to_datetime(["2021-03-04"]),
                "date_end": pd.to_datetime(["2021-03-04"]),
                "precision": ["day"],
                "sentence": [text],
            }
        ),
        dates=False,
        color="0.4",
        ax=events,
    )
    events.texts[0].set_color(ROLES["annotation"])
    fig.tight_layout()
    sizes = {
        "title": bars._right_title.get_fontsize(),
        "tick_label": bars.get_yticklabels()[0].get_fontsize(),
        "legend": shares.get_legend().get_texts()[0].get_fontsize(),
        "annotation": events.texts[0].get_fontsize(),
    }
    return fig, sizes


def rasterise(path: Path) -> np.ndarray:
    """RGB array of a saved PNG, PDF (pypdfium2) or SVG (resvg), at ``DPI``."""
    if path.suffix == ".png":
        return np.asarray(Image.open(path).convert("RGB"))
    if path.suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            image = pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")
        finally:
            pdf.close()
        return np.asarray(image)
    if path.suffix == ".svg":
        import resvg_py

        data = resvg_py.svg_to_bytes(svg_path=str(path), dpi=DPI, background="white")
        return np.asarray(Image.open(io.BytesIO(bytes(data))).convert("RGB"))
    raise ValueError(f"{path}: expected .png, .pdf or .svg")


def colour_ink(rgb: np.ndarray, colour: tuple[float, float, float]) -> np.ndarray:
    """Ink coverage (0..1) of one pure colour drawn on white, other colours ignored.

    A colour c drawn with coverage a over white gives 255 - a * (255 - 255 c) in each
    channel; the channels that c leaves at 0 drop together, the others stay put.
    """
    depth = 1.0 - rgb.astype(float) / 255.0  # a * (1 - c) per channel
    target = 1.0 - np.asarray(colour)  # 1 where the colour has no such channel
    on = target > 0.5
    coverage = depth[..., on].mean(axis=-1) / target[on].mean()
    stray = np.abs(depth[..., ~on]).max(axis=-1) if (~on).any() else 0.0
    # the channels the colour keeps must stay near white, the others must drop together
    spread = depth[..., on].max(axis=-1) - depth[..., on].min(axis=-1)
    keep = (stray < 0.25 * np.maximum(coverage, 0.2)) & (spread < 0.35)
    return np.where(keep, np.clip(coverage, 0, 1), 0.0)


@pytest.fixture(scope="module")
def reference_font():
    """Pillow fonts with raqm layout, by pixel size: the independent reference renderer."""
    if not shaping.pillow_shapes():
        pytest.fail(
            "Pillow cannot shape Arabic here (raqm or FriBiDi missing): the reference "
            "renderer needs it (Debian: apt-get install libfribidi0)"
        )
    return reference_fonts()


def reference_fonts():
    fonts: dict[int, ImageFont.FreeTypeFont] = {}

    def font(size: float) -> ImageFont.FreeTypeFont:
        key = round(size)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(
                str(shaping.font_path()), key, layout_engine=ImageFont.Layout.RAQM
            )
        return fonts[key]

    return font


def reference_ink(text: str, font: ImageFont.FreeTypeFont) -> np.ndarray:
    """The logical string laid out by Pillow with raqm, as ink coverage 0..1."""
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 40, bottom - top + 40), 0)
    ImageDraw.Draw(image).text((20 - left, 20 - top), text, font=font, fill=255)
    return np.asarray(image, dtype=float) / 255.0


# --- comparison ----------------------------------------------------------------------


def _crop(ink: np.ndarray, floor: float = 0.25) -> np.ndarray:
    rows = np.nonzero((ink > floor).any(axis=1))[0]
    cols = np.nonzero((ink > floor).any(axis=0))[0]
    if rows.size == 0:
        return ink[:0, :0]
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def similarity(ink: np.ndarray, reference: np.ndarray, *, shift: int = 3) -> float:
    """Best correlation of two ink images over small shifts, times their width ratio.

    Both are drawn at the same pixel size: cropped to ink, ``ink`` stretched to the
    reference's width (advances round differently between rasterisers; the width ratio
    is kept as a factor), blurred a little, padded to a common size, and correlated
    at offsets up to ``shift`` pixels. 1 for the same
    picture; reversed or unshaped text scores far lower.
    """
    a, b = _crop(ink), _crop(reference)
    if a.size == 0 or b.size == 0:
        return 0.0
    ratio = min(a.shape[1], b.shape[1]) / max(a.shape[1], b.shape[1])
    # advances round differently from one rasteriser to another: stretch to one width
    a = (
        np.asarray(
            Image.fromarray((a * 255).astype(np.uint8)).resize(
                (b.shape[1], a.shape[0]), Image.BILINEAR
            ),
            dtype=float,
        )
        / 255.0
    )
    height = max(a.shape[0], b.shape[0]) + 2 * shift
    width = max(a.shape[1], b.shape[1]) + 2 * shift
    a, b = _padded(a, height, width), _padded(b, height, width)
    best = 0.0
    for dy in range(-shift, shift + 1):
        for dx in range(-shift, shift + 1):
            x = np.roll(a, (dy, dx), axis=(0, 1)).ravel()
            y = b.ravel()
            x, y = x - x.mean(), y - y.mean()
            denominator = np.sqrt((x * x).sum() * (y * y).sum())
            if denominator:
                best = max(best, float((x * y).sum() / denominator))
    return best * ratio


def _padded(ink: np.ndarray, height: int, width: int) -> np.ndarray:
    canvas = np.zeros((height, width))
    top, left = (height - ink.shape[0]) // 2, (width - ink.shape[1]) // 2
    canvas[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    image = Image.fromarray((canvas * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1))
    return np.asarray(image, dtype=float) / 255.0


def battery_scores(directory: Path, font, *, strings=STRINGS) -> pd.DataFrame:
    """One row per (string, format, role): the similarity score of the rendering."""
    rows = []
    for key, text in strings.items():
        fig, sizes = draw_battery_figure(text)
        paths = charts.save_figure(fig, key, directory=directory, formats=FORMATS, dpi=DPI)
        matplotlib.pyplot.close(fig)
        references = {r: reference_ink(text, font(size * DPI / 72)) for r, size in sizes.items()}
        for path in paths:
            rgb = rasterise(path)
            for role, colour in ROLES.items():
                score = similarity(colour_ink(rgb, colour), references[role])
                rows.append(
                    {"string": key, "format": path.suffix[1:], "role": role, "score": score}
                )
    return pd.DataFrame(rows)


# --- tests ---------------------------------------------------------------------------


def test_reference_is_shaped(reference_font):
    """The reference itself joins letters and runs right to left."""
    assert features.check("raqm")
    joined = _crop(reference_ink("بب", reference_font(40)))
    single = _crop(reference_ink("ب", reference_font(40)))
    assert joined.shape[1] < 1.75 * single.shape[1]


def test_similarity_separates_reference_from_its_mirror(reference_font):
    ink = reference_ink(STRINGS["lam_alef"], reference_font(30))
    assert similarity(ink, ink) > 0.99
    assert similarity(ink[:, ::-1], ink) < THRESHOLD


@pytest.mark.parametrize("key", list(STRINGS))
def test_charts_render_arabic_correctly(key, reference_font, tmp_path):
    """Every string, in every role and format, matches the raqm reference."""
    scores = battery_scores(tmp_path, reference_font, strings={key: STRINGS[key]})
    bad = scores[scores["score"] < THRESHOLD]
    assert len(scores) == len(ROLES) * len(FORMATS)
    assert bad.empty, f"renderings unlike the reference:\n{bad.to_string()}"


def wrong_preparation():
    """The preparation detection rejected: identity on <= 3.10, the recipe on >= 3.11."""
    if shaping.matplotlib_shapes():
        return "recipe", lambda s: shaping.prepare_text(s, native=False)
    return "identity", lambda s: s


def test_wrong_preparation_fails(reference_font, tmp_path, monkeypatch):
    """The proof discriminates: with the other preparation every rendering fails.

    On matplotlib <= 3.10 the identity leaves letters isolated and left to right; on
    >= 3.11 the recipe comes out reversed. ``make test`` runs both.
    """
    name, variant = wrong_preparation()
    monkeypatch.setattr(charts, "prepare_text", variant)
    strings = {k: STRINGS[k] for k in ("word", "lam_alef", "mixed")}
    scores = battery_scores(tmp_path, reference_font, strings=strings)
    good = scores[scores["score"] >= THRESHOLD]
    assert good.empty, f"{name} instead of prepare_text passed:\n{good.to_string()}"


def test_detection_agrees_with_known_releases():
    """matplotlib wheels >= 3.11 bundle libraqm and shape; <= 3.10 do not."""
    version = tuple(int(p) for p in matplotlib.__version__.split(".")[:2])
    assert shaping.matplotlib_shapes() == (version >= (3, 11))

"""Print the pixel-test scores of correct, reversed and unshaped Arabic chart text.

Runs the battery of ``tests/test_charts_pixels.py`` (6 strings x 4 roles x PNG, PDF,
SVG) through akhbar's charts twice: with ``prepare_text`` as detected, and with the
preparation detection rejected (the recipe on a matplotlib that shapes, which comes
out reversed; the raw string on one that does not, which comes out unshaped). Then
the same comparison on Pillow layouts of the reference strings, to show both kinds of
failure on any matplotlib: raw text under basic layout (unshaped, left to right) and
the recipe under raqm (reversed).

    .venv/bin/python benchmarks/bench_shaping.py          # matplotlib >= 3.11
    .venv-mpl310/bin/python benchmarks/bench_shaping.py   # matplotlib 3.10

Takes about 30 seconds.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import numpy as np
import pandas as pd
import test_charts_pixels as pixels
from akhbar import charts, shaping
from PIL import Image, ImageDraw, ImageFont


def pillow_ink(text: str, size: int, layout) -> np.ndarray:
    font = ImageFont.truetype(str(shaping.font_path()), size, layout_engine=layout)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 40, bottom - top + 40), 0)
    ImageDraw.Draw(image).text((20 - left, 20 - top), text, font=font, fill=255)
    return np.asarray(image, dtype=float) / 255.0


def pillow_scores() -> pd.DataFrame:
    fonts = pixels.reference_fonts()
    rows = []
    for key, text in pixels.STRINGS.items():
        reference = pixels.reference_ink(text, fonts(29))
        recipe = shaping.prepare_text(text, native=False)
        variants = {
            "correct (recipe, basic layout)": pillow_ink(recipe, 29, ImageFont.Layout.BASIC),
            "unshaped (raw, basic layout)": pillow_ink(text, 29, ImageFont.Layout.BASIC),
            "reversed (recipe, raqm)": pillow_ink(recipe, 29, ImageFont.Layout.RAQM),
        }
        for variant, ink in variants.items():
            rows.append(
                {"string": key, "variant": variant, "score": pixels.similarity(ink, reference)}
            )
    return pd.DataFrame(rows)


def main() -> None:
    pd.set_option("display.width", 120)
    print(
        f"matplotlib {matplotlib.__version__}: shapes Arabic itself: {shaping.matplotlib_shapes()}"
    )
    print(f"Pillow shapes Arabic (raqm): {shaping.pillow_shapes()}")
    print(f"threshold {pixels.THRESHOLD}\n")
    fonts = pixels.reference_fonts()
    with tempfile.TemporaryDirectory() as folder:
        good = pixels.battery_scores(Path(folder), fonts)
        name, variant = pixels.wrong_preparation()
        charts.prepare_text = variant
        bad = pixels.battery_scores(Path(folder), fonts)
    kind = "reversed" if name == "recipe" else "unshaped"
    for label, scores, worst in (
        ("prepare_text (correct)", good, "min"),
        (f"{name} ({kind})", bad, "max"),
    ):
        print(f"== charts with {label}: score by string and format ({worst} over 4 roles)")
        table = scores.pivot_table(index="string", columns="format", values="score", aggfunc=worst)
        print(table.round(3))
        print()
    low, high = good["score"].min(), bad["score"].max()
    print(f"correct: min {low:.3f}   {kind}: max {high:.3f}")
    print(
        f"margins: correct - threshold {low - pixels.THRESHOLD:+.3f}, "
        f"threshold - {kind} {pixels.THRESHOLD - high:+.3f}\n"
    )
    pillow = pillow_scores()
    print("== Pillow layouts of the same strings (29 px)")
    print(pillow.pivot_table(index="string", columns="variant", values="score").round(3))
    print(pillow.groupby("variant")["score"].agg(["min", "max"]).round(3))


if __name__ == "__main__":
    main()

"""Arabic shaping for charts: which renderer shapes by itself, and what to give it.

Arabic letters take a different form at the start, middle and end of a word
(shaping) and words run right to left (bidi). matplotlib >= 3.11 and Pillow built
with raqm do both; matplotlib <= 3.10, and Pillow when libraqm or FriBiDi cannot be
loaded, draw isolated letters left to right. Such renderers need the logical string
reshaped into presentation forms and reordered into visual order
(``get_display(arabic_reshaper.reshape(s))``), which in turn comes out reversed on a
renderer that shapes by itself.

Which case holds is decided by behaviour, once per process: a tiny layout probe draws
``بب`` (two joined behs are narrower than two isolated ones) and ``اب`` (in right to
left order the tall alef is on the right). Data in DataFrames always stays in logical
order; only the strings handed to a renderer go through :func:`prepare_text`.

The chart font is Noto Sans Arabic (SIL Open Font License 1.1, from the PyPI package
``fontpkg-noto-sans-arabic``), with DejaVu Sans (bundled with matplotlib) as the
per-glyph fallback for symbols it lacks.

>>> prepare_text("Reuters")
'Reuters'
>>> shaped = prepare_text("عام 2021")
>>> shaped == "عام 2021" or shaped == prepare_text("عام 2021", native=False)
True
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Literal

import numpy as np

__all__ = [
    "FONT_FAMILY",
    "FONT_LICENSE",
    "font_path",
    "matplotlib_shapes",
    "pillow_shapes",
    "prepare_text",
    "register_fonts",
]

#: matplotlib font family list: the Arabic font first, DejaVu Sans for missing glyphs
FONT_FAMILY: list[str] = ["Noto Sans Arabic", "DejaVu Sans"]
#: licence of the bundled chart font, for reports' colophons
FONT_LICENSE = "Noto Sans Arabic, SIL Open Font License 1.1 (fontpkg-noto-sans-arabic)"

_FONT_PACKAGE = "fontpkg_noto_sans_arabic"
_PROBE_JOIN = "\u0628\u0628"  # بب: joined, narrower than two isolated behs
_PROBE_SINGLE = "\u0628"  # ب
_PROBE_ORDER = "\u0627\u0628"  # اب: alef first, so on the right in RTL order


@functools.cache
def font_path() -> Path:
    """Path of the Noto Sans Arabic font file shipped by ``fontpkg-noto-sans-arabic``.

    >>> font_path().suffix
    '.ttf'
    """
    folder = importlib.resources.files(_FONT_PACKAGE) / "files"
    fonts = sorted(str(p) for p in folder.iterdir() if str(p).endswith((".ttf", ".otf")))
    if not fonts:
        raise FileNotFoundError(
            f"{folder}: expected a .ttf font file in package {_FONT_PACKAGE!r} "
            "(pip install fontpkg-noto-sans-arabic)"
        )
    return Path(fonts[0])


@functools.cache
def register_fonts() -> list[str]:
    """Make the Arabic font known to matplotlib (once) and return :data:`FONT_FAMILY`.

    matplotlib's font cache does not see fonts installed after it was built, so the
    file is added to ``font_manager.fontManager`` directly.

    >>> register_fonts()
    ['Noto Sans Arabic', 'DejaVu Sans']
    """
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return list(FONT_FAMILY)


def _joins_and_runs_rtl(render) -> bool:
    """Decide from three ink masks whether a renderer shapes and reorders Arabic."""
    single, joined, order = (_crop(render(s)) for s in (_PROBE_SINGLE, _PROBE_JOIN, _PROBE_ORDER))
    if single.size == 0 or joined.size == 0 or order.size == 0:
        return False
    joins = joined.shape[1] < 1.75 * single.shape[1]
    # the alef is the only ink in the top third of "اب": right half means RTL
    top = order[: max(1, order.shape[0] // 3)]
    columns = np.nonzero(top.any(axis=0))[0]
    rtl = columns.size > 0 and columns.mean() > order.shape[1] / 2
    return bool(joins and rtl)


def _crop(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if rows.size == 0:
        return mask[:0, :0]
    return mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _render_matplotlib(text: str) -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1.5, 0.6), dpi=100)
    canvas = FigureCanvasAgg(figure)
    figure.text(0.1, 0.25, text, fontsize=24, family=register_fonts())
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., 0] < 128


def _render_pillow(text: str) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path()), 32)
    image = Image.new("L", (160, 64), 255)
    ImageDraw.Draw(image).text((20, 8), text, font=font, fill=0)
    return np.asarray(image) < 128


@functools.cache
def matplotlib_shapes() -> bool:
    """True when the active matplotlib shapes and reorders Arabic by itself.

    Decided once per process by drawing a probe with the Agg renderer.

    >>> isinstance(matplotlib_shapes(), bool)
    True
    """
    return _joins_and_runs_rtl(_render_matplotlib)


@functools.cache
def pillow_shapes() -> bool:
    """True when Pillow's default text layout shapes and reorders Arabic (raqm loaded).

    ``PIL.features.check("raqm")`` is only a hint: raqm needs FriBiDi at run time and
    Pillow silently falls back to basic layout without it, so a probe decides.

    >>> isinstance(pillow_shapes(), bool)
    True
    """
    return _joins_and_runs_rtl(_render_pillow)


@functools.cache
def _reshaper():
    import arabic_reshaper

    # keep tashkeel (the default deletes it: مُحَمَّد would lose its shadda)
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def _recipe(text: str) -> str:
    # bidi.algorithm (python-bidi's reference implementation) mirrors brackets in
    # right-to-left runs; the default bidi.get_display of python-bidi 0.5+ does not,
    # and "(الرياض)" would come out as ")الرياض(".
    from bidi.algorithm import get_display

    reshaper = _reshaper()
    return "\n".join(get_display(reshaper.reshape(line)) for line in text.split("\n"))


def prepare_text(
    text: str,
    *,
    renderer: Literal["matplotlib", "pillow"] = "matplotlib",
    native: bool | None = None,
) -> str:
    """Return what to give the renderer so that logical-order ``text`` reads correctly.

    Unchanged where the renderer shapes Arabic by itself; otherwise reshaped into
    presentation forms and reordered into visual order, line by line. ASCII-only text
    is always returned unchanged. Keep data in logical order and call this only on the
    strings handed to a renderer (labels, titles, legend entries, annotations).

    Parameters
    ----------
    text : str
        A label in logical (typing) order.
    renderer : {"matplotlib", "pillow"}
        The renderer the string is for (``"pillow"`` for word clouds).
    native : bool, optional
        Override the detection: True to pass ``text`` through, False to apply the
        reshape-and-reorder recipe.

    Examples
    --------
    >>> prepare_text("بب", native=True)
    'بب'
    >>> [hex(ord(c)) for c in prepare_text("بب", native=False)]
    ['0xfe90', '0xfe91']
    """
    if text.isascii():
        return text
    if native is None:
        native = pillow_shapes() if renderer == "pillow" else matplotlib_shapes()
    return text if native else _recipe(text)

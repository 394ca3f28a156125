"""Report-ready chart style and reproducible figure export.

:func:`use_style` sets matplotlib's defaults for Arabic reports (the Arabic font with
DejaVu Sans as fallback, readable sizes, titles on the right); :func:`save_figure`
writes PNG (300 dpi), PDF (fonts embedded as TrueType, Type 42) and SVG (text as
paths, so any viewer shows the shaped glyphs) that are byte-identical across runs.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.ticker as mticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from akhbar.shaping import matplotlib_shapes, register_fonts

__all__ = ["EasternDigitFormatter", "apply_digits", "save_figure", "to_eastern_digits", "use_style"]

#: rcParams that make saved files reproducible and self-contained
EXPORT_RC: dict[str, Any] = {
    "savefig.dpi": 300,
    "pdf.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "akhbar",
}

_EASTERN = str.maketrans("0123456789.,%-", "٠١٢٣٤٥٦٧٨٩٫٬٪\u2212")
_STATE = {"eastern_digits": False}


def to_eastern_digits(text: str) -> str:
    """Write ASCII digits and number punctuation as Eastern Arabic ones.

    >>> to_eastern_digits("1,250.5 (12%)")
    '١٬٢٥٠٫٥ (١٢٪)'
    """
    return text.translate(_EASTERN)


class EasternDigitFormatter(mticker.Formatter):
    """Wrap a tick formatter so that its labels use Eastern Arabic digits."""

    def __init__(self, inner: mticker.Formatter):
        self.inner = inner

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)

    def format_ticks(self, values) -> list[str]:
        return [to_eastern_digits(label) for label in self.inner.format_ticks(values)]

    def __call__(self, x, pos=None) -> str:
        return to_eastern_digits(self.inner(x, pos))

    def get_offset(self) -> str:
        return to_eastern_digits(self.inner.get_offset())


def apply_digits(ax: Axes, *, axis: str = "both") -> Axes:
    """Switch numeric tick labels of ``ax`` to Eastern digits when the style asks for it.

    Called by every akhbar chart; a no-op unless ``use_style(eastern_digits=True)``.
    """
    if not _STATE["eastern_digits"]:
        return ax
    axes = [ax.xaxis, ax.yaxis] if axis == "both" else [getattr(ax, f"{axis}axis")]
    for which in axes:
        formatter = which.get_major_formatter()
        if not isinstance(formatter, EasternDigitFormatter | mticker.FixedFormatter):
            which.set_major_formatter(EasternDigitFormatter(formatter))
    return ax


def use_style(*, eastern_digits: bool = False, font_scale: float = 1.0) -> dict[str, Any]:
    """Set matplotlib defaults for Arabic report charts and return the changed rcParams.

    The Arabic font (Noto Sans Arabic, SIL OFL 1.1) with DejaVu Sans as per-glyph
    fallback, sizes readable at report width, titles aligned right, no top/right
    spines, export settings of :func:`save_figure`. With ``eastern_digits=True``
    akhbar charts label numeric ticks with Eastern Arabic digits (٠١٢٣).

    >>> rc = use_style()
    >>> rc["axes.titlelocation"], rc["font.family"][0]
    ('right', 'Noto Sans Arabic')
    """
    rc: dict[str, Any] = {
        "font.family": register_fonts(),
        "font.size": 11 * font_scale,
        "axes.titlesize": 14 * font_scale,
        "axes.titlelocation": "right",
        "axes.titlepad": 10,
        "axes.labelsize": 11 * font_scale,
        "xtick.labelsize": 10 * font_scale,
        "ytick.labelsize": 10 * font_scale,
        "legend.fontsize": 10 * font_scale,
        "legend.frameon": False,
        "figure.titlesize": 15 * font_scale,
        "figure.figsize": (8, 4.5),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": True,
        **EXPORT_RC,
    }
    mpl.rcParams.update(rc)
    _STATE["eastern_digits"] = bool(eastern_digits)
    return rc


_RTL = frozenset({"R", "AL"})
_PDF_SAFE = frozenset({"R", "AL", "NSM", "AN", "EN", "WS"})


def _mixed_direction(text: str) -> bool:
    """True for right-to-left text with neutral or left-to-right characters in it."""
    classes = {unicodedata.bidirectional(c) for c in text if c != "\n"}
    return bool(classes & _RTL) and not classes <= _PDF_SAFE


@contextlib.contextmanager
def _pdf_mixed_text_as_paths(fig: Figure) -> Iterator[None]:
    """Draw mixed-direction labels as outlines while a PDF is written.

    matplotlib 3.11 lays such labels out correctly but misplaces their glyphs in
    PDF text objects (``قمة (الرياض)`` prints with the bracket inside the word in
    every viewer; pure Arabic, digits and Latin are fine). A path effect makes the
    PDF backend draw the laid-out outlines instead: such labels look right but are
    not selectable text. The pixel test in ``tests/test_charts_pixels.py`` guards it.
    """
    from matplotlib import patheffects
    from matplotlib.text import Text

    changed = []
    for text in fig.findobj(Text):
        if text.get_visible() and not text.get_path_effects():
            if _mixed_direction(text.get_text()):
                text.set_path_effects([patheffects.Normal()])
                changed.append(text)
    try:
        yield
    finally:
        for text in changed:
            text.set_path_effects([])


class _TrackedGlyph:
    """A laid-out glyph as the PDF backend reads it, with the character it stands for."""

    __slots__ = ("char", "ft_object", "glyph_index", "prev_kern", "x", "y")

    def __init__(self, item, char: str):
        self.ft_object, self.glyph_index, self.char = item.ft_object, item.glyph_index, char
        self.x, self.y, self.prev_kern = item.x, item.y, item.prev_kern


@contextlib.contextmanager
def _pdf_one_letter_per_glyph_cluster() -> Iterator[None]:
    """Map the extra glyphs of a letter (its dots, its hamza) to U+200D in the PDF.

    Noto Sans Arabic draws ت as a body and a two-dot glyph. matplotlib 3.11 maps
    every glyph to the letter of its cluster in the PDF's ToUnicode map, so text
    extraction doubles letters (تونس -> تتوننس). While a PDF is written, a glyph with
    no advance that repeats its neighbour's (non-combining) letter is recorded as
    ZERO WIDTH JOINER instead: extraction gives تونس with a U+200D inside, which
    reads and normalises (``akhbar.normalize``) as تونس. Drawing is unchanged. Private matplotlib API:
    without it (other matplotlib versions) nothing is changed.
    """
    try:
        from matplotlib import _text_helpers
        from matplotlib.ft2font import LoadFlags

        original = _text_helpers.layout
    except (ImportError, AttributeError):
        yield
        return

    def layout(string, font, *, features=None, language=None):
        items = list(
            font._layout(string, LoadFlags.NO_HINTING, features=features, language=language)
        )
        for i, item in enumerate(items):
            glyph = item.ft_object.load_glyph(item.glyph_index, flags=LoadFlags.NO_HINTING)
            char = item.char
            neighbours = [items[j].char for j in (i - 1, i + 1) if 0 <= j < len(items)]
            if (
                glyph.linearHoriAdvance == 0
                and char in neighbours
                and not unicodedata.combining(char[0])
            ):
                char = "\u200d"
            yield _TrackedGlyph(item, char)

    _text_helpers.layout = layout
    try:
        yield
    finally:
        _text_helpers.layout = original


def save_figure(
    fig: Figure,
    name: str,
    *,
    directory: str | Path = "figures",
    formats: Iterable[str] = ("png", "svg", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Write ``fig`` as ``directory/name.<format>`` for each format; return the paths.

    PNG at ``dpi`` (300), PDF with fonts embedded as TrueType (Type 42), SVG with text
    as paths (shaped glyphs, no font needed by the viewer). On matplotlib >= 3.11,
    labels that mix right-to-left with neutral or Latin characters, e.g.
    ``وزير الخارجية (FM)``, go into the PDF as outlines (a matplotlib PDF
    bug misplaces their glyphs); other PDF text stays selectable and extracts in
    logical order, with U+200D where a letter is drawn as several glyphs. No dates or random ids go
    into the files, so the same figure gives the same bytes on every run.

    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> paths = save_figure(fig, "demo", directory=tempfile.mkdtemp(), formats=("svg",))
    >>> [p.name for p in paths]
    ['demo.svg']
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    paths = []
    with mpl.rc_context(EXPORT_RC):
        for fmt in formats:
            fmt = fmt.lower().lstrip(".")
            if fmt not in metadata:
                raise ValueError(f"save_figure: format {fmt!r} not supported; use png, svg or pdf")
            path = directory / f"{name}.{fmt}"
            with contextlib.ExitStack() as guards:
                if fmt == "pdf" and matplotlib_shapes():
                    guards.enter_context(_pdf_mixed_text_as_paths(fig))
                    guards.enter_context(_pdf_one_letter_per_glyph_cluster())
                fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt], bbox_inches="tight")
            paths.append(path)
    return paths

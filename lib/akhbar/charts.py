"""Charts of actors, themes and timelines with correctly shaped Arabic labels.

Every function takes a tidy DataFrame first and options as keywords, draws on ``ax``
(or the current axes, or a new figure), passes every text through
:func:`prepare_text`, and returns the Axes. The data is never modified. Column names
default to what akhbar's analysis functions return, so ``plot_bars(count_actors(...))``
just works, and any tidy frame works by naming its columns.

>>> import pandas as pd
>>> actors = pd.DataFrame({"name": ["الأمم المتحدة", "مصر"], "n_mentions": [5, 3]})
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> ax = plot_bars(actors, ax=ax)
>>> [t.get_text() for t in ax.get_yticklabels()] == [prepare_text(n) for n in actors["name"]]
True
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Mapping
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from akhbar.figures import apply_digits, save_figure, to_eastern_digits, use_style
from akhbar.shaping import FONT_FAMILY, font_path, prepare_text, register_fonts

__all__ = [
    "FONT_FAMILY",
    "OTHER_LABEL",
    "plot_bars",
    "plot_network",
    "plot_over_time",
    "plot_shares",
    "plot_timeline",
    "plot_wordcloud",
    "prepare_text",
    "save_figure",
    "to_eastern_digits",
    "use_style",
]

#: label of the bar that sums everything below the top N
OTHER_LABEL = "أخرى"
_GREY = "#9e9e9e"


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    """``ax``, else the current axes, else a new figure of ``figsize`` (seaborn's rule)."""
    register_fonts()
    if ax is not None:
        return ax
    if plt.get_fignums() and plt.gcf().axes:
        return plt.gca()
    return plt.figure(figsize=figsize).add_subplot()


def _font(ax: Axes) -> list[str]:
    family = register_fonts()
    ax.tick_params(labelfontfamily=family)
    return family


def _require(data: pd.DataFrame, columns: list[str | None], function: str) -> None:
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise KeyError(
            f"{function}: column(s) {missing} not in the data (columns: {list(data.columns)}); "
            "name the right ones with the keyword options"
        )


def _finish(ax: Axes, *, title: str | None, xlabel: str | None, ylabel: str | None) -> Axes:
    family = _font(ax)
    if title is not None:
        ax.set_title(prepare_text(title), fontfamily=family, loc="right")
    if xlabel is not None:
        ax.set_xlabel(prepare_text(xlabel), fontfamily=family)
    if ylabel is not None:
        ax.set_ylabel(prepare_text(ylabel), fontfamily=family)
    return ax


def _legend(ax: Axes, **kwargs: Any) -> None:
    """Legend for right-to-left readers: markers after labels, first entry rightmost."""
    family = register_fonts()
    handles, labels = ax.get_legend_handles_labels()
    if kwargs.get("ncols", 1) >= len(handles) > 1:  # one row: read from the right
        handles, labels = handles[::-1], labels[::-1]
    legend = ax.legend(
        handles,
        labels,
        markerfirst=False,
        alignment="right",
        prop={"family": family},
        **kwargs,
    )
    if legend.get_title().get_text():
        legend.get_title().set_fontfamily(family)


def _label(value: Any) -> str:
    """Group label: months of a datetime column as 2021-03, other values as text."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m") if value.day == 1 else value.strftime("%Y-%m-%d")
    return str(value)


def plot_bars(
    data: pd.DataFrame,
    *,
    x: str = "n_mentions",
    y: str = "name",
    top: int = 15,
    other: bool = True,
    other_label: str = OTHER_LABEL,
    color: Any = "C0",
    title: str | None = None,
    xlabel: str | None = None,
    values: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Ranked horizontal bars, largest first, category labels on the right.

    Rows with the same ``y`` are summed; beyond ``top`` they are summed into one grey
    bar labelled ``other_label`` when ``other`` is True. Bars grow from right to left,
    the reading direction of the labels.

    Parameters
    ----------
    data : DataFrame
        e.g. ``count_actors`` output (``name``, ``n_mentions``).
    x, y : str
        Value and category columns.
    top : int
        Number of bars before "other".

    Examples
    --------
    >>> import pandas as pd
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_bars(pd.DataFrame({"name": list("abc"), "n_mentions": [1, 3, 2]}), top=2, ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()] == ["b", "c", prepare_text("أخرى")]
    True
    """
    _require(data, [x, y], "plot_bars")
    totals = data.groupby(y, sort=False)[x].sum().sort_values(ascending=False, kind="stable")
    labels = [str(v) for v in totals.index[:top]]
    heights = list(totals.to_numpy()[:top])
    colors = [color] * len(labels)
    if other and len(totals) > top:
        labels.append(other_label)
        heights.append(totals.to_numpy()[top:].sum())
        colors.append(_GREY)
    ax = _axes(ax, figsize=(7, 0.35 * len(labels) + 1.2))
    positions = np.arange(len(labels))[::-1]
    bars = ax.barh(positions, heights, color=colors)
    ax.set_yticks(positions, [prepare_text(label) for label in labels])
    ax.yaxis.tick_right()
    ax.spines[["left", "top"]].set_visible(False)
    ax.spines["right"].set_visible(True)
    if not ax.xaxis_inverted():
        ax.invert_xaxis()
    if values:
        texts = ax.bar_label(bars, padding=3, fmt="{:,.0f}" if _integral(heights) else "{:,.2f}")
        for text in texts:
            text.set_text(to_eastern_digits(text.get_text()) if _eastern() else text.get_text())
            text.set_fontfamily(register_fonts())
    apply_digits(ax, axis="x")
    return _finish(ax, title=title, xlabel=xlabel, ylabel=None)


def _integral(values) -> bool:
    return all(float(v).is_integer() for v in values)


def _eastern() -> bool:
    from akhbar.figures import _STATE

    return _STATE["eastern_digits"]


def _infer_by(data: pd.DataFrame, exclude: set[str]) -> str | None:
    for column in data.columns:
        if column in exclude or column.startswith(("share_", "n_")):
            continue
        if not pd.api.types.is_numeric_dtype(data[column]):
            return column
    return None


def plot_shares(
    data: pd.DataFrame,
    *,
    x: str = "share_articles",
    category: str = "theme",
    by: str | None = None,
    stacked: bool = False,
    top: int | None = 8,
    labels: Mapping[str, str] | None = None,
    palette: Any = None,
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Shares per category, grouped or stacked by a second column (outlet, month...).

    One horizontal bar per group (group labels on the right); the categories are
    side by side (``stacked=False``) or stacked, with a legend. ``by`` defaults to the
    first non-numeric column other than ``category``; without one, one bar per
    category. The ``top`` categories by total share are shown, the rest summed
    into :data:`OTHER_LABEL`. ``labels`` maps category ids to display names
    (e.g. English theme ids to Arabic labels).

    >>> import pandas as pd
    >>> shares = pd.DataFrame({"theme": ["sport", "economy", "sport", "economy"],
    ...     "outlet": ["BBC", "BBC", "CNN", "CNN"], "share_articles": [.5, .2, .3, .4]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_shares(shares, ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # one row, read from the right
    ['economy', 'sport']
    """
    _require(data, [x, category, by], "plot_shares")
    if by is None:
        by = _infer_by(data, {x, category})
    frame = data.assign(_group=data[by] if by is not None else "")
    table = frame.pivot_table(
        index="_group", columns=category, values=x, aggfunc="sum", sort=False, fill_value=0
    )
    order = table.sum().sort_values(ascending=False, kind="stable").index
    table = table[order]
    if top is not None and table.shape[1] > top:
        rest = table.iloc[:, top:].sum(axis=1)
        table = table.iloc[:, :top].assign(**{OTHER_LABEL: rest})
    if by is not None and pd.api.types.is_datetime64_any_dtype(data[by]):
        table = table.sort_index()
    names = labels or {}
    ax = _axes(ax)
    n_groups, n_cats = table.shape
    colors = palette or [f"C{i % 10}" for i in range(n_cats)]
    positions = np.arange(n_groups)[::-1].astype(float)
    height = 0.8 if stacked else 0.8 / n_cats
    left = np.zeros(n_groups)
    for i, column in enumerate(table.columns):
        values = table[column].to_numpy(dtype=float)
        offset = 0 if stacked else (i - (n_cats - 1) / 2) * height
        label = names.get(column, str(column))
        color = _GREY if column == OTHER_LABEL and column not in table.columns[:-1] else None
        ax.barh(
            positions - offset,
            values,
            height=height,
            left=left if stacked else None,
            color=color or colors[i % len(colors)],
            label=prepare_text(label),
        )
        if stacked:
            left = left + values
    if by is not None:
        ax.set_yticks(positions, [prepare_text(_label(g)) for g in table.index])
    else:
        ax.set_yticks([])
    ax.yaxis.tick_right()
    ax.spines[["left", "top"]].set_visible(False)
    ax.spines["right"].set_visible(True)
    if not ax.xaxis_inverted():
        ax.invert_xaxis()
    if x.startswith("share"):
        ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    _legend(ax, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=min(n_cats, 4))
    apply_digits(ax, axis="x")
    return _finish(ax, title=title, xlabel=xlabel, ylabel=None)


def _auto_freq(dates: pd.Series) -> str:
    span = (dates.max() - dates.min()) / pd.Timedelta(days=1) if len(dates) else 0
    return "D" if span <= 62 else "W-MON" if span <= 550 else "MS"


def plot_over_time(
    data: pd.DataFrame,
    *,
    date: str = "published_at",
    value: str | None = None,
    by: str | None = None,
    freq: str | None = None,
    top: int | None = 6,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    ylabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Counts (or sums of ``value``) per day, week or month, one line per ``by`` group.

    ``freq`` is a pandas offset alias (``"D"``, ``"W-MON"``, ``"MS"``); by default it
    follows the span of the dates (days up to two months, weeks up to 18 months, then
    months). Periods without rows count as zero. With ``by``, the ``top`` groups by
    total are drawn. Dates tick concisely.

    >>> import pandas as pd
    >>> articles = pd.DataFrame({"published_at": pd.to_datetime(
    ...     ["2021-01-01", "2021-01-01", "2021-01-03"]), "outlet": ["أ", "ب", "أ"]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_over_time(articles, by="outlet", ax=ax)
    >>> [line.get_ydata().tolist() for line in ax.get_lines()]
    [[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    _require(data, [date, value, by], "plot_over_time")
    frame = data.dropna(subset=[date])
    freq = freq or _auto_freq(frame[date])
    weights = frame[value] if value is not None else pd.Series(1.0, index=frame.index)
    frame = frame.assign(_w=weights.astype(float), _g=frame[by] if by is not None else "")
    table = frame.groupby([pd.Grouper(key=date, freq=freq), "_g"])["_w"].sum().unstack(fill_value=0)
    if len(table):
        full = pd.date_range(table.index.min(), table.index.max(), freq=freq)
        table = table.reindex(full, fill_value=0)
    order = table.sum().sort_values(ascending=False, kind="stable").index
    table = table[order[:top] if top is not None and by is not None else order]
    ax = _axes(ax)
    names = labels or {}
    for column in table.columns:
        label = prepare_text(names.get(column, str(column))) if by is not None else None
        ax.plot(table.index, table[column].to_numpy(dtype=float), marker="o", ms=3, label=label)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(bottom=0)
    if by is not None:
        _legend(ax, loc="upper left")
    apply_digits(ax)
    return _finish(ax, title=title, xlabel=None, ylabel=ylabel)


_DATE_FORMATS = {"year": "%Y", "decade": "%Y", "month": "%Y-%m", "week": "%Y-%m-%d"}


def _date_text(start: pd.Timestamp, end: Any, precision: str) -> str:
    text = start.strftime(_DATE_FORMATS.get(precision, "%Y-%m-%d"))
    if precision == "decade":
        text += "s"
    if pd.notna(end) and precision not in ("day", "month", "year", "decade", "week"):
        text += " – " + pd.Timestamp(end).strftime("%Y-%m-%d")
    return to_eastern_digits(text) if _eastern() else text


def plot_timeline(
    data: pd.DataFrame,
    *,
    date: str = "date",
    date_end: str | None = "date_end",
    label: str = "sentence",
    precision: str | None = "precision",
    max_events: int = 20,
    width: int = 32,
    max_lines: int = 2,
    dates: bool = True,
    color: Any = "C0",
    span_color: Any = "C1",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Dated events on a time axis with labels that do not overlap.

    Each event is a stem from the axis to its label (the text wrapped to ``width``
    characters, at most ``max_lines`` lines, then the date written at its precision:
    ``2021``, ``2021-03``, ``2021-03-04``; ``dates=False`` leaves it out). Events known to the day are dots; coarser
    ones (week, month, year...) are bars from ``date`` to ``date_end``. Labels are
    stacked on levels above and below the axis so that no two overlap; a new figure
    is made tall enough for the levels needed. The first ``max_events`` events in
    date order are drawn.

    >>> import pandas as pd
    >>> events = pd.DataFrame({"date": pd.to_datetime(["2021-03-04", "2021-03-01"]),
    ...     "date_end": pd.to_datetime(["2021-03-04", "2021-03-31"]),
    ...     "precision": ["day", "month"], "sentence": ["وقّع الاتفاق", "شهر المفاوضات"]})
    >>> ax = plot_timeline(events)  # a new figure, sized for the label levels
    >>> len(ax.texts)
    2
    """
    _require(data, [date, date_end, label, precision], "plot_timeline")
    events = data.dropna(subset=[date]).sort_values(date, kind="stable").head(max_events)
    fig_given = ax is not None or bool(plt.get_fignums() and plt.gcf().axes)
    ax = _axes(ax, figsize=(9, 3))
    family = register_fonts()
    if events.empty:
        ax.set_axis_off()
        return _finish(ax, title=title, xlabel=None, ylabel=None)
    starts = pd.to_datetime(events[date])
    ends = pd.to_datetime(events[date_end]) if date_end else starts
    precisions = events[precision].fillna("day").astype(str) if precision else None
    lo, hi = starts.min(), max(ends.max(), starts.max())
    pad = max((hi - lo) * 0.08, pd.Timedelta(days=3))
    ax.set_xlim(lo - pad, hi + pad)
    ax.axhline(0, color="0.3", lw=1, zorder=1)
    texts, anchors = [], []
    for i, (start, end, text) in enumerate(zip(starts, ends, events[label], strict=True)):
        level_precision = precisions.iloc[i] if precisions is not None else "day"
        lines = textwrap.wrap(str(text), width)
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
        body = "\n".join(prepare_text(line) for line in lines or [""])
        if dates:
            body += "\n" + _date_text(start, end, level_precision)
        if level_precision == "day" or pd.isna(end) or end <= start:
            ax.plot([start], [0], "o", color=color, ms=5, zorder=3)
            anchor = start
        else:
            ax.plot([start, end], [0, 0], color=span_color, lw=5, solid_capstyle="butt", zorder=2)
            anchor = start + (end - start) / 2
        anchors.append(anchor)
        texts.append(
            ax.text(
                anchor,
                0,
                body,
                ha="center",
                va="bottom",
                fontfamily=family,
                fontsize="small",
                linespacing=1.1,
            )
        )
    levels = _stack_levels(ax, texts)
    n_up = max([lv for lv in levels if lv > 0], default=0)
    n_down = -min([lv for lv in levels if lv < 0], default=0)
    renderer = ax.figure.canvas.get_renderer()
    line_px = max((t.get_window_extent(renderer).height for t in texts), default=20) * 1.25
    if not fig_given:
        needed = (n_up + n_down + 1) * line_px / ax.figure.dpi + 1.2
        ax.figure.set_size_inches(ax.figure.get_figwidth(), max(needed, 2.5))
    elif ax.get_window_extent(renderer).height < (n_up + n_down + 0.6) * line_px:
        warnings.warn(
            f"plot_timeline: {n_up + n_down} label levels do not fit the height of the "
            "axes given; labels may spill out or overlap vertically: use a taller "
            "figure, ax=None (sized to fit), or fewer events (max_events=)",
            stacklevel=2,
        )
    ax.set_ylim(-n_down - 0.3, n_up + 0.3)
    for text, level, anchor in zip(texts, levels, anchors, strict=True):
        y = level - 0.5 if level > 0 else level + 0.5
        text.set_y(y)
        text.set_va("bottom" if level > 0 else "top")
        ax.plot([anchor, anchor], [0, y], color="0.6", lw=0.8, zorder=0)
    ax.set_yticks([])
    ax.spines[["left", "right", "top"]].set_visible(False)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    apply_digits(ax, axis="x")
    return _finish(ax, title=title, xlabel=None, ylabel=None)


def _stack_levels(ax: Axes, texts: list) -> list[int]:
    """Greedy interval packing of label extents (pixels) onto levels +1, -1, +2, -2..."""
    renderer = ax.figure.canvas.get_renderer()
    occupied: dict[int, list[tuple[float, float]]] = {}
    levels = []
    gap = 6.0
    for text in texts:
        box = text.get_window_extent(renderer)
        x0, x1 = box.x0 - gap / 2, box.x1 + gap / 2
        k = 1
        while True:
            level = (k + 1) // 2 if k % 2 else -(k // 2)
            if all(x1 <= a or x0 >= b for a, b in occupied.get(level, [])):
                occupied.setdefault(level, []).append((x0, x1))
                levels.append(level)
                break
            k += 1
    return levels


def _node_labels(labels: Any, id_column: str, name_column: str) -> dict[Any, str]:
    if labels is None:
        return {}
    if isinstance(labels, pd.DataFrame):
        _require(labels, [id_column, name_column], "plot_network")
        return dict(zip(labels[id_column], labels[name_column].astype(str), strict=True))
    return {k: str(v) for k, v in dict(labels).items()}


def plot_network(
    data: pd.DataFrame,
    *,
    source: str = "source",
    target: str = "target",
    weight: str = "weight",
    labels: pd.DataFrame | Mapping[Any, str] | None = None,
    id_column: str = "actor_id",
    name_column: str = "name",
    top: int = 30,
    seed: int = 0,
    node_color: Any = "C0",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Co-occurrence network: node size by weighted degree, edge width by weight.

    ``data`` holds weighted edges (``cooccurrence`` output). The ``top`` nodes by
    weighted degree are kept. ``labels`` maps node ids to names, as a mapping or a
    frame such as ``count_actors`` output (``actor_id`` -> ``name``); unlabelled
    nodes show their id. The layout is seeded, so the same data draws the same chart.

    >>> import pandas as pd
    >>> edges = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "weight": [3, 1]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_network(edges, labels={"a": "مصر", "b": "ليبيا"}, ax=ax)
    >>> sorted(t.get_text() for t in ax.texts) == sorted(
    ...     [prepare_text("مصر"), prepare_text("ليبيا"), "c"])
    True
    """
    import networkx as nx

    _require(data, [source, target, weight], "plot_network")
    graph = nx.Graph()
    for s, t, w in zip(data[source], data[target], data[weight], strict=True):
        if s != t:
            previous = graph.get_edge_data(s, t, default={"weight": 0})["weight"]
            graph.add_edge(s, t, weight=previous + float(w))
    strength = dict(graph.degree(weight="weight"))
    keep = sorted(strength, key=lambda n: (-strength[n], str(n)))[:top]
    graph = graph.subgraph(keep).copy()
    ax = _axes(ax, figsize=(8, 6))
    family = register_fonts()
    if graph.number_of_nodes() == 0:
        ax.set_axis_off()
        return _finish(ax, title=title, xlabel=None, ylabel=None)
    nodes = sorted(graph.nodes, key=str)
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    positions = nx.spring_layout(ordered, seed=seed, weight="weight")
    weights = np.array([d["weight"] for _, _, d in ordered.edges(data=True)], dtype=float)
    sizes = np.array([strength[n] for n in nodes], dtype=float)
    nx.draw_networkx_edges(
        ordered,
        positions,
        ax=ax,
        width=0.5 + 3.5 * weights / weights.max() if len(weights) else 1,
        edge_color="0.7",
    )
    nx.draw_networkx_nodes(
        ordered,
        positions,
        nodelist=nodes,
        ax=ax,
        node_size=80 + 600 * sizes / sizes.max(),
        node_color=node_color,
    )
    names = _node_labels(labels, id_column, name_column)
    for node in nodes:
        x, y = positions[node]
        ax.text(
            x,
            y,
            prepare_text(names.get(node, str(node))),
            ha="center",
            va="center",
            fontfamily=family,
            fontsize="small",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    ax.set_axis_off()
    ax.margins(0.12)
    return _finish(ax, title=title, xlabel=None, ylabel=None)


def plot_wordcloud(
    data: pd.DataFrame,
    *,
    word: str = "term",
    weight: str = "score",
    top: int = 100,
    width: int = 800,
    height: int = 400,
    seed: int = 0,
    colormap: str = "viridis",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Word cloud of ``word`` sized by ``weight`` (e.g. ``key_terms`` output).

    Words are drawn by Pillow in the Arabic font; each goes through
    ``prepare_text(..., renderer="pillow")``, so it is shaped whether or not Pillow
    has raqm. The layout is seeded.

    >>> import pandas as pd
    >>> terms = pd.DataFrame({"term": ["الانتخابات", "البرلمان"], "score": [2.0, 1.0]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> plot_wordcloud(terms, width=200, height=100, ax=ax).images[0].get_array().shape
    (100, 200, 3)
    """
    from wordcloud import WordCloud

    _require(data, [word, weight], "plot_wordcloud")
    totals = data.groupby(word, sort=False)[weight].sum().sort_values(ascending=False)
    totals = totals[totals > 0].head(top)
    frequencies = {prepare_text(str(w), renderer="pillow"): float(v) for w, v in totals.items()}
    cloud = WordCloud(
        font_path=str(font_path()),
        width=width,
        height=height,
        background_color="white",
        colormap=colormap,
        random_state=seed,
        prefer_horizontal=1.0,
    ).generate_from_frequencies(frequencies)
    ax = _axes(ax)
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    return _finish(ax, title=title, xlabel=None, ylabel=None)

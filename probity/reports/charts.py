"""Charts of the statistical annex: matplotlib, SVG for pages and PDF, PNG for ODT and DOCX.

Output is deterministic (fixed SVG ids, no dates in the metadata) so that a
stored report re-renders to the same bytes.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import threading

import matplotlib

matplotlib.use("Agg")

import matplotlib.patches  # noqa: E402
from matplotlib import font_manager, pyplot  # noqa: E402  (after choosing the Agg backend)

from probity.core.document import Chart  # noqa: E402
from probity.core.text import display_width  # noqa: E402

CJK_FONTS = [
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "DejaVu Sans",
]  # the report's own font first: fewer fonts to embed in the PDF
COLOURS = ["#1f5f8b", "#b45309", "#6b7f8e", "#2e7d32", "#8e24aa"]
PANEL_COLUMNS = 4
TREND_COLUMNS = 3
PANEL_TITLE_WIDTH = 26  # columns of a panel's title line: thirteen CJK characters at its font size
CLOSING = set("，、。：；）」』,.:;)")  # marks a title line must not start with
# pyplot keeps global state; one chart at a time per process.
_lock = threading.Lock()


def _configure() -> None:
    available = {font.name for font in font_manager.fontManager.ttflist}
    family = [name for name in CJK_FONTS if name in available] or ["DejaVu Sans"]
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": family,
            "axes.unicode_minus": False,
            "svg.hashsalt": "probity-report",
            # Text stays text in SVG: small files, quick for WeasyPrint, searchable in the PDF.
            "svg.fonttype": "none",
        }
    )


def svg(chart: Chart) -> bytes:
    return _cached(chart.kind, chart.caption, json.dumps(chart.data, ensure_ascii=False, sort_keys=True), "svg")


def png(chart: Chart) -> bytes:
    return _cached(chart.kind, chart.caption, json.dumps(chart.data, ensure_ascii=False, sort_keys=True), "png")


@functools.lru_cache(maxsize=64)
def _cached(kind: str, caption: str, data: str, fmt: str) -> bytes:
    """A chart is a pure function of its figures: the same figures give the same bytes, so keep recent ones."""
    return _render(Chart(caption=caption, kind=kind, data=json.loads(data)), fmt)


def _render(chart: Chart, fmt: str) -> bytes:
    with _lock:
        _configure()
        figure = _bars(chart) if chart.kind == "bars" else _line(chart)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
        pyplot.close(figure)
    return buffer.getvalue()


def _bars(chart: Chart):
    """Small multiples: one panel per indicator with its own scale, its three periods side by side, each bar
    labelled with its figure. One shared scale would flatten every count of meetings beside the thousands of
    attendances."""
    labels = chart.data["labels"]
    series = chart.data["series"]
    rows = math.ceil(len(labels) / PANEL_COLUMNS)
    figure, grid = _panels(rows, PANEL_COLUMNS, legend=True)
    colours = [COLOURS[index % len(COLOURS)] for index in range(len(series))]
    for index, axes in enumerate(grid.flat):
        if index < len(labels):
            _panel(axes, labels[index], [values[index] for _name, values in series], colours)
        else:
            axes.axis("off")
    handles = [matplotlib.patches.Patch(color=colour) for colour in colours]
    figure.legend(handles, [name for name, _values in series], loc="lower center", ncol=len(series), fontsize=7.5)
    return figure


def _panels(rows: int, columns: int, *, legend: bool):
    """A grid of panels laid out by fixed margins (in inches): room above each for a three-line title, below
    each for the period names, and at the foot for the legend. A computed (tight) layout took a third of the
    time of a chart of sixteen panels."""
    title, panel, foot, margin = 0.42, 1.0, 0.38 if legend else 0.22, 0.05
    height = rows * (title + panel) + foot + margin
    figure, grid = pyplot.subplots(rows, columns, figsize=(7.2, height), squeeze=False)
    figure.subplots_adjust(
        left=0.03,
        right=0.97,
        top=1 - (margin + title) / height,
        bottom=foot / height,
        hspace=title / panel,
        wspace=0.18,
    )
    return figure, grid


def _panel(axes, label: str, values: list[float], colours: list[str]) -> None:
    drawn = [0.0 if math.isnan(value) else value for value in values]
    axes.bar(range(len(values)), drawn, width=0.72, color=colours)
    top = max(drawn) or 1.0
    axes.set_ylim(0, top * 1.3)
    for position, value in enumerate(values):
        _label(axes, position, 0.0 if math.isnan(value) else value, _figure_text(value), lift=1.5)
    axes.set_title("\n".join(_wrap(label)), fontsize=7, pad=3, linespacing=1.3)
    axes.set_xticks([])
    _bare(axes)


def _label(axes, position: float, height: float, text: str, *, lift: float) -> None:
    """A figure written just above its bar or point."""
    axes.annotate(
        text, (position, height), xytext=(0, lift), textcoords="offset points", ha="center", va="bottom", fontsize=6.5
    )


def _bare(axes) -> None:
    """A panel with no value axis: its figures are written on it."""
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def _figure_text(value: float) -> str:
    """A bar's figure as the annex table gives it (a hidden one is a dash, never a zero)."""
    if math.isnan(value):
        return "—"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _wrap(label: str, width: int = PANEL_TITLE_WIDTH, lines: int = 3) -> list[str]:
    """The label in as few lines of at most ``width`` columns as it takes (a CJK character takes two), each
    line as even as can be, none starting with a closing mark such as 「，」; past ``lines`` lines, clipped."""
    tokens = re.findall(r"[A-Za-z0-9,.'()\-]+ ?|.", label)
    sizes = [display_width(token) for token in tokens]
    total = sum(sizes)
    for count in range(max(1, min(lines, math.ceil(total / width))), lines + 1):
        for target in range(math.ceil(total / count), width + 1):
            wrapped = _greedy(tokens, sizes, target)
            if len(wrapped) <= count:
                return wrapped
    wrapped = _greedy(tokens, sizes, width)
    return [*wrapped[: lines - 1], _clip("".join(wrapped[lines - 1 :]), width)]


def _greedy(tokens: list[str], sizes: list[int], target: int) -> list[str]:
    wrapped, line, used = [], "", 0
    for token, size in zip(tokens, sizes, strict=True):
        if line and used + size > target and token not in CLOSING:
            wrapped.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    return [*wrapped, line.rstrip()]


def _clip(text: str, width: int) -> str:
    while display_width(text) > width - 2:
        text = text[:-1]
    return text + "…"


def _line(chart: Chart):
    """Small multiples again: each headline figure's half-years in a panel of its own scale, every point
    labelled; the axis names the first and the last half-year."""
    periods = chart.data["periods"]
    series = chart.data["series"]
    columns = max(1, min(TREND_COLUMNS, len(series)))
    rows = math.ceil(len(series) / columns)
    figure, grid = _panels(rows, columns, legend=False)
    for index, axes in enumerate(grid.flat):
        if index >= len(series):
            axes.axis("off")
            continue
        name, values = series[index]
        axes.plot(range(len(values)), values, marker="o", markersize=3, linewidth=1.5, color=COLOURS[0])
        for position, value in enumerate(values):
            if not math.isnan(value):  # a hidden figure is a gap in the line, with no label
                _label(axes, position, value, _figure_text(value), lift=3)
        shown = [value for value in values if not math.isnan(value)]
        axes.set_ylim(0, (max(shown, default=0) or 1) * 1.35)
        axes.set_xlim(-0.5, len(periods) - 0.5)
        axes.set_xticks([0, len(periods) - 1], [periods[0], periods[-1]], fontsize=6.5)
        first, last = axes.get_xticklabels()  # kept within the panel, clear of its neighbours'
        first.set_horizontalalignment("left")
        last.set_horizontalalignment("right")
        _bare(axes)
        axes.set_title("\n".join(_wrap(name, width=PANEL_TITLE_WIDTH * PANEL_COLUMNS // columns)), fontsize=7, pad=3)
    return figure

"""Charts of the statistical annex: matplotlib, SVG for pages and PDF, PNG for ODT and DOCX.

Output is deterministic (fixed SVG ids, no dates in the metadata) so that a
stored report re-renders to the same bytes.
"""

from __future__ import annotations

import functools
import io
import json
import threading

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager, pyplot  # noqa: E402  (after choosing the Agg backend)

from probity.reports.document import Chart  # noqa: E402

CJK_FONTS = [
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "DejaVu Sans",
]  # the report's own font first: fewer fonts to embed in the PDF
COLOURS = ["#1f5f8b", "#b45309", "#6b7f8e", "#2e7d32", "#8e24aa"]
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
    labels = chart.data["labels"]
    series = chart.data["series"]
    height = max(2.4, 0.45 * len(labels) * len(series) / 2 + 1)
    figure, axes = pyplot.subplots(figsize=(7.2, height))
    band = 0.8 / len(series)
    positions = range(len(labels))
    for index, (name, values) in enumerate(series):
        axes.barh(
            [p + index * band for p in positions], values, height=band, label=name, color=COLOURS[index % len(COLOURS)]
        )
    axes.set_yticks([p + band * (len(series) - 1) / 2 for p in positions], labels, fontsize=8)
    axes.invert_yaxis()
    axes.legend(fontsize=8, loc="lower right")
    axes.grid(axis="x", alpha=0.3)
    axes.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    return figure


def _line(chart: Chart):
    figure, axes = pyplot.subplots(figsize=(7.2, 3.6))
    periods = chart.data["periods"]
    for index, (name, values) in enumerate(chart.data["series"]):
        axes.plot(periods, values, marker="o", label=name, color=COLOURS[index % len(COLOURS)])
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    axes.grid(alpha=0.3)
    axes.tick_params(labelsize=8)
    figure.tight_layout()
    return figure

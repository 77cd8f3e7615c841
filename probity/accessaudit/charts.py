"""An account's lookups per day, as an SVG bar chart: a spike is seen before it is read."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402  (the backend must be chosen first)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.dates import date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from probity.core.language import month_text  # noqa: E402

FONT = "Noto Sans CJK TC"
PLAIN, ALERTED, PEERS = "#1f5f8b", "#d97706", "#4b5563"


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start.replace(day=1)
    months = []
    while first <= end:
        if first >= start:
            months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def _bars(days: list[dt.date], heights: list[int], colours: list[str]) -> PolyCollection:
    """One collection of day-wide bars: half a year of single bar patches takes matplotlib a third of a second."""
    lefts = date2num(days) - 0.45
    rectangles = [[(x, 0), (x, h), (x + 0.9, h), (x + 0.9, 0)] for x, h in zip(lefts, heights, strict=True)]
    return PolyCollection(rectangles, facecolors=colours, edgecolors="none")


def daily_lookups_svg(
    daily: list[tuple[dt.date, int]],
    start: dt.date,
    end: dt.date,
    alerted: set[dt.date],
    *,
    labels: dict[str, str],
    peers: dict[dt.date, float] | None = None,
) -> bytes:
    """Bars for every day from ``start`` to ``end``; days with an alert on the account are drawn in orange.

    ``peers`` draws the peer group's mean per day as a grey line (broken on days without peers at work).
    ``labels`` gives the texts in the reader's language: ``plain``, ``alerted``, ``peers`` (the legend)
    and ``axis``.
    """
    counts = dict(daily)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    colours = [ALERTED if day in alerted else PLAIN for day in days]
    with rc_context({"font.family": [FONT, "sans-serif"], "svg.fonttype": "none", "svg.hashsalt": "probity"}):
        figure = Figure(figsize=(9, 2.6))
        axes = figure.subplots()
        axes.xaxis_date()
        heights = [counts.get(day, 0) for day in days]
        axes.add_collection(_bars(days, heights, colours))
        legend = [Patch(color=PLAIN, label=labels["plain"]), Patch(color=ALERTED, label=labels["alerted"])]
        if peers:
            line = [peers.get(day, float("nan")) for day in days]
            (drawn,) = axes.plot(days, line, color=PEERS, linewidth=1, marker=".", markersize=2, label=labels["peers"])
            legend.append(drawn)
        highest = max([*heights, *(peers.get(day, 0) for day in days)] if peers else heights)
        axes.set_ylim(0, highest * 1.05 or 1)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # lookups come whole
        ticks = _month_starts(start, end)
        axes.set_xticks(ticks, [month_text(day) for day in ticks], fontsize=8)
        axes.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=1))
        axes.set_ylabel(labels["axis"], fontsize=8)
        axes.tick_params(axis="y", labelsize=8)
        axes.grid(axis="y", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        # Above the plot, where it cannot hide a busy day's bar.
        axes.legend(
            handles=legend, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1), frameon=False, ncols=len(legend)
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()

"""A year-over-year comparison at a glance: how many declarants each anomaly caught, and how their risk
scores spread."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402  (the backend must be chosen first)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

FONT = "Noto Sans CJK TC"
FLAGS, RISKS = "#1f5f8b", "#b45309"


def comparison_svg(counts: list[tuple[str, int]], risks: list[float], *, labels: dict[str, str]) -> bytes:
    """Bars of declarants per anomaly (``counts``: label and count, top to bottom) beside a histogram of the
    risk scores of those with anomalies. ``labels`` gives the texts in the reader's language: ``flags`` and
    ``risks`` (the titles), ``people`` and ``score`` (the axes)."""
    with rc_context({"font.family": [FONT, "sans-serif"], "svg.fonttype": "none", "svg.hashsalt": "probity"}):
        figure = Figure(figsize=(9, 3.4))
        left, right = figure.subplots(1, 2)
        left.barh([label for label, _n in counts], [n for _label, n in counts], color=FLAGS)
        left.set_title(labels["flags"])
        left.set_xlabel(labels["people"])
        left.invert_yaxis()
        right.hist(risks or [0], bins=10, color=RISKS)
        right.set_title(labels["risks"])
        right.set_xlabel(labels["score"])
        right.set_ylabel(labels["people"])
        # People come whole: no tick at half a declarant.
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        right.yaxis.set_major_locator(MaxNLocator(integer=True))
        for axes in (left, right):
            axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()

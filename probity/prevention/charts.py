"""The risk heat-map: a matplotlib SVG of a matrix's grid with the number of risks in each cell."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable

import matplotlib
from django.utils.translation import gettext

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.patches import Rectangle  # noqa: E402

from probity.prevention.models import Risk, RiskMatrix  # noqa: E402

FONT = "Noto Sans CJK TC"


def cell_counts(risks: Iterable[Risk], *, residual: bool) -> Counter:
    """How many risks sit in each (likelihood, impact) cell; residual falls back to inherent if not assessed."""
    counts: Counter = Counter()
    for risk in risks:
        if residual and risk.residual_likelihood is not None and risk.residual_impact is not None:
            counts[(risk.residual_likelihood, risk.residual_impact)] += 1
        else:
            counts[(risk.inherent_likelihood, risk.inherent_impact)] += 1
    return counts


def heatmap_svg(matrix: RiskMatrix, counts: Counter, *, title: str = "") -> bytes:
    rows, cols = len(matrix.likelihoods), len(matrix.impacts)
    with plt.rc_context({"font.family": [FONT, "sans-serif"], "svg.fonttype": "path", "svg.hashsalt": "probity"}):
        figure, axes = plt.subplots(figsize=(1.6 * cols + 2.2, 1.1 * rows + 1.6))
        for likelihood in range(rows):
            for impact in range(cols):
                level = matrix.level_for(likelihood, impact)
                axes.add_patch(
                    Rectangle((impact, likelihood), 1, 1, facecolor=matrix.color_of(level), edgecolor="white", lw=2)
                )
                count = counts.get((likelihood, impact), 0)
                axes.text(
                    impact + 0.5,
                    likelihood + 0.62,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=16,
                    fontweight="bold",
                    color="#1b2a36",
                )
                axes.text(
                    impact + 0.5,
                    likelihood + 0.25,
                    matrix.level_label(level),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#1b2a36",
                )
        axes.set_xlim(0, cols)
        axes.set_ylim(0, rows)
        axes.set_xticks([i + 0.5 for i in range(cols)], matrix.impact_labels)
        axes.set_yticks([i + 0.5 for i in range(rows)], matrix.likelihood_labels)
        axes.set_xlabel(gettext("影響程度"))
        axes.set_ylabel(gettext("可能性"))
        if title:
            axes.set_title(title)
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(figure)
    return buffer.getvalue()

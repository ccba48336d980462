"""A PNG chart for answers where a picture helps; needs the optional `chart` extra (matplotlib).

- can_train: training compute needed vs available, on a log scale (they often differ by
  orders of magnitude, as in the seed question: 3.14e23 needed vs 1.14e21 available).
- compare: time to train on each device, in days, on a log scale.

`chart_png` returns None when matplotlib is missing, the answer is of another kind, or a
figure it needs is absent, so the bot works the same without the extra. It uses the
object-oriented API (no pyplot state), so it is safe in the answer worker threads.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from bot.discord.i18n import chart_label
from core.conventions import SECONDS_PER_DAY

log = logging.getLogger(__name__)

CHART_INTENTS = ("can_train", "compare")
FILENAME = "chart.png"
COMPUTE_COLOURS = ("#d9534f", "#5cb85c", "#9fd89f")  # needed red, available greens
DEVICE_COLOUR = "#5b8fd9"  # compare: one colour, no device is "the problem"


def _compute_bars(estimate: Any, lang: str) -> list[tuple[str, float]]:
    needed, available = estimate.compute_required_flops, estimate.compute_available_flops
    if not needed or not available:
        return []
    bars = [(chart_label(lang, "needed"), needed)]
    bars.append((f"{chart_label(lang, 'available')} ({estimate.precision_used})", available))
    fp32 = estimate.available_by_precision.get("fp32")
    if fp32 and estimate.precision_used != "fp32":
        bars.append((f"{chart_label(lang, 'available')} (fp32)", fp32))
    return bars


def _time_bars(answer: Any) -> list[tuple[str, float]]:
    query = answer.query
    names = {ref.id: ref.name for ref in [query.hardware, *query.compare_with] if ref is not None}
    return [
        (
            f"{row.count}× {names.get(row.hardware_id, row.hardware_id)}",
            row.time_needed_s / SECONDS_PER_DAY,
        )
        for row in answer.estimate.compare
        if row.time_needed_s
    ]


def bars_for(answer: Any) -> tuple[list[tuple[str, float]], str] | None:
    """The bars to draw and the axis label, or None when this answer gets no chart."""
    query, estimate = answer.query, answer.estimate
    if query is None or estimate is None or query.intent not in CHART_INTENTS:
        return None
    if query.intent == "compare":
        bars, axis = _time_bars(answer), chart_label(answer.language, "time")
    else:
        bars, axis = (
            _compute_bars(estimate, answer.language),
            chart_label(answer.language, "compute"),
        )
    return (bars, axis) if len(bars) >= 2 else None


def _value_label(value: float, compare: bool) -> str:
    """FLOPs in scientific notation; days as whole numbers once they are large."""
    return f"{value:,.0f}" if compare and value >= 100 else f"{value:.3g}"


def chart_png(answer: Any) -> bytes | None:
    picked = bars_for(answer)
    if picked is None:
        return None
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    bars, axis = picked
    compare = answer.query.intent == "compare"
    labels, values = [b[0] for b in reversed(bars)], [b[1] for b in reversed(bars)]
    colours = [DEVICE_COLOUR] * len(bars) if compare else list(COMPUTE_COLOURS[: len(bars)])
    fig = Figure(figsize=(6.4, 0.6 + 0.55 * len(bars)), dpi=100)
    ax = fig.add_subplot()
    ax.barh(labels, values, color=list(reversed(colours)))
    ax.set_xscale("log")
    ax.set_xlabel(axis)
    for y, value in enumerate(values):
        ax.annotate(
            _value_label(value, compare),
            (value, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
    ax.set_xlim(min(values) / 10, max(values) * 30)  # room for the value labels
    ax.spines[["top", "right"]].set_visible(False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()

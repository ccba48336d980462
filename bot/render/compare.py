"""The compare reply: the same question per device, ranked, with the ratio to the best.

A row that is not ranked says why: its figure is not published, or (inference) it does not
hold the model on the asked count, in which case its speed is on the fewest that would.
"""

from __future__ import annotations

from bot import numbers
from bot.render.assumptions import lead_lines
from bot.render.common import Ctx
from bot.reply import Reply
from core.compare import COMPARABLE_PRECISIONS
from core.types import DeviceResult, HardwareRef

# What a row lacks when it has no figure for the metric (the reply says it is not ranked).
MISSING_FIGURE = {
    "time_needed_s": "peak",
    "peak_flops": "peak",
    "tokens_per_second": "bandwidth",
}


def _metric(ctx: Ctx, row: DeviceResult) -> str | None:
    """The figure the devices are ranked on, for one row; None when the row has none."""
    metric = ctx.estimate.compare_metric if ctx.estimate else None
    if metric == "time_needed_s":
        return ctx.duration(row.time_needed_s) if row.time_needed_s is not None else None
    if metric == "tokens_per_second":
        if row.tokens_per_second is None:
            return None
        return ctx.t("unit.tokens_per_s", n=numbers.num(row.tokens_per_second))
    if row.peak_flops is None:
        return None
    return f"{numbers.sci(row.peak_flops * row.count)} FLOP/s"


def _row_line(ctx: Ctx, rank: int, row: DeviceResult, leader_fits: bool) -> str:
    hw = ctx.catalog.hardware.get(row.hardware_id)
    value = _metric(ctx, row)
    speed = ctx.estimate is not None and ctx.estimate.compare_metric == "tokens_per_second"
    if value is None:
        return _unranked_line(ctx, rank, row)
    if speed:
        bandwidth = f"{numbers.num(hw.bandwidth_gbs, 4)} GB/s" if hw and hw.bandwidth_gbs else "—"
        text = ctx.t(
            "line.compare_row_speed",
            rank=rank,
            devices=_row_name(ctx, row),
            value=value,
            precision=ctx.precision(row.precision_used),
            bandwidth=bandwidth,
        )
        mark = ctx.cites.mark(hw.source_of("bandwidth_gbs") if hw else None)
    else:
        tflops = hw.peak_tflops.get(row.precision_used) if hw and row.precision_used else None
        text = ctx.t(
            "line.compare_row",
            rank=rank,
            devices=_row_name(ctx, row),
            value=value,
            precision=ctx.precision(row.precision_used),
            peak=numbers.tflops(tflops) if tflops is not None else "—",
        )
        key = f"peak_tflops.{row.precision_used}"
        mark = ctx.cites.mark(hw.source_of(key) if hw and row.precision_used else None)
    if row.ratio_to_best is not None and rank > 1:
        text += " — " + ctx.t("phrase.behind_best", ratio=numbers.ratio(row.ratio_to_best))
    if row.memory_fits is False and row.devices_to_fit:
        count = numbers.count(row.devices_to_fit)
        if speed:
            key = "phrase.compare_speed_on" if leader_fits else "phrase.compare_speed_on_all"
            text += " " + ctx.t(key, count=numbers.count(row.speed_devices or row.devices_to_fit))
        else:
            text += " " + ctx.t("phrase.compare_no_fit", count=count)
    return text + mark


def _unranked_line(ctx: Ctx, rank: int, row: DeviceResult) -> str:
    metric = ctx.estimate.compare_metric if ctx.estimate else None
    hw = ctx.catalog.hardware.get(row.hardware_id)
    figure = MISSING_FIGURE.get(metric or "", "peak")
    missing = hw is not None and (
        hw.bandwidth_gbs is None
        if figure == "bandwidth"
        else not any(hw.peak_tflops.get(p) for p in COMPARABLE_PRECISIONS)
    )
    key = "line.compare_row_unpublished" if missing else "line.compare_row_unranked"
    return ctx.t(
        key, rank=rank, devices=_row_name(ctx, row), figure=ctx.t(f"figure.{figure}")
    ) + ctx.cites.mark(hw.source if hw else None)


def _row_name(ctx: Ctx, row: DeviceResult) -> str:
    """A ranked row names the device plainly ("A100 80GB SXM4", "8 × A100 80GB SXM4")."""
    name = ctx.hardware_name(row.hardware_id)
    return name if row.count == 1 else ctx.devices(_ref(ctx, row), row.count)


def _ref(ctx: Ctx, row: DeviceResult) -> HardwareRef:
    return HardwareRef(id=row.hardware_id, name=ctx.hardware_name(row.hardware_id), count=row.count)


def _named(ctx: Ctx, row: DeviceResult) -> str:
    return ctx.devices(_ref(ctx, row), row.count)


def _title(ctx: Ctx, rows: list[DeviceResult]) -> str:
    """Who comes first and by how much; or why the others are not set against it."""
    est = ctx.estimate
    metric = ctx.t(f"metric.{est.compare_metric or 'peak_flops'}") if est else ""
    best = rows[0]
    values = {
        "best": _named(ctx, best),
        "metric": metric,
        "model": ctx.model_name(),
        "precision": ctx.precision(est.precision_used if est else None),
    }
    ranked = [r for r in rows if r.ratio_to_best is not None]
    if not ranked:
        return ctx.t("title.compare_none_ranked", **values)
    speed = est is not None and est.compare_metric == "tokens_per_second"
    if speed and best.memory_fits is not False:
        others = [r for r in rows[1:] if r.memory_fits is False]
        if len(ranked) < 2 and others:
            second = others[0]
            count = numbers.count(second.devices_to_fit or 0)
            return ctx.t("title.compare_holder", second=_named(ctx, second), count=count, **values)
    if len(ranked) < 2:
        unranked = ", ".join(_named(ctx, r) for r in rows[1:])
        return ctx.t("title.compare_one_ranked", others=unranked, **values)
    second = ranked[1]
    values |= {"second": _named(ctx, second), "ratio": numbers.ratio(second.ratio_to_best or 1)}
    if speed and best.memory_fits is False:
        return ctx.t("title.compare_none_fit", **values)
    return ctx.t("title.compare", **values)


def render_compare(ctx: Ctx) -> Reply:
    est = ctx.estimate
    rows = est.compare if est else []
    if len(rows) < 2:
        return ctx.reply(ctx.t("title.compare_unknown"), lead_lines(ctx))
    leader_fits = rows[0].memory_fits is not False
    lines = [
        *lead_lines(ctx),
        *(_row_line(ctx, i, r, leader_fits) for i, r in enumerate(rows, start=1)),
    ]
    fields = [(ctx.hardware_name(r.hardware_id), value) for r in rows if (value := _metric(ctx, r))]
    math = [
        ctx.t(
            "math.compare_ratio",
            name=ctx.hardware_name(r.hardware_id),
            ratio=numbers.ratio(r.ratio_to_best),
        )
        for r in rows[1:]
        if r.ratio_to_best is not None
    ]
    return ctx.reply(_title(ctx, rows), lines, fields, math)

"""The compare reply: the same question per device, ranked, with the ratio to the best."""

from __future__ import annotations

from bot import numbers
from bot.render.assumptions import lead_lines
from bot.render.common import Ctx
from bot.reply import Reply
from core.types import DeviceResult, HardwareRef


def _metric(ctx: Ctx, row: DeviceResult) -> str:
    """The figure the devices are ranked on, for one row."""
    metric = ctx.estimate.compare_metric if ctx.estimate else None
    if metric == "time_needed_s" and row.time_needed_s is not None:
        return ctx.duration(row.time_needed_s)
    if metric == "tokens_per_second" and row.tokens_per_second is not None:
        return ctx.t("unit.tokens_per_s", n=numbers.num(row.tokens_per_second))
    return f"{numbers.sci(row.peak_flops * row.count)} FLOP/s"


def _row_line(ctx: Ctx, rank: int, row: DeviceResult) -> str:
    hw = ctx.catalog.hardware.get(row.hardware_id)
    tflops = hw.peak_tflops.get(row.precision_used) if hw else None
    text = ctx.t(
        "line.compare_row",
        rank=rank,
        devices=_row_name(ctx, row),
        value=_metric(ctx, row),
        precision=ctx.precision(row.precision_used),
        peak=numbers.tflops(tflops) if tflops is not None else "—",
    )
    if row.ratio_to_best is not None and rank > 1:
        text += " — " + ctx.t("phrase.behind_best", ratio=numbers.ratio(row.ratio_to_best))
    if row.memory_fits is False and row.devices_to_fit:
        text += " " + ctx.t("phrase.compare_no_fit", count=numbers.count(row.devices_to_fit))
    mark = ctx.cites.mark(hw.source_of(f"peak_tflops.{row.precision_used}") if hw else None)
    return text + mark


def _row_name(ctx: Ctx, row: DeviceResult) -> str:
    """A ranked row names the device plainly ("A100 80GB SXM4", "8 × A100 80GB SXM4")."""
    name = ctx.hardware_name(row.hardware_id)
    return name if row.count == 1 else ctx.devices(_ref(ctx, row), row.count)


def _ref(ctx: Ctx, row: DeviceResult) -> HardwareRef:
    return HardwareRef(id=row.hardware_id, name=ctx.hardware_name(row.hardware_id), count=row.count)


def render_compare(ctx: Ctx) -> Reply:
    est = ctx.estimate
    rows = est.compare if est else []
    if len(rows) < 2:
        return ctx.reply(ctx.t("title.compare_unknown"), lead_lines(ctx))
    best, second = rows[0], rows[1]
    title = ctx.t(
        "title.compare",
        best=ctx.devices(_ref(ctx, best), best.count),
        second=ctx.devices(_ref(ctx, second), second.count),
        ratio=numbers.ratio(second.ratio_to_best or 1),
        metric=ctx.t(f"metric.{est.compare_metric or 'peak_flops'}") if est else "",
    )
    lines = [*lead_lines(ctx), *(_row_line(ctx, i, r) for i, r in enumerate(rows, start=1))]
    fields = [(ctx.hardware_name(r.hardware_id), _metric(ctx, r)) for r in rows]
    math = [
        ctx.t(
            "math.compare_ratio",
            name=ctx.hardware_name(r.hardware_id),
            ratio=numbers.ratio(r.ratio_to_best),
        )
        for r in rows[1:]
        if r.ratio_to_best is not None
    ]
    return ctx.reply(title, lines, fields, math)

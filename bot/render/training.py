"""Replies about training from scratch: can_train, time_to_train, devices_needed.

Each reply reads: verdict (the title), what the figures rest on (proxy, outside estimate,
assumed variant), compute needed, compute available at the training precision and at
plain FP32, the time it would take (with a realistic range), the utilization flag, the
memory verdict, and what is feasible instead.
"""

from __future__ import annotations

from bot import numbers
from bot.render import memory
from bot.render.assumptions import lead_lines, utilization_flag
from bot.render.common import Ctx
from bot.reply import Reply
from core import assumptions as A

FP32 = "fp32"


# --- figures shared by the training intents ------------------------------------------------


def required_line(ctx: Ctx) -> str | None:
    """Compute needed, saying where the figure comes from."""
    est = ctx.estimate
    if est is None or est.compute_required_flops is None:
        return None
    flops = numbers.sci(est.compute_required_flops)
    row = ctx.figures_model
    six = ctx.assumption(A.COMPUTE_FROM_6ND)
    if six is not None:
        params, tokens = six.values.get("params"), six.values.get("tokens")
        keys = [*six.sources, *(row.source_of(f) for f in ("params", "tokens"))] if row else []
        text = ctx.t(
            "line.required_6nd",
            flops=flops,
            params=numbers.short(float(params or 0)),
            tokens=numbers.short(float(tokens or 0)),
        )
        text += ctx.cites.mark(*keys, *six.sources)
        chinchilla = ctx.assumption(A.TOKENS_UNDISCLOSED_CHINCHILLA)
        if chinchilla is not None:
            per_param = numbers.num(float(chinchilla.values.get("tokens_per_param") or 0))
            text += " " + ctx.t("phrase.tokens_assumed", tokens_per_param=per_param)
            text += ctx.cites.mark(*chinchilla.sources)
        return text
    kind = est.compute_required_kind or "published"
    key = {"outside_estimate": "line.required_outside", "proxy": "line.required_proxy"}.get(
        kind, "line.required_published"
    )
    name = row.name if row else ctx.model_name()
    source = row.source_of("training_flops") if row else None
    return ctx.t(key, flops=flops, model=name, ref=ctx.cites.ref(source)) + ctx.cites.mark(source)


def precisions(ctx: Ctx) -> list[str]:
    """The precision used first, then plain FP32 when the question named no precision."""
    est = ctx.estimate
    if est is None or est.precision_used is None:
        return []
    out = [est.precision_used]
    shown = est.available_by_precision or est.time_by_precision
    if est.precision_used != FP32 and FP32 in shown:
        out.append(FP32)
    return out


def _peak(ctx: Ctx, p: str) -> tuple[str, str | None]:
    """The device's peak at `p` as written in the catalog, and the source key for it."""
    hw = ctx.hw
    tflops = hw.peak_tflops.get(p) if hw else None
    if hw is None or tflops is None:
        return "—", None
    return numbers.tflops(tflops), hw.source_of(f"peak_tflops.{p}")


def _share(ctx: Ctx, available: float, required: float) -> str:
    """How available compares with required, e.g. "0.72% of what is needed, 138× short"."""
    if available >= required:
        return ctx.t("phrase.enough", ratio=numbers.ratio(available / required))
    return ctx.t(
        "phrase.short",
        pct=numbers.pct(available / required),
        ratio=numbers.ratio(required / available),
    )


def available_lines(ctx: Ctx) -> list[str]:
    """Compute available in the asked time, at the training precision and at plain FP32."""
    est = ctx.estimate
    q = ctx.query
    if est is None or q.duration_s is None or not est.available_by_precision:
        return []
    lines = []
    for i, p in enumerate(precisions(ctx)):
        flops = est.available_by_precision.get(p)
        if flops is None:
            continue
        peak, key = _peak(ctx, p)
        text = ctx.t(
            "line.available" if i == 0 else "line.available_fp32",
            precision=ctx.precision(p, long=True),
            peak=peak,
            flops=numbers.sci(flops),
            duration=ctx.duration(q.duration_s, oblique=True),
            utilization=numbers.pct(est.utilization_used or 0),
        )
        if est.compute_required_flops:
            text += " — " + _share(ctx, flops, est.compute_required_flops)
        lines.append(text + ctx.cites.mark(key))
    return lines


def _time_at(ctx: Ctx, p: str) -> float | None:
    """Wall-clock time at precision `p` (Estimate.time_by_precision)."""
    est = ctx.estimate
    if est is None:
        return None
    if p == est.precision_used and est.time_needed_s is not None:
        return est.time_needed_s
    return est.time_by_precision.get(p)


def time_range_text(ctx: Ctx) -> str:
    """Estimate.time_range_s as text, e.g. " (248–414 years at 30–50% MFU)", or ""."""
    est = ctx.estimate
    a = ctx.assumption(A.TIME_RANGE)
    if est is None or est.time_range_s is None or a is None:
        return ""
    fast, slow = sorted(est.time_range_s)
    lo, hi = sorted(float(a.values.get(k) or 0) for k in ("low", "high"))
    return (
        " "
        + ctx.t(
            "phrase.time_range",
            times=numbers.span(ctx.duration(fast), ctx.duration(slow)),
            utilizations=numbers.span(numbers.pct(lo), numbers.pct(hi)),
        )
        + ctx.cites.mark(*a.sources)
    )


def time_lines(ctx: Ctx) -> list[str]:
    """How long the job takes on the asked devices (and at plain FP32 when shown)."""
    est = ctx.estimate
    if est is None or est.time_needed_s is None:
        return []
    util = numbers.pct(est.utilization_used or 0)
    lines = [
        ctx.t(
            "line.time",
            devices=ctx.devices(),
            time=ctx.duration(est.time_needed_s),
            precision=ctx.precision(est.precision_used),
            utilization=util,
        )
        + time_range_text(ctx)
    ]
    shown = precisions(ctx)
    if ctx.query.duration_s is None and len(shown) > 1:
        fp32_time = _time_at(ctx, shown[1])
        if fp32_time is not None:
            peak, key = _peak(ctx, shown[1])
            lines.append(
                ctx.t("line.time_fp32", time=ctx.duration(fp32_time), peak=peak, utilization=util)
                + ctx.cites.mark(key)
            )
    return lines


def instead_line(ctx: Ctx) -> str | None:
    """What the asker could do instead when the answer is no."""
    est = ctx.estimate
    if est is None:
        return None
    lt = est.largest_trainable
    if lt is not None and lt.tokens is not None:
        return ctx.t(
            "line.instead_largest",
            params=numbers.short(lt.params),
            tokens=numbers.short(lt.tokens),
            bound=ctx.t(f"bound.{lt.bound_by}"),
        )
    if est.verdict == "no":
        return ctx.t("line.instead_generic")
    return None


def compute_unpublished(ctx: Ctx) -> bool:
    """The asked device has no published peak, so its compute could not be assessed."""
    est, hw = ctx.estimate, ctx.hw
    if est is None or hw is None or est.time_needed_s is not None:
        return False
    return any(
        a.code == A.FIGURE_UNPUBLISHED
        and a.values.get("figure") == "peak"
        and a.values.get("hardware") == hw.name
        for a in est.assumptions
    )


def compute_unpublished_line(ctx: Ctx) -> str | None:
    """Says up front that the time (and what rests on it) cannot be worked out."""
    if not compute_unpublished(ctx):
        return None
    source = ctx.hw.source if ctx.hw else None
    return ctx.t("line.compute_unpublished", hardware=ctx.hardware_name()) + ctx.cites.mark(source)


def training_body(ctx: Ctx) -> list[str | None]:
    """The lines every training reply shares, in the order DESIGN.md asks for."""
    est = ctx.estimate
    return [
        *lead_lines(ctx),
        # the title says it, unless the title is a "no" on memory alone
        compute_unpublished_line(ctx) if est is not None and est.verdict == "no" else None,
        required_line(ctx),
        *available_lines(ctx),
        *time_lines(ctx),
        utilization_flag(ctx),
        memory.memory_line(ctx),
        instead_line(ctx),
    ]


def training_fields(ctx: Ctx) -> list[tuple[str, str]]:
    est = ctx.estimate
    if est is None:
        return []
    fields = []
    if est.verdict is not None:
        fields.append((ctx.t("field.verdict"), ctx.t(f"verdict.{est.verdict}")))
    if est.compute_required_flops is not None:
        fields.append((ctx.t("field.required"), numbers.sci(est.compute_required_flops) + " FLOPs"))
    required = est.compute_required_flops
    for p in precisions(ctx) if ctx.query.duration_s is not None else []:
        flops = est.available_by_precision.get(p)
        if flops is None:
            continue
        label = ctx.t(
            "field.available",
            precision=ctx.precision(p),
            utilization=numbers.pct(est.utilization_used or 0),
        )
        value = numbers.sci(flops) + " FLOPs"
        if required:
            value += f" ({_share(ctx, flops, required)})"
        fields.append((label, value))
    if est.time_needed_s is not None:
        value = ctx.duration(est.time_needed_s)
        if est.time_range_s:
            fast, slow = sorted(est.time_range_s)
            value += f" ({numbers.span(ctx.duration(fast), ctx.duration(slow))})"
        fields.append((ctx.t("field.time"), value))
    if est.devices_needed is not None:
        fields.append((ctx.t("field.devices_needed"), numbers.count(est.devices_needed)))
    return fields + memory.memory_fields(ctx)


# --- the arithmetic, one step a line --------------------------------------------------------


def required_math(ctx: Ctx) -> list[str]:
    est = ctx.estimate
    if est is None or est.compute_required_flops is None:
        return []
    six = ctx.assumption(A.COMPUTE_FROM_6ND)
    flops = numbers.sci(est.compute_required_flops)
    if six is not None:
        return [
            ctx.t(
                "math.required_6nd",
                params=numbers.e_notation(float(six.values.get("params") or 0), engineering=True),
                tokens=numbers.e_notation(float(six.values.get("tokens") or 0), engineering=True),
                flops=flops,
            )
        ]
    row = ctx.figures_model
    key = {"outside_estimate": "math.required_outside", "proxy": "math.required_proxy"}.get(
        est.compute_required_kind or "", "math.required_published"
    )
    return [ctx.t(key, flops=flops, model=row.name if row else ctx.model_name())]


def available_math(ctx: Ctx) -> list[str]:
    est, q, hw = ctx.estimate, ctx.query, ctx.hw
    if est is None or hw is None or q.duration_s is None:
        return []
    steps = []
    for p in precisions(ctx):
        tflops, flops = hw.peak_tflops.get(p), est.available_by_precision.get(p)
        if tflops is None or flops is None:
            continue
        steps.append(
            ctx.t(
                "math.available",
                precision=ctx.precision(p),
                peak=numbers.e_notation(tflops * 1e12, 12),
                utilization=numbers.e_notation(est.utilization_used or 0),
                seconds=numbers.count(q.duration_s),
                count=ctx.count,
                flops=numbers.sci(flops),
            )
        )
        if est.compute_required_flops and flops >= est.compute_required_flops:
            steps.append(
                ctx.t(
                    "math.share_enough",
                    available=numbers.sci(flops),
                    required=numbers.sci(est.compute_required_flops),
                    ratio=numbers.ratio(flops / est.compute_required_flops),
                )
            )
        elif est.compute_required_flops:
            steps.append(
                ctx.t(
                    "math.share",
                    available=numbers.sci(flops),
                    required=numbers.sci(est.compute_required_flops),
                    pct=numbers.pct(flops / est.compute_required_flops),
                    ratio=numbers.ratio(est.compute_required_flops / flops),
                )
            )
    return steps


def time_math(ctx: Ctx) -> list[str]:
    est, hw = ctx.estimate, ctx.hw
    if est is None or hw is None or est.time_needed_s is None or est.precision_used is None:
        return []
    tflops = hw.peak_tflops.get(est.precision_used)
    if tflops is None or est.compute_required_flops is None:
        return []
    return [
        ctx.t(
            "math.time",
            required=numbers.sci(est.compute_required_flops),
            peak=numbers.e_notation(tflops * 1e12, 12),
            utilization=numbers.e_notation(est.utilization_used or 0),
            count=ctx.count,
            seconds=numbers.sci(est.time_needed_s),
            time=ctx.duration(est.time_needed_s),
        )
    ]


def devices_math(ctx: Ctx) -> list[str]:
    est, hw, q = ctx.estimate, ctx.hw, ctx.query
    if est is None or hw is None or est.devices_needed is None or q.duration_s is None:
        return []
    tflops = hw.peak_tflops.get(est.precision_used or "")
    if tflops is None or est.compute_required_flops is None:
        return []
    return [
        ctx.t(
            "math.devices",
            required=numbers.sci(est.compute_required_flops),
            peak=numbers.e_notation(tflops * 1e12, 12),
            utilization=numbers.e_notation(est.utilization_used or 0),
            seconds=numbers.count(q.duration_s),
            devices=numbers.count(est.devices_needed),
        )
    ]


def training_math(ctx: Ctx) -> list[str]:
    return [
        *required_math(ctx),
        *available_math(ctx),
        *time_math(ctx),
        *devices_math(ctx),
        *memory.memory_math(ctx),
    ]


# --- the intents --------------------------------------------------------------------------


def _title(ctx: Ctx) -> str:
    est = ctx.estimate
    q = ctx.query
    values = {
        "devices": ctx.devices(),
        "model": ctx.model_name(),
        "duration": ctx.duration(q.duration_s, oblique=True),
        "utilization": numbers.pct(est.utilization_used or 0) if est else "—",
        "precision": ctx.precision(est.precision_used if est else None),
        "time": ctx.duration(est.time_needed_s if est else None),
        "time_in": ctx.duration(est.time_needed_s if est else None, oblique=True),
        "count": numbers.count(est.devices_needed) if est and est.devices_needed else "—",
        "hardware": ctx.hardware_name(),
    }
    intent = q.intent
    unassessed = compute_unpublished(ctx)
    if intent == "can_train" and est is not None and est.verdict in ("yes", "no"):
        if q.duration_s is not None and not unassessed:
            return ctx.t(f"title.can_train_{est.verdict}", **values)
        return _open_ended_title(ctx, values)
    if unassessed:
        key = (
            "title.can_train_compute_unknown"
            if intent == "can_train"
            else "title.compute_unpublished"
        )
        return ctx.t(key, **values)
    if intent == "devices_needed" and est is not None and est.devices_needed:
        return ctx.t("title.devices_needed", **values)
    if est is not None and est.time_needed_s is not None:
        return ctx.t("title.time_to_train", **values)
    return ctx.t("title.training_unknown", **values)


def _open_ended_title(ctx: Ctx, values: dict[str, str]) -> str:
    """can_train with no time limit: the answer turns on memory, or on how long it takes."""
    est = ctx.estimate
    m = est.memory if est else None
    if (
        est is not None
        and est.verdict == "no"
        and m is not None
        and m.available_bytes is not None
        and not m.fits
    ):
        required, available = numbers.bytes_pair(m.required_bytes, m.available_bytes)
        return ctx.t("title.can_train_no_memory", required=required, available=available, **values)
    if est is not None and est.verdict == "yes" and est.time_needed_s is not None:
        return ctx.t("title.can_train_yes_open", **values)
    return ctx.t("title.time_to_train", **values)


def render_training(ctx: Ctx) -> Reply:
    """can_train, time_to_train and devices_needed share one layout."""
    return ctx.reply(_title(ctx), training_body(ctx), training_fields(ctx), training_math(ctx))

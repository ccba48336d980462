"""Replies about budgets: training_compute and largest_trainable.

training_compute with a device names the GPU-hours in its title, beside the developer's own
GPU-hours when published. largest_trainable is either compute-optimal against memory
(pre-training in a given time) or bound by memory alone (`render_largest_by_memory`).
Costs are in `bot.render.cost`.
"""

from __future__ import annotations

from bot import numbers
from bot.render import training
from bot.render.assumptions import lead_lines, utilization_flag
from bot.render.common import Ctx
from bot.reply import Reply
from core import assumptions as A
from core import conventions as C


def _value(ctx: Ctx, code: str, name: str) -> float | str | None:
    a = ctx.assumption(code)
    value = a.values.get(name) if a else None
    return value if isinstance(value, int | float | str) else None


def _sources(ctx: Ctx, code: str) -> list[str]:
    a = ctx.assumption(code)
    return list(a.sources) if a else []


# --- training_compute -------------------------------------------------------------------------


def _device_hours_line(ctx: Ctx) -> str | None:
    est = ctx.estimate
    if est is None or est.device_hours is None or ctx.hw is None:
        return None
    return ctx.t(
        "line.device_hours",
        hours=numbers.count(est.device_hours),
        hardware=ctx.hardware_name(),
        precision=ctx.precision(est.precision_used),
        utilization=numbers.pct(est.utilization_used or 0),
    ) + ctx.cites.mark(ctx.hw.source_of(f"peak_tflops.{est.precision_used}"))


def _published_hours_line(ctx: Ctx) -> str | None:
    a = ctx.assumption(A.PUBLISHED_DEVICE_HOURS)
    if a is None:
        return None
    implied = ctx.estimate.implied_utilization if ctx.estimate else None
    text = ctx.t(
        "line.published_hours",
        model=ctx.name_of(a.values.get("model")),
        hours=numbers.count(float(a.values.get("device_hours") or 0)),
        hardware=ctx.name_of(a.values.get("hardware")),
    )
    if implied is not None:
        text += " " + ctx.t("phrase.implied_utilization", utilization=numbers.pct(implied))
    return text + ctx.cites.mark(*a.sources)


def render_training_compute(ctx: Ctx) -> Reply:
    est = ctx.estimate
    flops = est.compute_required_flops if est else None
    values = {
        "model": ctx.model_name(),
        "flops": numbers.sci(flops) if flops else "—",
        "pf_days": numbers.num(est.pf_days) if est and est.pf_days else "—",
    }
    title = ctx.t("title.training_compute" if flops else "title.compute_unknown", **values)
    if est is not None and est.device_hours is not None and ctx.hw is not None and flops:
        title = ctx.t(
            "title.device_hours",
            hours=numbers.count(est.device_hours),
            hardware=ctx.hardware_name(),
            model=values["model"],
            precision=ctx.precision(est.precision_used),
            utilization=numbers.pct(est.utilization_used or 0),
        )
    pf_line = None
    if est is not None and est.pf_days is not None:
        pf_line = ctx.t("line.pf_days", pf_days=values["pf_days"]) + ctx.cites.mark(
            *_sources(ctx, A.PF_DAY)
        )
    lines = [
        *lead_lines(ctx),
        training.required_line(ctx),
        pf_line,
        _device_hours_line(ctx),
        _wall_clock_line(ctx),
        _published_hours_line(ctx),
        utilization_flag(ctx),
    ]
    fields = [(ctx.t("field.required"), f"{values['flops']} FLOPs")] if flops else []
    if est is not None and est.pf_days is not None:
        fields.append((ctx.t("field.pf_days"), values["pf_days"]))
    if est is not None and est.device_hours is not None and ctx.hw is not None:
        fields.append((ctx.t("field.device_hours"), numbers.count(est.device_hours)))
    if est is not None and est.published_device_hours is not None:
        fields.append((ctx.t("field.published_hours"), numbers.count(est.published_device_hours)))
    math = [*training.required_math(ctx), *pf_days_math(ctx), *_device_hours_math(ctx)]
    return ctx.reply(title, lines, fields, math)


def _wall_clock_line(ctx: Ctx) -> str | None:
    est = ctx.estimate
    if est is None or est.device_hours is None or est.time_needed_s is None or ctx.hw is None:
        return None
    return ctx.t(
        "line.device_hours_time", devices=ctx.devices(), time=ctx.duration(est.time_needed_s)
    )


def _device_hours_math(ctx: Ctx) -> list[str]:
    est, hw = ctx.estimate, ctx.hw
    if est is None or hw is None or est.device_hours is None or not est.compute_required_flops:
        return []
    peak = hw.peak_tflops.get(est.precision_used or "")
    if peak is None or est.utilization_used is None:
        return []
    return [
        ctx.t(
            "math.device_hours",
            flops=numbers.e_notation(est.compute_required_flops),
            peak=numbers.e_notation(peak * 1e12, 12),
            utilization=numbers.e_notation(est.utilization_used),
            hours=numbers.count(est.device_hours),
        )
    ]


def pf_days_math(ctx: Ctx) -> list[str]:
    est = ctx.estimate
    if est is None or est.pf_days is None or est.compute_required_flops is None:
        return []
    return [
        ctx.t(
            "math.pf_days",
            flops=numbers.sci(est.compute_required_flops),
            unit=numbers.e_notation(C.PF_DAY_FLOPS),
            pf_days=numbers.num(est.pf_days),
        )
    ]


# --- largest_trainable ------------------------------------------------------------------------


def render_largest_trainable(ctx: Ctx) -> Reply:
    est = ctx.estimate
    lt = est.largest_trainable if est else None
    duration = (est.duration_s if est else None) or ctx.query.duration_s
    values = {"devices": ctx.devices(), "duration": ctx.duration(duration, oblique=True)}
    if est is None or lt is None:
        return ctx.reply(ctx.t("title.largest_unknown", **values), lead_lines(ctx))
    if lt.compute_optimal_params is None or lt.tokens is None or ctx.hw is None:
        return render_largest_by_memory(ctx)
    values |= {"params": numbers.short(lt.params), "tokens": numbers.short(lt.tokens)}
    title = ctx.t("title.largest_trainable", **values)
    tokens_per_param = _value(ctx, A.CHINCHILLA_OPTIMAL, "tokens_per_param")
    bytes_per_param = _value(ctx, A.LARGEST_TRAINABLE_MEMORY, "bytes_per_param")
    available = est.compute_available_flops
    lines = [
        *lead_lines(ctx),
        ctx.t(
            "line.largest_compute",
            flops=numbers.sci(available) if available else "—",
            precision=ctx.precision(est.precision_used),
            utilization=numbers.pct(est.utilization_used or 0),
            params=numbers.short(lt.compute_optimal_params),
            tokens_per_param=numbers.num(float(tokens_per_param or 0)),
        )
        + ctx.cites.mark(
            ctx.hw.source_of(f"peak_tflops.{est.precision_used}") if ctx.hw else None,
            *_sources(ctx, A.CHINCHILLA_OPTIMAL),
        ),
        ctx.t(
            "line.largest_memory",
            params=numbers.short(lt.memory_max_params),
            bytes_per_param=numbers.num(float(bytes_per_param or 0)),
            memory=numbers.bytes_(ctx.hw.memory_bytes * ctx.count) if ctx.hw else "—",
        )
        + ctx.cites.mark(
            ctx.hw.source_of("memory_gb") if ctx.hw else None,
            *_sources(ctx, A.LARGEST_TRAINABLE_MEMORY),
        ),
        ctx.t(f"line.bound_{lt.bound_by}"),
    ]
    fields = [
        (ctx.t("field.largest_params"), numbers.short(lt.params)),
        (ctx.t("field.largest_tokens"), numbers.short(lt.tokens)),
        (ctx.t("field.bound"), ctx.t(f"bound.{lt.bound_by}")),
    ]
    math = []
    if available and tokens_per_param:
        math.append(
            ctx.t(
                "math.chinchilla",
                flops=numbers.sci(available),
                tokens_per_param=numbers.num(float(tokens_per_param)),
                params=numbers.sci(lt.compute_optimal_params),
            )
        )
    if bytes_per_param and ctx.hw is not None:
        math.append(
            ctx.t(
                "math.largest_memory",
                memory=numbers.bytes_(ctx.hw.memory_bytes * ctx.count),
                bytes_per_param=numbers.num(float(bytes_per_param)),
                params=numbers.sci(lt.memory_max_params),
            )
        )
    return ctx.reply(title, lines, fields, math)


def render_largest_by_memory(ctx: Ctx) -> Reply:
    """The most parameters the devices hold for the task, what that leaves out, the catalog's
    largest models that fit in full, and for pre-training the time the size would take."""
    est = ctx.estimate
    assert est is not None and est.largest_trainable is not None
    lt, hw = est.largest_trainable, ctx.hw
    memory = hw.memory_bytes * ctx.count if hw else 0.0
    per_param = float(_value(ctx, A.LARGEST_BY_MEMORY, "bytes_per_param") or 0)
    task = ctx.t(f"task.{lt.task}")
    title = ctx.t(
        "title.largest_memory",
        devices=ctx.devices(),
        task=task,
        params=numbers.short(lt.params),
    )
    overhead = _value(ctx, A.RUNTIME_OVERHEAD, "fraction")
    what = ctx.t(
        f"per_param.{lt.task}",
        precision=ctx.precision(est.precision_used),
        overhead=numbers.pct(float(overhead or 0)),
    )
    lines: list[str | None] = [
        *lead_lines(ctx),
        training.compute_unpublished_line(ctx),
        ctx.t(
            "line.largest_by_memory",
            memory=numbers.bytes_(memory),
            bytes_per_param=numbers.num(per_param),
            per_param=what,
            params=numbers.short(lt.params),
        )
        + ctx.cites.mark(
            hw.source_of("memory_gb") if hw else None,
            *_sources(ctx, A.LARGEST_BY_MEMORY),
            *_sources(ctx, A.RUNTIME_OVERHEAD),
        ),
        ctx.t("line.largest_left_out", left_out=ctx.t(f"left_out.{lt.task}")),
        _largest_time_line(ctx),
        _fitting_models_line(ctx),
        utilization_flag(ctx),
    ]
    fields = [(ctx.t("field.largest_params"), numbers.short(lt.params))]
    if lt.tokens is not None:
        fields.append((ctx.t("field.largest_tokens"), numbers.short(lt.tokens)))
    fields.append((ctx.t("field.bound"), ctx.t(f"bound.{lt.bound_by}")))
    if est.time_needed_s is not None:
        fields.append((ctx.t("field.time"), ctx.duration(est.time_needed_s)))
    math = [
        ctx.t(
            "math.largest_memory",
            memory=numbers.bytes_(memory),
            bytes_per_param=numbers.num(per_param),
            params=numbers.sci(lt.params),
        )
    ]
    if lt.tokens is not None and est.compute_required_flops is not None:
        math.append(
            ctx.t(
                "math.required_6nd",
                params=numbers.e_notation(lt.params, engineering=True),
                tokens=numbers.e_notation(lt.tokens, engineering=True),
                flops=numbers.sci(est.compute_required_flops),
            )
        )
    return ctx.reply(title, lines, fields, [*math, *training.time_math(ctx)])


def _largest_time_line(ctx: Ctx) -> str | None:
    """Pre-training with no time given: how long the memory-bound size would take."""
    est, hw = ctx.estimate, ctx.hw
    lt = est.largest_trainable if est else None
    if est is None or lt is None or lt.tokens is None or est.time_needed_s is None:
        return None
    precision = est.precision_used
    return ctx.t(
        "line.largest_no_duration",
        tokens=numbers.short(lt.tokens),
        tokens_per_param=numbers.num(
            float(_value(ctx, A.CHINCHILLA_OPTIMAL, "tokens_per_param") or 0)
        ),
        time=ctx.duration(est.time_needed_s),
        devices=ctx.devices(),
        precision=ctx.precision(precision),
        utilization=numbers.pct(est.utilization_used or 0),
    ) + ctx.cites.mark(
        hw.source_of(f"peak_tflops.{precision}") if hw and precision else None,
        *_sources(ctx, A.CHINCHILLA_OPTIMAL),
    )


def _fitting_models_line(ctx: Ctx) -> str | None:
    est = ctx.estimate
    if est is None or ctx.assumption(A.FITTING_MODELS) is None:
        return None
    if not est.fitting_models:
        return ctx.t("line.fitting_none")
    rows = [ctx.catalog.models.get(f.model_id) for f in est.fitting_models]
    listed = "; ".join(
        ctx.t(
            "phrase.fitting_model",
            name=ctx.name_of(f.model_id),
            required=numbers.bytes_(f.required_bytes),
        )
        for f in est.fitting_models
    )
    return ctx.t("line.fitting_models", models=listed) + ctx.cites.mark(
        *(row.source_of("params") for row in rows if row)
    )

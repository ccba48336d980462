"""Replies about memory and running a model: the memory verdict, fits, inference_speed.

A `fits` question that names no device gets the memory the task needs and how many of each
reference device would hold it, with no verdict (`render_memory_need`).
"""

from __future__ import annotations

from bot import numbers
from bot.render.assumptions import lead_lines, word
from bot.render.common import Ctx
from bot.reply import Reply
from core import assumptions as A
from core.types import MemoryOption

# The assumption that states how each task's memory was counted (cited beside the figure).
TASK_CODES = {
    "pretrain": A.TRAINING_MEMORY_ADAM,
    "finetune": A.TRAINING_MEMORY_ADAM,
    "lora": A.LORA_MEMORY,
    "qlora": A.QLORA_MEMORY,
    "inference": A.INFERENCE_WEIGHTS,
}
WEIGHT_PARTS = ("weights", "frozen_weights")


def _memory_sources(ctx: Ctx) -> list[str | None]:
    est = ctx.estimate
    keys: list[str | None] = [ctx.hw.source_of("memory_gb") if ctx.hw else None]
    if est is not None and est.memory is not None:
        a = ctx.assumption(TASK_CODES.get(est.memory.task, ""))
        keys += a.sources if a else []
    return keys


def _model_sources(ctx: Ctx) -> list[str]:
    """Where the model's size comes from (the proxy's row when one stands in)."""
    row = ctx.figures_model
    return [row.source_of("params")] if row is not None and row.params else []


def part_name(ctx: Ctx, part: str) -> str:
    key = f"part.{part}"
    return ctx.t(key) if ctx.has(key) else part.replace("_", " ")


def memory_line(ctx: Ctx) -> str | None:
    """Needed against available, the weights alone when it does not fit, and how many
    devices would hold it."""
    est = ctx.estimate
    m = est.memory if est else None
    if m is None or m.available_bytes is None or m.devices_to_fit is None:
        return None
    required, available = numbers.bytes_pair(m.required_bytes, m.available_bytes)
    values = {
        "task": ctx.t(f"task.{m.task}"),
        "required": required,
        "available": available,
        "devices": ctx.devices(),
        "count": numbers.count(m.devices_to_fit),
        "headroom": numbers.bytes_within(
            abs(m.available_bytes - m.required_bytes), m.available_bytes
        ),
    }
    if m.fits:
        text = ctx.t("line.memory_fits", **values)
        return text + ctx.cites.mark(*_memory_sources(ctx)) + _size_caveat(ctx)
    weights = next((m.breakdown[p] for p in WEIGHT_PARTS if p in m.breakdown), None)
    if weights is not None and len(m.breakdown) > 1:
        values |= {"precision": ctx.precision(m.precision), "weights": numbers.bytes_(weights)}
        text = ctx.t("line.memory_no_weights", **values)
    else:
        text = ctx.t("line.memory_no", **values)
    text += " " + ctx.t("phrase.devices_to_hold", count=values["count"])
    return text + ctx.cites.mark(*_memory_sources(ctx)) + _size_caveat(ctx)


def _size_caveat(ctx: Ctx) -> str:
    """Memory rests on the parameter count: say so when that count is an outside estimate."""
    row = ctx.figures_model
    if row is None or row.params_kind != "outside_estimate":
        return ""
    return " " + ctx.t("phrase.size_outside") + ctx.cites.mark(row.source_of("params"))


def memory_fields(ctx: Ctx) -> list[tuple[str, str]]:
    est = ctx.estimate
    m = est.memory if est else None
    if m is None:
        return []
    if m.available_bytes is None or m.devices_to_fit is None:
        return [
            (ctx.t("field.memory", task=ctx.t(f"task.{m.task}")), numbers.bytes_(m.required_bytes))
        ]
    required, available = numbers.bytes_pair(m.required_bytes, m.available_bytes)
    fields = [
        (
            ctx.t("field.memory", task=ctx.t(f"task.{m.task}")),
            ctx.t("phrase.needed_of", required=required, available=available),
        )
    ]
    if not m.fits:
        fields.append((ctx.t("field.devices_to_fit"), numbers.count(m.devices_to_fit)))
    return fields


def memory_math(ctx: Ctx) -> list[str]:
    est = ctx.estimate
    m = est.memory if est else None
    if m is None:
        return []
    parts = " + ".join(
        f"{part_name(ctx, k)} {numbers.bytes_(v, 3)}" for k, v in m.breakdown.items()
    )
    steps = [f"{parts} = {numbers.bytes_(m.required_bytes, 3)}"] if parts else []
    if m.available_bytes is None or m.devices_to_fit is None or m.devices_to_fit <= 1:
        return steps
    per_device = m.available_bytes / ctx.count
    steps.append(
        ctx.t(
            "math.devices_to_fit",
            required=numbers.bytes_(m.required_bytes, 3),
            per_device=numbers.bytes_(per_device, 3),
            count=numbers.count(m.devices_to_fit),
        )
    )
    return steps


# --- fits ---------------------------------------------------------------------------------


def render_fits(ctx: Ctx) -> Reply:
    est = ctx.estimate
    m = est.memory if est else None
    if m is None:
        return ctx.reply(ctx.t("title.memory_unknown", model=ctx.model_name()), lead_lines(ctx))
    if m.available_bytes is None:
        return render_memory_need(ctx)
    required, available = numbers.bytes_pair(m.required_bytes, m.available_bytes)
    values = {
        "model": ctx.model_name(),
        "devices": ctx.devices(),
        "task": ctx.t(f"task.{m.task}"),
        "precision": ctx.precision(m.precision),
        "required": required,
        "available": available,
    }
    title = ctx.t("title.fits_yes" if m.fits else "title.fits_no", **values)
    lines = [*lead_lines(ctx), parts_line(ctx, values["required"]), memory_line(ctx)]
    if ctx.query.duration_s:  # "… fine-tune BERT in a day?" with no tokens: say it, don't drop it
        when = numbers.duration(ctx.query.duration_s, ctx.lang)
        lines.append(ctx.t("line.fits_time_unused", duration=when))
    fields = [(ctx.t("field.verdict"), ctx.t("verdict.yes" if m.fits else "verdict.no"))]
    key = "field.headroom" if m.fits else "field.overflow"
    gap = abs(m.available_bytes - m.required_bytes)
    limit = m.available_bytes if m.fits else m.required_bytes
    fields += [*memory_fields(ctx), (ctx.t(key), numbers.bytes_within(gap, limit))]
    return ctx.reply(title, lines, fields, memory_math(ctx))


def parts_line(ctx: Ctx, required: str, caveat: bool = False) -> str | None:
    """What the memory is made of, part by part, with where the model's size comes from;
    `caveat` adds that the size is an outside estimate, when it is."""
    m = ctx.estimate.memory if ctx.estimate else None
    if m is None:
        return None
    parts = ", ".join(f"{part_name(ctx, k)} {numbers.bytes_(v)}" for k, v in m.breakdown.items())
    text = ctx.t("line.memory_parts", parts=parts, required=required) + ctx.cites.mark(
        *_model_sources(ctx), *_memory_sources(ctx)[1:]
    )
    return text + (_size_caveat(ctx) if caveat else "")


# --- fits, no device named ------------------------------------------------------------------


def _option_text(ctx: Ctx, option: MemoryOption) -> str:
    return ctx.t(
        "phrase.memory_option",
        count=numbers.count(option.devices_to_fit),
        name=ctx.hardware_name(option.hardware_id),
        memory=numbers.bytes_(option.memory_bytes),
    )


def _option_sources(ctx: Ctx, options: list[MemoryOption]) -> list[str | None]:
    rows = [ctx.catalog.hardware.get(o.hardware_id) for o in options]
    a = ctx.assumption(A.MEMORY_OPTIONS)
    return [*(hw.source_of("memory_gb") for hw in rows if hw), *(a.sources if a else ())]


def smallest_holder(options: list[MemoryOption]) -> tuple[MemoryOption, bool] | None:
    """The smallest device that holds it alone (True), else the option needing the fewest
    devices (False); None without options."""
    single = [o for o in options if o.devices_to_fit == 1]
    if single:
        return min(single, key=lambda o: o.memory_bytes), True
    if not options:
        return None
    return min(options, key=lambda o: (o.devices_to_fit, -o.memory_bytes)), False


def render_memory_need(ctx: Ctx) -> Reply:
    """No device named: the memory, and how many of each reference device would hold it."""
    est = ctx.estimate
    assert est is not None and est.memory is not None
    m, options = est.memory, est.memory_options
    required = numbers.bytes_(m.required_bytes)
    title = ctx.t(
        "title.memory_need",
        model=ctx.model_name(),
        task=ctx.t(f"task.{m.task}"),
        precision=ctx.precision(m.precision),
        required=required,
    )
    lines: list[str | None] = [*lead_lines(ctx), parts_line(ctx, required, caveat=True)]
    fields = memory_fields(ctx)
    holder = smallest_holder(options)
    if holder is not None:
        option, alone = holder
        name = ctx.hardware_name(option.hardware_id)
        text = _option_text(ctx, option)
        if alone:
            memory = numbers.bytes_(option.memory_bytes)
            text = ctx.t("phrase.device_memory", name=name, memory=memory)
        key = "line.smallest_device" if alone else "line.no_single_device"
        lines.append(ctx.t(key, option=text))
        field_key = "field.smallest_device" if alone else "field.fewest_devices"
        fields.append((ctx.t(field_key), text))
        listed = "; ".join(_option_text(ctx, o) for o in options)
        lines.append(
            ctx.t("line.memory_options", options=listed)
            + ctx.cites.mark(*_option_sources(ctx, options))
        )
    lines.append(ctx.t("line.name_device", model=ctx.model_name()))
    return ctx.reply(title, lines, fields, [*memory_math(ctx), *_options_math(ctx, options)])


def _options_math(ctx: Ctx, options: list[MemoryOption]) -> list[str]:
    m = ctx.estimate.memory if ctx.estimate else None
    if m is None:
        return []
    return [
        ctx.t(
            "math.memory_option",
            name=ctx.hardware_name(o.hardware_id),
            required=numbers.bytes_(m.required_bytes, 3),
            per_device=numbers.bytes_(o.memory_bytes, 3),
            count=numbers.count(o.devices_to_fit),
        )
        for o in options
    ]


# --- inference speed ------------------------------------------------------------------------


def _value(ctx: Ctx, code: str, name: str) -> float | None:
    a = ctx.assumption(code)
    value = a.values.get(name) if a else None
    return float(value) if isinstance(value, int | float) else None


def _speed_devices(ctx: Ctx) -> int:
    """How many devices the speed figures are for (the fewest that hold the model when the
    asked ones do not)."""
    est = ctx.estimate
    return est.speed_devices if est is not None and est.speed_devices else ctx.count


def _bytes_per_token(ctx: Ctx, efficiency: float) -> float | None:
    """Bytes read per generated token over all the devices: the estimate's figure, else what
    the bandwidth bound implies (rate = efficiency × bandwidth × devices ÷ bytes)."""
    est, hw = ctx.estimate, ctx.hw
    if est is None or est.decode_bytes_per_token is not None:
        return est.decode_bytes_per_token if est else None
    if hw is None or not hw.bandwidth_gbs or not est.tokens_per_second:
        return None
    return efficiency * hw.bandwidth_gbs * 1e9 * _speed_devices(ctx) / est.tokens_per_second


def decode_line(ctx: Ctx) -> str | None:
    est, hw = ctx.estimate, ctx.hw
    if est is None or est.tokens_per_second is None:
        return None
    values = {"tps": numbers.num(est.tokens_per_second)}
    if est.decode_bound == "compute":
        return ctx.t("line.decode_compute", **values)
    efficiency = _value(ctx, A.DECODE_EFFICIENCY, "efficiency")
    per_token = _bytes_per_token(ctx, efficiency) if efficiency is not None else None
    if hw is None or hw.bandwidth_gbs is None or efficiency is None or per_token is None:
        return ctx.t("line.decode", **values)
    a = ctx.assumption(A.DECODE_EFFICIENCY)
    n = _speed_devices(ctx)
    values |= {
        "bandwidth": f"{numbers.num(hw.bandwidth_gbs, 4)} GB/s",
        "efficiency": numbers.pct(efficiency),
        "per_token": numbers.bytes_(per_token),
    }
    if n > 1:
        values |= {"devices": ctx.devices(count=n), "per_device": numbers.bytes_(per_token / n)}
    key = "line.decode_bandwidth_split" if n > 1 else "line.decode_bandwidth"
    return ctx.t(key, **values) + ctx.cites.mark(
        *_model_sources(ctx), hw.source_of("bandwidth_gbs"), *(a.sources if a else ())
    )


def prefill_line(ctx: Ctx) -> str | None:
    est = ctx.estimate
    if est is None:
        return None
    omitted = ctx.assumption(A.PREFILL_OMITTED)
    if est.prefill_tokens_per_second is None:
        return word(ctx, omitted) if omitted is not None else None
    a = ctx.assumption(A.PREFILL_COMPUTE)
    precision = a.values.get("precision") if a else None
    peak = ctx.hw.peak_tflops.get(str(precision)) if ctx.hw and precision else None
    return ctx.t(
        "line.prefill",
        tps=numbers.num(est.prefill_tokens_per_second),
        precision=ctx.precision(str(precision) if precision else None),
        peak=numbers.tflops(peak) if peak else "—",
        utilization=numbers.pct(_value(ctx, A.PREFILL_COMPUTE, "utilization") or 0),
    ) + ctx.cites.mark(ctx.hw.source_of(f"peak_tflops.{precision}") if ctx.hw and peak else None)


def speed_math(ctx: Ctx) -> list[str]:
    est, hw = ctx.estimate, ctx.hw
    efficiency = _value(ctx, A.DECODE_EFFICIENCY, "efficiency")
    if est is None or hw is None or est.tokens_per_second is None or efficiency is None:
        return []
    per_token = _bytes_per_token(ctx, efficiency)
    if per_token is None or est.decode_bound != "memory_bandwidth":
        return []
    return [
        ctx.t(
            "math.decode",
            efficiency=numbers.e_notation(efficiency),
            bandwidth=numbers.e_notation((hw.bandwidth_gbs or 0) * 1e9, 9),
            count=_speed_devices(ctx),
            per_token=numbers.bytes_(per_token, 3),
            tps=numbers.num(est.tokens_per_second),
        )
    ]


def _speed_title(ctx: Ctx) -> str:
    """The speed on the asked devices, or, when they cannot hold the model, that it does not
    fit and on how many devices the speed is."""
    est = ctx.estimate
    values = {"model": ctx.model_name(), "devices": ctx.devices()}
    if est is None or est.tokens_per_second is None:
        return ctx.t("title.speed_unknown", **values)
    values["tps"] = numbers.num(est.tokens_per_second)
    m = est.memory
    n = _speed_devices(ctx)
    if m is None or m.fits is not False or m.available_bytes is None or n == ctx.count:
        return ctx.t("title.inference_speed", **values)
    required, available = numbers.bytes_pair(m.required_bytes, m.available_bytes)
    return ctx.t(
        "title.inference_speed_no_fit",
        precision=ctx.precision(m.precision),
        required=required,
        available=available,
        fewest=ctx.devices(count=n),
        **values,
    )


def render_inference_speed(ctx: Ctx) -> Reply:
    est = ctx.estimate
    lines = [*lead_lines(ctx), decode_line(ctx), prefill_line(ctx), memory_line(ctx)]
    fields = []
    if est is not None and est.tokens_per_second is not None:
        tps = numbers.num(est.tokens_per_second)
        fields.append((ctx.t("field.decode"), ctx.t("unit.tokens_per_s", n=tps)))
        if est.decode_bound:
            fields.append((ctx.t("field.bound"), ctx.t(f"bound.{est.decode_bound}")))
        if _speed_devices(ctx) != ctx.count:
            devices = ctx.devices(count=_speed_devices(ctx))
            fields.append((ctx.t("field.speed_devices"), devices))
    if est is not None and est.prefill_tokens_per_second is not None:
        prefill = numbers.num(est.prefill_tokens_per_second)
        fields.append((ctx.t("field.prefill"), ctx.t("unit.tokens_per_s", n=prefill)))
    return ctx.reply(
        _speed_title(ctx), lines, fields + memory_fields(ctx), [*speed_math(ctx), *memory_math(ctx)]
    )

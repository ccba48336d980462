"""The cost reply: energy and electricity, rent when a price per device-hour is known.

The title leads with what was asked (the rent when a rental price was given), and says first
when the training job does not fit on the asked devices, with the figures on the fewest that
hold it. Every amount is written in its own currency (`bot.numbers.money`).
"""

from __future__ import annotations

from bot import numbers
from bot.render import memory, training
from bot.render.assumptions import lead_lines, utilization_flag
from bot.render.common import Ctx
from bot.reply import Reply
from core import assumptions as A


def _value(ctx: Ctx, code: str, name: str) -> float | None:
    a = ctx.assumption(code)
    value = a.values.get(name) if a else None
    return float(value) if isinstance(value, int | float) else None


def _sources(ctx: Ctx, code: str) -> list[str]:
    a = ctx.assumption(code)
    return list(a.sources) if a else []


def _cost_values(ctx: Ctx) -> dict[str, str]:
    """The figures a cost title may quote, each amount in its own currency."""
    est = ctx.estimate
    assert est is not None
    run = est.fewest_devices_run
    kwh = run.energy_kwh if run is not None and run.energy_kwh is not None else est.energy_kwh
    cost = run.energy_cost if run is not None and run.energy_cost is not None else est.energy_cost
    cloud = run.cloud_cost if run is not None and run.cloud_cost is not None else est.cloud_cost
    hourly = _value(ctx, A.CLOUD_PRICE, "price_per_device_hour")
    duration = est.duration_s or ctx.query.duration_s
    m = est.memory
    values = {
        "model": ctx.model_name(),
        "devices": ctx.devices(),
        "duration": ctx.duration(duration, oblique=True) if duration else "—",
        "kwh": numbers.num(kwh) if kwh is not None else "—",
        "cost": numbers.money(cost, est.energy_currency) if cost is not None else "—",
        "cloud_cost": numbers.money(cloud, est.cloud_currency) if cloud is not None else "—",
        "price": numbers.money(float(hourly), est.cloud_currency) if hourly is not None else "—",
        "fewest": ctx.devices(count=run.devices) if run is not None else "—",
    }
    if m is not None and m.available_bytes is not None:
        values["required"], values["available"] = numbers.bytes_pair(
            m.required_bytes, m.available_bytes
        )
    return values


def _cost_title(ctx: Ctx, values: dict[str, str]) -> str:
    """Leads with what was asked: the rent when a price per device-hour was given, else the
    electricity; says first when the job does not fit on the asked devices."""
    est = ctx.estimate
    assert est is not None
    trains = est.compute_required_flops is not None
    cloud_asked = ctx.query.price_per_device_hour is not None and est.cloud_cost is not None
    if est.fewest_devices_run is not None and "required" in values:
        key = "title.cost_cloud_no_fit" if cloud_asked else "title.cost_no_fit"
        if cloud_asked or est.energy_kwh is not None:
            return ctx.t(key, **values)
    if cloud_asked:
        return ctx.t("title.cost_cloud" if trains else "title.cost_run_cloud", **values)
    if est.energy_kwh is None:
        return ctx.t("title.cost_unknown", **values)
    return ctx.t("title.cost" if trains else "title.cost_run", **values)


def _fewest_run_line(ctx: Ctx) -> str | None:
    """The run on the fewest devices that hold it: its time, and the same energy as asked."""
    est = ctx.estimate
    run = est.fewest_devices_run if est else None
    if est is None or run is None or run.time_needed_s is None:
        return None
    return ctx.t(
        "line.fewest_run",
        devices=ctx.devices(count=run.devices),
        time=ctx.duration(run.time_needed_s),
    )


def _energy_line(ctx: Ctx) -> str | None:
    """The energy at board power; a job the asked devices cannot hold draws it on the fewest
    that can (the same kWh, since ideal scaling divides the time among the devices)."""
    est, hw = ctx.estimate, ctx.hw
    if est is None or hw is None or not hw.power_w or est.energy_kwh is None:
        return None
    run = est.fewest_devices_run
    kwh, devices = est.energy_kwh, ctx.devices()
    if run is not None and run.energy_kwh is not None:
        kwh, devices = run.energy_kwh, ctx.devices(count=run.devices)
    return ctx.t(
        "line.energy", kwh=numbers.num(kwh), power=numbers.num(hw.power_w), devices=devices
    ) + ctx.cites.mark(hw.source_of("power_w"), *_sources(ctx, A.BOARD_POWER))


def render_cost(ctx: Ctx) -> Reply:
    est = ctx.estimate
    if est is None:
        return ctx.reply(
            ctx.t("title.cost_unknown", model=ctx.model_name(), devices=ctx.devices()), []
        )
    values = _cost_values(ctx)
    currency = est.energy_currency
    price = _value(ctx, A.ELECTRICITY_PRICE, "price_per_kwh")
    if price is None:
        price = _value(ctx, A.ELECTRICITY_PRICE_DEFAULT, "price_per_kwh")
    lines: list[str | None] = [*lead_lines(ctx), training.compute_unpublished_line(ctx)]
    if est.compute_required_flops is not None:
        lines += [training.required_line(ctx), *training.time_lines(ctx)]
    lines += [memory.memory_line(ctx), _fewest_run_line(ctx)]
    lines.append(_energy_line(ctx))
    if est.energy_cost is not None and price is not None:
        lines.append(
            ctx.t(
                "line.energy_cost",
                cost=numbers.money(est.energy_cost, currency),
                price=numbers.money(float(price), currency),
            )
        )
    if est.cloud_cost is not None:
        hourly = _value(ctx, A.CLOUD_PRICE, "price_per_device_hour")
        lines.append(
            ctx.t(
                "line.cloud_cost",
                cost=numbers.money(est.cloud_cost, est.cloud_currency),
                price=numbers.money(float(hourly or 0), est.cloud_currency),
            )
        )
    lines.append(utilization_flag(ctx))
    fields = []
    if est.cloud_cost is not None:
        fields.append(
            (ctx.t("field.cloud_cost"), numbers.money(est.cloud_cost, est.cloud_currency))
        )
    if est.energy_kwh is not None:
        fields.append((ctx.t("field.energy"), f"{numbers.num(est.energy_kwh)} kWh"))
    if est.energy_cost is not None:
        fields.append((ctx.t("field.energy_cost"), numbers.money(est.energy_cost, currency)))
    if est.fewest_devices_run is not None:
        fields.append(
            (ctx.t("field.devices_to_fit"), numbers.count(est.fewest_devices_run.devices))
        )
    return ctx.reply(
        _cost_title(ctx, values), lines, fields, [*training.training_math(ctx), *_energy_math(ctx)]
    )


def _energy_math(ctx: Ctx) -> list[str]:
    est, hw = ctx.estimate, ctx.hw
    if est is None or hw is None or est.energy_kwh is None or not hw.power_w:
        return []
    seconds = est.time_needed_s or est.duration_s or ctx.query.duration_s
    if not seconds:
        return []
    return [
        ctx.t(
            "math.energy",
            power=numbers.num(hw.power_w),
            count=ctx.count,
            hours=numbers.num(seconds / 3600),
            pue=numbers.num(float(_value(ctx, A.PUE, "pue") or 1)),
            kwh=numbers.num(est.energy_kwh),
        )
    ]

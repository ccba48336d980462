"""`estimate()`: dispatch a `Query` to the arithmetic for its intent.

Training intents share one path (`_training_compute`): required compute (published, else
6·N·D), available compute at the precision and MFU used, time, fraction and shortfall,
and always the memory side. can_train says "yes" only when both compute and memory allow
it. Asked without a duration, can_train reports the time instead of a verdict (it is
"no" only when the training state cannot be held on the asked devices at all).
Fine-tuning tasks (finetune, lora, qlora) count compute only when tokens are asked, since
a pre-training budget says nothing about a fine-tune's.

largest_trainable lives in `core.largest`; fits and inference_speed in `core.inference`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core import assumptions as A
from core import compute
from core import conventions as C
from core import energy as E
from core.compare import compare_devices
from core.conventions import Settings
from core.errors import MissingInput
from core.inference import inference_speed, memory_fit
from core.job import Job
from core.largest import largest_trainable_intent
from core.types import Estimate, FewestDevicesRun, Hardware, Model, Query


def estimate(
    query: Query,
    hardware: Hardware | None,
    model: Model | None,
    *,
    proxy: Model | None = None,
    compare: Sequence[tuple[Hardware, int]] = (),
    references: Sequence[Hardware] = (),
    candidates: Sequence[Model] = (),
    settings: Settings | None = None,
) -> Estimate:
    """The numbers for `query`, with every assumption stated and every source key listed.

    :param hardware: the catalog row the question named (the first device for compare).
    :param model: the catalog row the question named; None for a model given by size only
        (then `query.model.params` and `query.tokens` carry it).
    :param proxy: the row standing in for a model whose figures are undisclosed.
    :param compare: (device, count) pairs for the compare intent, the first being `hardware`.
    :param references: devices to size a memory against when the query names none (fits).
    :param candidates: models a largest-model answer may name (those that fit, largest first).
    :raises MissingInput: a slot the intent needs is absent ("hardware", "model",
        "duration", "tokens", "params").
    """
    if query.intent is None:
        raise ValueError("The query has no intent")
    job = Job(
        query,
        hardware,
        model,
        proxy,
        settings or Settings(),
        references=references,
        candidates=candidates,
    )
    job.validate()
    job.note_variants()
    if query.intent == "compare":
        est = compare_devices(job, compare or ([(hardware, job.count)] if hardware else []))
    else:
        est = HANDLERS[query.intent](job)
    return job.finish(est)


# --- training ------------------------------------------------------------------------------


def _training_compute(job: Job, est: Estimate, *, show_fp32: bool = True) -> float | None:
    """Fill the compute side for the asked hardware; returns the peak FLOP/s used."""
    req = job.requirement()
    assert req.flops is not None
    est.compute_required_flops, est.compute_required_kind = req.flops, req.kind
    est.pf_days = compute.pf_days(req.flops)
    precision, peak = job.precision(job.hw, show_fp32=show_fp32)
    if precision is None or peak is None:
        return None
    u, n = job.utilization(), job.count
    est.precision_used, est.utilization_used = precision, u
    est.time_needed_s = compute.time_to_train_s(req.flops, peak, u, n)
    est.time_range_s = (
        compute.time_to_train_s(req.flops, peak, C.UTILIZATION_RANGE_HIGH, n),
        compute.time_to_train_s(req.flops, peak, C.UTILIZATION_RANGE_LOW, n),
    )
    job.say(A.make(A.TIME_RANGE, low=C.UTILIZATION_RANGE_LOW, high=C.UTILIZATION_RANGE_HIGH))
    est.time_by_precision = _time_by_precision(job, req.flops, u, n)
    if n > 1:
        job.say(A.make(A.LINEAR_SCALING, devices=n))
    realistic_fraction = _duration_side(job, est, req.flops, peak, u)
    realistic_time_s = compute.time_to_train_s(req.flops, peak, job.settings.utilization, n)
    job.flag_utilization(u, realistic_time_s, realistic_fraction)
    return peak


def _time_by_precision(job: Job, flops: float, u: float, n: int) -> dict[str, float]:
    out = {}
    for precision in compute.FLOAT_PRECISIONS:
        peak = compute.peak_flops(job.hw, precision)
        if peak is not None:
            out[precision] = compute.time_to_train_s(flops, peak, u, n)
    job.cite_peaks(job.hw, list(out))
    return out


def _duration_side(job: Job, est: Estimate, flops: float, peak: float, u: float) -> float | None:
    """Available compute within the asked duration; returns the fraction at realistic MFU."""
    seconds = job.query.duration_s
    if seconds is None:
        return None
    n = job.count
    est.duration_s = seconds
    job.note_duration(seconds)
    est.available_by_precision = compute.available_by_precision(job.hw, u, seconds, n)
    est.compute_available_flops = compute.available_flops(peak, u, seconds, n)
    est.available_by_precision.setdefault(est.precision_used or "", est.compute_available_flops)
    est.fraction_of_required = est.compute_available_flops / flops
    if est.fraction_of_required < 1:
        est.shortfall_factor = flops / est.compute_available_flops
    realistic_flops = compute.available_flops(peak, job.settings.utilization, seconds, n)
    return realistic_flops / flops


def _counts_compute(job: Job, task: str) -> bool:
    return task == "pretrain" or job.query.tokens is not None


def _can_train(job: Job) -> Estimate:
    """Yes only when compute and memory both allow it; no when either does not. A device
    with no published peak cannot have its compute checked: no verdict unless the memory
    alone already says no."""
    job.require("hardware", "model")
    task = job.task("pretrain")
    est = Estimate()
    counts_compute = _counts_compute(job, task)
    compute_side = counts_compute and _training_compute(job, est) is not None
    est.memory = job.memory(task, "bf16")
    memory_ok = est.memory.fits if est.memory is not None else None
    if counts_compute and not compute_side:
        est.verdict = "no" if memory_ok is False else None
    elif not compute_side:
        est.verdict = None if memory_ok is None else ("yes" if memory_ok else "no")
    elif job.query.duration_s is None:
        job.say(A.make(A.NO_DURATION))
        est.verdict = "no" if memory_ok is False else None
    else:
        compute_ok = (est.fraction_of_required or 0) >= 1
        est.verdict = "yes" if compute_ok and memory_ok is not False else "no"
    return est


def _time_to_train(job: Job) -> Estimate:
    job.require("hardware", "model")
    task = job.task("pretrain")
    if not _counts_compute(job, task):
        raise MissingInput(["tokens"])
    est = Estimate()
    _training_compute(job, est)
    est.memory = job.memory(task, "bf16")
    return est


def _devices_needed(job: Job) -> Estimate:
    job.require("hardware", "model", "duration")
    task = job.task("pretrain")
    if not _counts_compute(job, task):
        raise MissingInput(["tokens"])
    est = Estimate()
    peak = _training_compute(job, est)
    est.memory = job.memory(task, "bf16")
    if peak is None or est.compute_required_flops is None or est.utilization_used is None:
        return est
    assert job.query.duration_s is not None
    est.devices_for_compute = compute.devices_for(
        est.compute_required_flops, peak, est.utilization_used, job.query.duration_s
    )
    memory_devices = (est.memory.devices_to_fit or 0) if est.memory is not None else 0
    est.devices_needed = max(est.devices_for_compute, memory_devices)
    if memory_devices > est.devices_for_compute:
        job.say(
            A.make(
                A.DEVICES_BOUND_BY_MEMORY,
                compute_devices=est.devices_for_compute,
                memory_devices=memory_devices,
            )
        )
    return est


def _training_compute_intent(job: Job) -> Estimate:
    """FLOP and PF-days; device-hours (and time) too when a device is named, beside the
    developer's published GPU-hours when there are any."""
    job.require("model")
    est = Estimate()
    if job.hardware is None:
        req = job.requirement()
        assert req.flops is not None
        est.compute_required_flops, est.compute_required_kind = req.flops, req.kind
        est.pf_days = compute.pf_days(req.flops)
    else:
        peak = _training_compute(job, est, show_fp32=False)
        if peak is not None and est.compute_required_flops and est.utilization_used:
            est.device_hours = compute.device_hours(
                est.compute_required_flops, peak, est.utilization_used
            )
    job.say(A.make(A.PF_DAY, [C.SRC_PF_DAY], flops=C.PF_DAY_FLOPS))
    _published_hours(job, est, est.compute_required_flops)
    return est


# --- planning, money, facts ------------------------------------------------------------------


def _cost(job: Job) -> Estimate:
    """Energy (and rent, when a price per device-hour is known) for a training run, or for
    running the devices for the asked time. A run whose training state does not fit on the
    asked devices is also costed on the fewest that hold it (`fewest_devices_run`)."""
    job.require("hardware")
    task, tokens = job.query.task, job.query.tokens
    trains = task in (None, "pretrain") or (task != "inference" and tokens is not None)
    peak = None
    if job.has_model and trains:  # the cost of the training run
        train_task = job.task("pretrain")
        if not _counts_compute(job, train_task):
            raise MissingInput(["tokens"])
        est = Estimate()
        peak = _training_compute(job, est)
        est.memory = job.memory(train_task, "bf16")
        seconds = est.time_needed_s
    else:
        job.require("duration")  # the cost of running the devices for the asked time
        seconds = job.query.duration_s
        est = Estimate(duration_s=seconds)
        job.note_duration(seconds or 0)
    if seconds is None:
        return est
    n = job.count
    est.device_hours = n * seconds / C.SECONDS_PER_HOUR
    prices, note = E.prices(job.query, job.settings)
    job.say(note)
    _energy(job, est, seconds, prices)
    if prices.cloud is not None:
        est.cloud_cost = E.cloud_cost(prices.cloud, n, seconds)
        est.cloud_currency = prices.cloud_currency
        job.say(
            A.make(
                A.CLOUD_PRICE, price_per_device_hour=prices.cloud, currency=prices.cloud_currency
            )
        )
    m = est.memory
    if peak is not None and m is not None and m.fits is False and m.devices_to_fit:
        est.fewest_devices_run = _run_on(job, est, peak, m.devices_to_fit, prices)
    return est


def _energy(job: Job, est: Estimate, seconds: float, prices: E.Prices) -> None:
    hw, n, s = job.hw, job.count, job.settings
    if hw.power_w is None:
        job.say(A.make(A.FIGURE_UNPUBLISHED, hardware=hw.name, figure="power"))
        return
    est.energy_kwh = E.energy_kwh(hw.power_w, n, seconds, s.pue)
    est.energy_cost = E.energy_cost(est.energy_kwh, prices.per_kwh)
    est.energy_currency = prices.kwh_currency
    job.cite(hw.source_of("power_w"))
    job.say(A.make(A.BOARD_POWER, power_w=hw.power_w, devices=n))
    job.say(A.make(A.PUE, pue=s.pue))
    code = A.ELECTRICITY_PRICE if prices.kwh_asked else A.ELECTRICITY_PRICE_DEFAULT
    job.say(A.make(code, price_per_kwh=prices.per_kwh, currency=prices.kwh_currency))


def _run_on(
    job: Job, est: Estimate, peak: float, devices: int, prices: E.Prices
) -> FewestDevicesRun:
    """The training run on `devices` devices (ideal scaling at the same MFU): the time
    shrinks as the devices grow, so the energy and the device-hours stay the same."""
    assert est.compute_required_flops is not None and est.utilization_used is not None
    seconds = compute.time_to_train_s(
        est.compute_required_flops, peak, est.utilization_used, devices
    )
    run = FewestDevicesRun(devices=devices, time_needed_s=seconds)
    job.say(A.make(A.LINEAR_SCALING, devices=devices))
    power = job.hw.power_w
    if power is not None:
        run.energy_kwh = E.energy_kwh(power, devices, seconds, job.settings.pue)
        run.energy_cost = E.energy_cost(run.energy_kwh, prices.per_kwh)
    if prices.cloud is not None:
        run.cloud_cost = E.cloud_cost(prices.cloud, devices, seconds)
    return run


def _hardware_info(job: Job) -> Estimate:
    job.require("hardware")
    job.cite(*job.hw.sources)
    if compute.default_precision(job.hw, compute.FLOAT_PRECISIONS) is None:
        # no peak at all: the card gives memory and bandwidth, and no compute headline
        job.say(A.make(A.FIGURE_UNPUBLISHED, hardware=job.hw.name, figure="peak"))
        return Estimate()
    seconds = job.query.duration_s
    if seconds is None:
        seconds = C.YEAR_S
        job.say(A.make(A.DURATION_DEFAULT, days=C.DAYS_PER_YEAR))
    job.note_duration(seconds)
    precision, peak = job.precision(job.hw, show_fp32=True)
    u, n = job.utilization(), job.count
    est = Estimate(precision_used=precision, utilization_used=u, duration_s=seconds)
    est.available_by_precision = compute.available_by_precision(job.hw, u, seconds, n)
    if peak is not None:
        est.compute_available_flops = compute.available_flops(peak, u, seconds, n)
    job.flag_utilization(u, None, None)
    return est


def _model_info(job: Job) -> Estimate:
    job.require("model")
    req = job.requirement(need_flops=False)
    est = Estimate(compute_required_flops=req.flops, compute_required_kind=req.kind)
    if req.flops is not None:
        est.pf_days = compute.pf_days(req.flops)
        job.say(A.make(A.PF_DAY, [C.SRC_PF_DAY], flops=C.PF_DAY_FLOPS))
    if _published_hours(job, est, req.flops):
        est.device_hours = est.published_device_hours
    return est


def _published_hours(job: Job, est: Estimate, flops: float | None) -> bool:
    """The developer's GPU-hours, and the MFU they imply on the same device; False if none."""
    row = job.sizes.row
    if row is None or row.gpu_hours is None:
        return False
    est.published_device_hours = row.gpu_hours
    job.cite(row.source_of("gpu_hours"))
    job.say(
        A.make(
            A.PUBLISHED_DEVICE_HOURS,
            [row.source_of("gpu_hours")],
            model=row.name,
            device_hours=row.gpu_hours,
            hardware=row.gpu_hours_hardware,
        )
    )
    if flops is not None and job.hardware is not None and job.hardware.id == row.gpu_hours_hardware:
        _implied_utilization(job, est, flops, row.gpu_hours)
    return True


def _implied_utilization(job: Job, est: Estimate, flops: float, hours: float) -> None:
    precision, peak = job.precision(job.hw)
    if precision is None or peak is None:
        return
    est.precision_used = est.precision_used or precision
    est.implied_utilization = compute.implied_utilization(flops, hours, peak)
    job.say(A.make(A.IMPLIED_UTILIZATION, utilization=est.implied_utilization, precision=precision))


HANDLERS: dict[str, Callable[[Job], Estimate]] = {
    "can_train": _can_train,
    "time_to_train": _time_to_train,
    "devices_needed": _devices_needed,
    "training_compute": _training_compute_intent,
    "fits": memory_fit,
    "inference_speed": inference_speed,
    "largest_trainable": largest_trainable_intent,
    "cost": _cost,
    "hardware_info": _hardware_info,
    "model_info": _model_info,
}

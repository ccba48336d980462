"""The compare intent: the same question on each device, like for like, ranked.

- Inference (the task is inference): decode tokens/s, bandwidth-bound, at the inference
  precision (as asked, else the default BF16) for every device; no compute peak is needed.
  A device that does not hold the model on its asked count is timed on the fewest of it
  that would, and ranked after the devices that hold it.
- Otherwise: time to train when a model is named for training, else the peak (and the
  compute within the asked duration). Every device is evaluated at one shared precision
  class (the asked one if all have it, else the first of bf16, fp16, tf32, fp32 they all
  have a dense figure for), so a GeForce card's FP32 shader rate is never set against a
  datacenter part's tensor rate. When the devices share none, each is taken at its own
  training precision (stated). A device with no published peak at all is not ranked, and
  the reply says its compute is not published.
"""

from __future__ import annotations

from collections.abc import Sequence

from core import assumptions as A
from core import compute
from core import conventions as C
from core import memory as M
from core.errors import MissingInput
from core.inference import decode_speed, speed_devices
from core.job import Job
from core.planning import Metric, rank, shared_precision
from core.types import DeviceResult, Estimate, Hardware

Devices = Sequence[tuple[Hardware, int]]
# Any compute precision a device may be compared at, the training precisions first.
COMPARABLE_PRECISIONS: tuple[str, ...] = (*C.TRAIN_PRECISION_ORDER, "tf32")


def compare_devices(job: Job, devices: Devices) -> Estimate:
    if len(devices) < 2:
        raise MissingInput(["hardware"])
    task = job.task("pretrain") if job.has_model else None
    if task == "inference":
        est = _compare_inference(job, devices)
    else:
        est = _compare_compute(job, devices, task)
    if job.query.duration_s is not None:
        est.duration_s = job.query.duration_s
        job.note_duration(job.query.duration_s)
    return est


# --- inference: decode speed -----------------------------------------------------------------


def _compare_inference(job: Job, devices: Devices) -> Estimate:
    precision = job.inference_precision()
    need = job.memory_need("inference", precision)
    rows = [_speed_row(job, hw, n, precision, need) for hw, n in devices]
    est = Estimate(precision_used=precision, compare_metric="tokens_per_second")
    holders = [r for r in rows if r.memory_fits is not False]
    others = [r for r in rows if r.memory_fits is False]
    if holders and others:
        job.say(A.make(A.COMPARE_HOLDERS_FIRST))
    ranked_others = rank(others, "tokens_per_second")
    if holders:
        for row in ranked_others:  # not set against a device that holds the model
            row.ratio_to_best = None
    est.compare = rank(holders, "tokens_per_second") + ranked_others
    return est


def _speed_row(
    job: Job, hw: Hardware, n: int, precision: str, need: M.MemoryNeed | None
) -> DeviceResult:
    row = DeviceResult(hardware_id=hw.id, count=n, precision_used=precision)
    if need is None:
        return row
    verdict = M.verdict(need, hw, n)
    job.cite(hw.source_of("memory_gb"))
    row.memory_fits, row.devices_to_fit = verdict.fits, verdict.devices_to_fit
    devices = speed_devices(n, verdict.fits, verdict.devices_to_fit)
    speed = decode_speed(job, hw, devices, precision, prefill=False)
    if speed is not None:
        row.tokens_per_second, row.speed_devices = speed.decode_tokens_per_s, devices
    return row


# --- training and peak: compute -----------------------------------------------------------------


def _compare_compute(job: Job, devices: Devices, task: str | None) -> Estimate:
    precisions = _precisions(job, devices)
    shared = {p for p in precisions.values() if p is not None}
    u = job.utilization() if shared else None
    est = Estimate(precision_used=next(iter(shared)) if len(shared) == 1 else None)
    est.utilization_used = u
    flops = None
    trains = task in M.TRAINING_TASKS or (task is not None and job.query.tokens is not None)
    if trains:
        flops = job.requirement().flops
        est.compute_required_flops = flops
    need = job.memory_need(task, "bf16") if task is not None else None
    rows = [_compute_row(job, hw, n, precisions[hw.id], u, flops, need) for hw, n in devices]
    metric: Metric = "time_needed_s" if flops is not None else "peak_flops"
    est.compare, est.compare_metric = rank(rows, metric), metric
    return est


def _precisions(job: Job, devices: Devices) -> dict[str, str | None]:
    """Each device's compute precision: one shared class when the devices with a peak share
    one, else each its own training precision; None for a device with no peak at all."""
    with_peak = [
        hw for hw, _ in devices if compute.default_precision(hw, COMPARABLE_PRECISIONS) is not None
    ]
    for hw, _ in devices:
        if hw not in with_peak:
            job.say(A.make(A.FIGURE_UNPUBLISHED, hardware=hw.name, figure="peak"))
    out: dict[str, str | None] = {hw.id: None for hw, _ in devices}
    if not with_peak:
        return out
    peaks = [hw.peak_tflops.model_dump() for hw in with_peak]
    asked = job.query.precision
    if asked is not None and all(p.get(asked) is not None for p in peaks):
        return out | {hw.id: asked for hw in with_peak}
    common = shared_precision(peaks)
    if common is not None:
        job.say(A.make(A.COMPARE_PRECISION, precision=common))
        return out | {hw.id: common for hw in with_peak}
    job.say(A.make(A.COMPARE_OWN_PRECISION))
    return out | {hw.id: compute.default_precision(hw, COMPARABLE_PRECISIONS) for hw in with_peak}


def _compute_row(
    job: Job,
    hw: Hardware,
    n: int,
    precision: str | None,
    u: float | None,
    flops: float | None,
    need: M.MemoryNeed | None,
) -> DeviceResult:
    peak = compute.peak_flops(hw, precision) if precision else None
    row = DeviceResult(hardware_id=hw.id, count=n, precision_used=precision, peak_flops=peak)
    if peak is not None and u is not None:
        job.cite(hw.source_of(f"peak_tflops.{precision}"))
        if job.query.duration_s is not None:
            row.compute_available_flops = compute.available_flops(peak, u, job.query.duration_s, n)
        if flops is not None:
            row.time_needed_s = compute.time_to_train_s(flops, peak, u, n)
    if need is not None:
        verdict = M.verdict(need, hw, n)
        job.cite(hw.source_of("memory_gb"))
        row.memory_fits, row.devices_to_fit = verdict.fits, verdict.devices_to_fit
    return row

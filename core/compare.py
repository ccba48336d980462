"""The compare intent: the same question on each device, like for like, ranked.

Every device is evaluated at one shared precision class (the first of bf16, fp16, tf32,
fp32 they all have a dense figure for, or the asked one if all have it), so a GeForce
card's FP32 shader rate is never set against a datacenter part's tensor rate.
What is compared: time to train when a model is named for training, decode tokens/s when
the task is inference, otherwise the peak (and the compute within the asked duration).
"""

from __future__ import annotations

from collections.abc import Sequence

from core import assumptions as A
from core import compute
from core import memory as M
from core.errors import MissingInput
from core.inference import decode_speed
from core.job import Job
from core.planning import Metric, rank, shared_precision
from core.types import DeviceResult, Estimate, Hardware


def compare_devices(job: Job, devices: Sequence[tuple[Hardware, int]]) -> Estimate:
    if len(devices) < 2:
        raise MissingInput(["hardware"])
    precision = _common_precision(job, devices)
    u = job.utilization()
    est = Estimate(precision_used=precision, utilization_used=u)
    task = job.task("pretrain") if job.has_model else None
    flops = None
    trains = task in M.TRAINING_TASKS or (task is not None and job.query.tokens is not None)
    if trains and task != "inference":
        flops = job.requirement().flops
        est.compute_required_flops = flops
    need = _memory_need(job, task)
    rows = [_row(job, hw, n, precision, u, flops, need, task) for hw, n in devices]
    metric = _metric(task, flops)
    est.compare, est.compare_metric = rank(rows, metric), metric
    if job.query.duration_s is not None:
        est.duration_s = job.query.duration_s
        job.note_duration(job.query.duration_s)
    return est


def _common_precision(job: Job, devices: Sequence[tuple[Hardware, int]]) -> str:
    peaks = [hw.peak_tflops.model_dump() for hw, _ in devices]
    asked = job.query.precision
    if asked is not None and all(p.get(asked) is not None for p in peaks):
        return asked
    precision = shared_precision(peaks)
    if precision is None:
        names = ", ".join(hw.name for hw, _ in devices)
        raise ValueError(f"No precision with a published peak is shared by: {names}")
    job.say(A.make(A.COMPARE_PRECISION, precision=precision))
    return precision


def _memory_need(job: Job, task: str | None) -> M.MemoryNeed | None:
    if task is None:
        return None
    precision = job.inference_precision() if task == "inference" else "bf16"
    return job.memory_need(task, precision)


def _metric(task: str | None, flops: float | None) -> Metric:
    if task == "inference":
        return "tokens_per_second"
    return "time_needed_s" if flops is not None else "peak_flops"


def _row(
    job: Job,
    hw: Hardware,
    n: int,
    precision: str,
    u: float,
    flops: float | None,
    need: M.MemoryNeed | None,
    task: str | None,
) -> DeviceResult:
    peak = compute.peak_flops(hw, precision)
    assert peak is not None, "the shared precision has a peak on every device"
    job.cite(hw.source_of(f"peak_tflops.{precision}"))
    row = DeviceResult(hardware_id=hw.id, count=n, precision_used=precision, peak_flops=peak)
    if job.query.duration_s is not None:
        row.compute_available_flops = compute.available_flops(peak, u, job.query.duration_s, n)
    if flops is not None:
        row.time_needed_s = compute.time_to_train_s(flops, peak, u, n)
    if need is not None:
        verdict = M.verdict(need, hw, n)
        job.cite(hw.source_of("memory_gb"))
        row.memory_fits, row.devices_to_fit = verdict.fits, verdict.devices_to_fit
        if task == "inference":
            devices = n if verdict.fits else (verdict.devices_to_fit or n)
            speed = decode_speed(job, hw, devices, need.precision)
            row.tokens_per_second = speed.decode_tokens_per_s if speed else None
    return row

"""Running a model: does it fit (any task's memory), and how fast does it decode.

`fits` defaults to inference when no task is named (stated). With no device named it gives
the memory the task needs and how many of each reference device would hold it (the bot
passes the catalog's reference devices; no verdict). Inference speed is the
single-stream decode rate bounded by memory bandwidth and the compute-bound prefill rate
(`core.throughput`), on as many devices as the weights need when one is not enough.
"""

from __future__ import annotations

from core import assumptions as A
from core import compute
from core import conventions as C
from core import memory as M
from core import throughput as T
from core.job import Job
from core.types import Estimate, Hardware


def memory_fit(job: Job) -> Estimate:
    """The `fits` intent: memory for the task, verdict, headroom and fewest devices."""
    job.require("model")
    task = job.task("inference")
    precision = job.inference_precision() if task == "inference" else "bf16"
    if job.hardware is None:
        return _memory_without_device(job, task, precision)
    est = Estimate(memory=job.memory(task, precision))
    if est.memory is not None:
        est.precision_used = est.memory.precision
        est.verdict = "yes" if est.memory.fits else "no"
    return est


def _memory_without_device(job: Job, task: str, precision: str) -> Estimate:
    """What the task needs, and the fewest of each reference device that would hold it."""
    need = job.memory_need(task, precision)
    if need is None:
        return Estimate()
    est = Estimate(memory=M.requirement(need), precision_used=need.precision)
    est.memory_options = M.options(need.required_bytes, job.references)
    if est.memory_options:
        job.cite(*(hw.source_of("memory_gb") for hw in job.references))
        sources = [] if task == "inference" else [C.SRC_ADAM]
        job.say(A.make(A.MEMORY_OPTIONS, sources, scheme=M.sharding_scheme(task)))
    return est


def inference_speed(job: Job) -> Estimate:
    """The `inference_speed` intent: decode and prefill tokens/s and the binding limit.

    The speed is for the asked devices when they hold the model; otherwise for the fewest
    that would (`Estimate.speed_devices`), and the reply's headline says so.
    """
    job.require("hardware", "model")
    precision = job.inference_precision()
    est = Estimate(memory=job.memory("inference", precision), precision_used=precision)
    if est.memory is None:
        return est
    devices = speed_devices(job.count, est.memory.fits, est.memory.devices_to_fit)
    speed = decode_speed(job, job.hw, devices, precision)
    if speed is not None:
        est.tokens_per_second = speed.decode_tokens_per_s
        est.prefill_tokens_per_second = speed.prefill_tokens_per_s
        est.decode_bound = speed.bound
        est.speed_devices = devices
        est.decode_bytes_per_token = speed.bytes_per_token
        if speed.prefill_tokens_per_s is not None:
            est.utilization_used = _prefill_utilization(job)
    return est


def speed_devices(asked: int, fits: bool | None, devices_to_fit: int | None) -> int:
    """The asked count when it holds the model, else the fewest devices that would."""
    if fits is False and devices_to_fit:
        return max(asked, devices_to_fit)
    return asked


def _prefill_utilization(job: Job) -> float:
    asked = job.query.utilization
    return asked if asked is not None else C.PREFILL_UTILIZATION


def decode_speed(
    job: Job, hardware: Hardware, devices: int, precision: str, *, prefill: bool = True
) -> T.Speed | None:
    """Decode/prefill rates for the query's model on `devices` of `hardware`, noted.

    Decode needs only the memory bandwidth; prefill needs a compute peak, and is left out
    (stated) when the device has none or when `prefill` is False (a comparison, which
    ranks by decode alone).
    """
    sizes = job.sizes
    if sizes.params_per_token is None:
        return None
    if hardware.bandwidth_gbs is None:
        job.say(A.make(A.FIGURE_UNPUBLISHED, hardware=hardware.name, figure="bandwidth"))
        return None
    compute_precision = _prefill_precision(job, hardware) if prefill else None
    peak = compute.peak_flops(hardware, compute_precision) if compute_precision else None
    if prefill and peak is None:
        job.say(A.make(A.PREFILL_OMITTED, hardware=hardware.name))
    arch = M.Arch.of(sizes.row)
    context = M.inference_context(arch, job.settings, job.query.context)
    kv_bytes = M.kv_cache_bytes(arch, context, 1, C.KV_BYTES_PER_VALUE) if arch.known else 0.0
    u = _prefill_utilization(job)
    speed = T.speed(
        params_per_token=sizes.params_per_token,
        precision=precision,
        kv_bytes=kv_bytes,
        bandwidth_bytes_per_s=hardware.bandwidth_gbs * 1e9,
        peak_flops=peak,
        devices=devices,
        efficiency=job.settings.decode_efficiency,
        utilization=u,
    )
    _note_speed(job, hardware, devices, compute_precision if peak else None, u)
    return speed


def _prefill_precision(job: Job, hardware: Hardware) -> str | None:
    """The asked precision if the device has a peak for it (fp8, int8), else the 16-bit
    tensor rate; stated by the prefill note rather than a second precision note."""
    asked = job.query.precision
    if asked is not None and compute.peak_flops(hardware, asked) is not None:
        return asked
    return compute.default_precision(hardware, C.TRAIN_PRECISION_ORDER)


def _note_speed(
    job: Job, hardware: Hardware, devices: int, precision: str | None, u: float
) -> None:
    """The decode conventions; the prefill one only when a prefill rate was worked out."""
    sizes = job.sizes
    job.cite(hardware.source_of("bandwidth_gbs"))
    job.say(A.make(A.DECODE_EFFICIENCY, [C.SRC_DECODE], efficiency=job.settings.decode_efficiency))
    if precision is not None:
        job.cite(hardware.source_of(f"peak_tflops.{precision}"))
        job.say(A.make(A.PREFILL_COMPUTE, [C.SRC_6ND], precision=precision, utilization=u))
    if devices > 1:
        job.say(A.make(A.LINEAR_SCALING, devices=devices))
    active, total = sizes.params_per_token, sizes.params
    if active is not None and total is not None and active < total:
        job.say(A.make(A.MOE_ACTIVE_PARAMS, active_params=active, total_params=total))

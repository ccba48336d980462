"""The largest_trainable intent: the largest model the asked devices allow.

- Pre-training in the asked time: the compute-optimal size for the compute available
  (hoffmann2022, D = 20·N) against the largest size whose training state fits (16 B/param,
  rajbhandari2020 §3.1); the smaller binds.
- Fine-tuning, LoRA, QLoRA and inference need no time: memory alone binds, at the task's
  bytes per parameter (`core.memory.bytes_per_param`). Pre-training asked without a time is
  bound the same way, and the time to train that size compute-optimally is given instead.
  Such a bound leaves out what depends on an architecture (activations, adapters, KV cache),
  so the largest catalog models whose whole memory fits are named beside it.
"""

from __future__ import annotations

from typing import cast

from core import assumptions as A
from core import compute
from core import conventions as C
from core import memory as M
from core.job import Job
from core.planning import largest_trainable, memory_bound, models_that_fit
from core.types import Estimate, Task


def largest_trainable_intent(job: Job) -> Estimate:
    """The largest model the asked devices allow (see the module docstring)."""
    job.require("hardware")
    task = job.task("pretrain")
    if task == "pretrain" and job.query.duration_s is not None:
        return _largest_compute_optimal(job)
    return _largest_by_memory(job, task)


def _largest_compute_optimal(job: Job) -> Estimate:
    """Pre-training in the asked time: compute-optimal size against the memory bound."""
    precision, peak = job.precision(job.hw, show_fp32=True)
    if precision is None or peak is None:  # no published peak: memory alone can be said
        return _largest_by_memory(job, "pretrain", timed=False)
    u, n, seconds = job.utilization(), job.count, job.query.duration_s
    assert seconds is not None
    job.note_duration(seconds)
    est = Estimate(precision_used=precision, utilization_used=u, duration_s=seconds)
    est.compute_available_flops = compute.available_flops(peak, u, seconds, n)
    est.available_by_precision = compute.available_by_precision(job.hw, u, seconds, n)
    est.largest_trainable = largest_trainable(est.compute_available_flops, job.hw.memory_bytes * n)
    sources = [C.SRC_CHINCHILLA, C.SRC_6ND]
    job.say(A.make(A.CHINCHILLA_OPTIMAL, sources, tokens_per_param=C.CHINCHILLA_TOKENS_PER_PARAM))
    job.say(
        A.make(
            A.LARGEST_TRAINABLE_MEMORY, [C.SRC_ADAM], bytes_per_param=C.ADAM_MIXED_BYTES_PER_PARAM
        )
    )
    job.say(A.make(A.ACTIVATIONS_OMITTED))
    job.cite(job.hw.source_of("memory_gb"))
    job.flag_utilization(u, None, None)
    return est


# What the per-parameter memory bound leaves out, per task (each depends on the architecture).
LEFT_OUT: dict[str, tuple[str, ...]] = {
    "pretrain": (A.ACTIVATIONS_OMITTED,),
    "finetune": (A.ACTIVATIONS_OMITTED,),
    "lora": (A.ADAPTERS_OMITTED, A.ACTIVATIONS_OMITTED),
    "qlora": (A.ADAPTERS_OMITTED, A.ACTIVATIONS_OMITTED),
    "inference": (A.KV_CACHE_OMITTED,),
}
BOUND_SOURCES: dict[str, tuple[str, ...]] = {
    "pretrain": (C.SRC_ADAM,),
    "finetune": (C.SRC_ADAM,),
    "lora": (C.SRC_LORA,),
    "qlora": (C.SRC_QLORA,),
    "inference": (C.SRC_INFERENCE_OVERHEAD,),
}


def _largest_by_memory(job: Job, task: str, *, timed: bool = True) -> Estimate:
    """The most parameters the devices' memory holds for `task` (no time needed), and the
    largest catalog models that fit with everything counted. Pre-training also gets the
    time that size takes, when `timed` (no time was asked and the device has a peak)."""
    if task == "inference":
        precision = job.inference_precision()
    else:
        precision = "nf4" if task == "qlora" else "bf16"
    memory_bytes = job.hw.memory_bytes * job.count
    per_param = M.bytes_per_param(task, precision, job.settings)
    est = Estimate(precision_used=precision)
    est.largest_trainable = memory_bound(memory_bytes, per_param, cast(Task, task))
    job.cite(job.hw.source_of("memory_gb"))
    job.say(
        A.make(
            A.LARGEST_BY_MEMORY,
            BOUND_SOURCES[task],
            task=task,
            precision=precision,
            bytes_per_param=per_param,
        )
    )
    if task == "inference":
        weight_bytes = C.WEIGHT_BYTES_PER_PARAM[precision]
        job.say(A.make(A.INFERENCE_WEIGHTS, precision=precision, bytes_per_param=weight_bytes))
        overhead = job.settings.inference_overhead
        job.say(A.make(A.RUNTIME_OVERHEAD, [C.SRC_INFERENCE_OVERHEAD], fraction=overhead))
    for code in LEFT_OUT[task]:
        job.say(A.make(code))
    if task == "pretrain" and timed:
        _time_for_largest(job, est)
    _fitting_models(job, est, task, precision, memory_bytes)
    return est


def _time_for_largest(job: Job, est: Estimate) -> None:
    """No time was asked: how long training the memory-bound size compute-optimally takes."""
    lt = est.largest_trainable
    assert lt is not None and lt.tokens is not None
    job.say(A.make(A.LARGEST_NO_DURATION))
    job.say(
        A.make(
            A.CHINCHILLA_OPTIMAL,
            [C.SRC_CHINCHILLA, C.SRC_6ND],
            tokens_per_param=C.CHINCHILLA_TOKENS_PER_PARAM,
        )
    )
    precision, peak = job.precision(job.hw, show_fp32=False)
    if precision is None or peak is None:
        return
    u = job.utilization()
    flops = compute.training_flops(lt.params, lt.tokens)
    est.precision_used, est.utilization_used = precision, u
    est.compute_required_flops, est.compute_required_kind = flops, "6ND"
    est.time_needed_s = compute.time_to_train_s(flops, peak, u, job.count)
    if job.count > 1:
        job.say(A.make(A.LINEAR_SCALING, devices=job.count))
    job.flag_utilization(u, None, None)


def _fitting_models(
    job: Job, est: Estimate, task: str, precision: str, memory_bytes: float
) -> None:
    if not job.candidates:
        return
    q, s = job.query, job.settings
    est.fitting_models = models_that_fit(
        job.candidates, task, precision, memory_bytes, s, batch=q.batch, seq_len=q.context
    )
    context = q.context or (s.inference_context if task == "inference" else s.train_seq_len)
    batch = q.batch or (s.inference_batch if task == "inference" else s.train_batch)
    job.say(A.make(A.FITTING_MODELS, batch=batch, context=context))
    rows = {m.id: m for m in job.candidates}
    for fit in est.fitting_models:
        job.cite(rows[fit.model_id].source_of("params"))

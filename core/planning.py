"""Planning: the largest model worth training on given hardware, and ranking devices.

Largest trainable: the compute-optimal size for the available compute (hoffmann2022:
D ≈ 20·N, with C = 6·N·D so N = √(C / 120)) against the largest size whose training
state fits in memory (16 B/param, rajbhandari2020 §3.1); the smaller one binds. Without a
time budget, or for a task other than pre-training, memory alone binds (`memory_bound`),
and `models_that_fit` names the largest catalog models whose whole memory fits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from core import conventions as C
from core import memory as M
from core.conventions import Settings
from core.types import DeviceResult, LargestTrainable, Model, ModelFit, Task

FITTING_MODELS_SHOWN = 3  # the largest few: enough to name a size class without a list


def compute_optimal_params(flops: float) -> float:
    """N with C = 6·N·(20·N), i.e. N = √(C / 120) (hoffmann2022 Table 3, kaplan2020)."""
    flops_per_param2 = C.TRAIN_FLOPS_PER_PARAM_PER_TOKEN * C.CHINCHILLA_TOKENS_PER_PARAM
    return math.sqrt(flops / flops_per_param2)


def memory_max_params(memory_bytes: float, bytes_per_param: float) -> float:
    """The most parameters whose training state fits in `memory_bytes` (activations aside)."""
    return memory_bytes / bytes_per_param


def largest_trainable(
    flops: float, memory_bytes: float, bytes_per_param: float = C.ADAM_MIXED_BYTES_PER_PARAM
) -> LargestTrainable:
    """The largest model both compute-optimal for `flops` and trainable in `memory_bytes`."""
    by_compute = compute_optimal_params(flops)
    by_memory = memory_max_params(memory_bytes, bytes_per_param)
    params = min(by_compute, by_memory)
    return LargestTrainable(
        params=params,
        tokens=C.CHINCHILLA_TOKENS_PER_PARAM * params,
        bound_by="compute" if by_compute <= by_memory else "memory",
        compute_optimal_params=by_compute,
        memory_max_params=by_memory,
    )


def memory_bound(memory_bytes: float, bytes_per_param: float, task: Task) -> LargestTrainable:
    """The largest model by memory alone; pre-training also gets its compute-optimal tokens."""
    params = memory_max_params(memory_bytes, bytes_per_param)
    return LargestTrainable(
        params=params,
        tokens=C.CHINCHILLA_TOKENS_PER_PARAM * params if task == "pretrain" else None,
        bound_by="memory",
        compute_optimal_params=None,
        memory_max_params=params,
        task=task,
    )


def models_that_fit(
    models: Sequence[Model],
    task: str,
    precision: str,
    memory_bytes: float,
    settings: Settings,
    *,
    batch: int | None = None,
    seq_len: int | None = None,
    limit: int = FITTING_MODELS_SHOWN,
) -> list[ModelFit]:
    """The largest models (by total parameters) whose whole memory for `task` fits.

    Each is counted in full (activations, adapters or KV cache from its own architecture).
    Models with an undisclosed size or one standing in for a proxy are left out: there is no
    size of theirs to fit.
    """
    fits: list[ModelFit] = []
    for model in models:
        if model.params is None or model.proxy is not None:
            continue
        need = M.task_need(
            task,
            model.params,
            model.params_per_token,
            M.Arch.of(model),
            settings,
            precision=precision,
            batch=batch,
            seq_len=seq_len,
        )
        if need.required_bytes <= memory_bytes:
            fits.append(
                ModelFit(model_id=model.id, params=model.params, required_bytes=need.required_bytes)
            )
    fits.sort(key=lambda f: (-f.params, f.model_id))
    return fits[:limit]


def shared_precision(peaks: list[dict[str, float | None]]) -> str | None:
    """The first precision in COMPARE_PRECISION_ORDER every device has a figure for."""
    for precision in C.COMPARE_PRECISION_ORDER:
        if all(p.get(precision) is not None for p in peaks):
            return precision
    return None


Metric = Literal["time_needed_s", "tokens_per_second", "peak_flops"]


def rank(rows: list[DeviceResult], metric: Metric) -> list[DeviceResult]:
    """Best first; each row's `ratio_to_best` says how many times worse than the best it is.

    Lower is better for `time_needed_s`; higher for `tokens_per_second` and `peak_flops`
    (the peak of all the row's devices together). Rows without the metric go last, unrated.
    """
    lower_is_better = metric == "time_needed_s"
    rated = [r for r in rows if _figure(r, metric) is not None]
    unrated = [r for r in rows if _figure(r, metric) is None]
    rated.sort(key=lambda r: _figure(r, metric) or 0.0, reverse=not lower_is_better)
    if rated:
        best = _figure(rated[0], metric) or 0.0
        for r in rated:
            value = _figure(r, metric) or 0.0
            r.ratio_to_best = value / best if lower_is_better else best / value
    return rated + unrated


def _figure(row: DeviceResult, metric: Metric) -> float | None:
    value = getattr(row, metric)
    if metric == "peak_flops" and value is not None:
        return value * row.count
    return value

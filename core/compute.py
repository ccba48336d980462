"""Training compute: what a model needs and what hardware delivers, in FLOP.

Required compute is the developer's published figure when one exists, otherwise
C = 6·N·D (kaplan2020 §2.1) with N the parameters each token passes through (active
parameters for a mixture of experts). Available compute is the dense peak at a precision
× utilization (MFU, chowdhery2022 App. B) × seconds × devices, in the style of nanoGPT's
`estimate_mfu`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from core import assumptions as A
from core import conventions as C
from core.errors import MissingInput
from core.types import Assumption, Hardware, Model, Query

# Floating-point precisions a training or throughput figure can be quoted at (int8 is
# TOPS, not FLOP/s, so it is only used when asked for).
FLOAT_PRECISIONS: tuple[str, ...] = ("fp32", "tf32", "bf16", "fp16", "fp8")
ComputeKind = Literal["published", "outside_estimate", "6ND", "proxy"]


def training_flops(params_per_token: float, tokens: float) -> float:
    """C = 6·N·D in FLOP (kaplan2020 §2.1); N = active parameters for MoE."""
    return C.TRAIN_FLOPS_PER_PARAM_PER_TOKEN * params_per_token * tokens


def pf_days(flops: float) -> float:
    """FLOP expressed in PF/s-days (1e15 FLOP/s for a day = 8.64e19 FLOP, brown2020)."""
    return flops / C.PF_DAY_FLOPS


def chinchilla_tokens(params: float) -> float:
    """Compute-optimal training tokens, D ≈ 20·N (hoffmann2022 Table 3)."""
    return C.CHINCHILLA_TOKENS_PER_PARAM * params


def peak_flops(hardware: Hardware, precision: str) -> float | None:
    """Dense peak per device in FLOP/s at `precision`; None when the catalog has no figure."""
    tflops = hardware.peak_tflops.get(precision)
    return None if tflops is None else tflops * 1e12


def available_flops(peak_flops_: float, utilization: float, seconds: float, devices: int) -> float:
    """FLOP delivered: peak × MFU × seconds × devices (ideal scaling across devices)."""
    return peak_flops_ * utilization * seconds * devices


def time_to_train_s(flops: float, peak_flops_: float, utilization: float, devices: int) -> float:
    """Wall-clock seconds to deliver `flops` at the given peak, MFU and device count."""
    return flops / (peak_flops_ * utilization * devices)


def devices_for(flops: float, peak_flops_: float, utilization: float, seconds: float) -> int:
    """Fewest devices that deliver `flops` within `seconds` (at least one)."""
    return max(1, math.ceil(flops / (peak_flops_ * utilization * seconds) - 1e-9))


def device_hours(flops: float, peak_flops_: float, utilization: float) -> float:
    """Device-hours to deliver `flops` at one device's peak × MFU."""
    return flops / (peak_flops_ * utilization) / C.SECONDS_PER_HOUR


def implied_utilization(flops: float, device_hours_: float, peak_flops_: float) -> float:
    """MFU implied by a published compute figure and published device-hours."""
    return flops / (device_hours_ * C.SECONDS_PER_HOUR * peak_flops_)


def available_by_precision(
    hardware: Hardware, utilization: float, seconds: float, devices: int
) -> dict[str, float]:
    """Available FLOP at every floating-point precision the device has a figure for."""
    out: dict[str, float] = {}
    for precision in FLOAT_PRECISIONS:
        peak = peak_flops(hardware, precision)
        if peak is not None:
            out[precision] = available_flops(peak, utilization, seconds, devices)
    return out


def default_precision(hardware: Hardware, order: tuple[str, ...]) -> str | None:
    """The first precision in `order` the device has a peak figure for."""
    return next((p for p in order if hardware.peak_tflops.get(p) is not None), None)


@dataclass
class Requirement:
    """The training job as the estimator sees it: sizes, tokens and compute."""

    params: float | None  # total parameters (memory)
    params_per_token: float | None  # active parameters (compute, decode)
    tokens: float | None
    flops: float | None
    kind: ComputeKind | None  # Estimate.compute_required_kind
    row: Model | None  # the catalog row whose figures were used (the proxy if one was)
    assumptions: list[Assumption] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def model_sizes(query: Query, model: Model | None, proxy: Model | None) -> Requirement:
    """Sizes and tokens for the query, with the proxy standing in when one is given."""
    row = proxy if proxy is not None else model
    req = Requirement(None, None, None, None, None, row)
    if proxy is not None and model is not None:
        req.assumptions.append(A.make(A.PROXY_MODEL, model=model.name, proxy=proxy.name))
        req.sources += list(model.sources)
    if row is not None:
        req.params, req.params_per_token = row.params, row.params_per_token
        req.tokens = row.tokens
        req.sources += list(row.sources)
    elif query.model is not None and query.model.params is not None:
        req.params = query.model.params
        req.params_per_token = query.model.active_params or query.model.params
    if query.tokens is not None:
        req.tokens = query.tokens
    return req


def training_requirement(
    query: Query, model: Model | None, proxy: Model | None, *, need_flops: bool = True
) -> Requirement:
    """Compute required to train: published figure, else 6·N·D (tokens Chinchilla if unknown).

    Raises MissingInput(["model"]) with no model at all and (["params"]) when neither a
    compute figure nor a size is known.
    """
    if model is None and query.model is None:
        raise MissingInput(["model"])
    req = model_sizes(query, model, proxy)
    row = req.row
    if query.tokens is None and row is not None and row.training_flops is not None:
        _use_published(req, row, proxied=proxy is not None)
        return req
    if req.params_per_token is None:
        if need_flops:
            raise MissingInput(["params"])
        return req
    _use_6nd(req, proxied=proxy is not None)
    return req


def _use_published(req: Requirement, row: Model, *, proxied: bool) -> None:
    req.flops = row.training_flops
    source = row.source_of("training_flops")
    if row.training_flops_kind == "outside_estimate":
        req.kind = "outside_estimate"
        req.assumptions.insert(0, A.make(A.OUTSIDE_ESTIMATE, [source], model=row.name))
    else:
        req.kind = "proxy" if proxied else "published"
        req.assumptions.append(
            A.make(A.PUBLISHED_COMPUTE, [source], model=row.name, flops=row.training_flops)
        )
    req.sources.append(source)


def _use_6nd(req: Requirement, *, proxied: bool) -> None:
    assert req.params_per_token is not None, "6ND needs a parameter count"
    if req.tokens is None:
        req.tokens = chinchilla_tokens(req.params_per_token)
        req.assumptions.append(
            A.make(
                A.TOKENS_UNDISCLOSED_CHINCHILLA,
                [C.SRC_CHINCHILLA],
                tokens_per_param=C.CHINCHILLA_TOKENS_PER_PARAM,
                tokens=req.tokens,
            )
        )
        req.sources.append(C.SRC_CHINCHILLA)
    req.flops = training_flops(req.params_per_token, req.tokens)
    req.kind = "proxy" if proxied else "6ND"
    req.assumptions.append(
        A.make(A.COMPUTE_FROM_6ND, [C.SRC_6ND], params=req.params_per_token, tokens=req.tokens)
    )
    if req.params is not None and req.params_per_token < req.params:
        req.assumptions.append(
            A.make(
                A.MOE_ACTIVE_PARAMS,
                active_params=req.params_per_token,
                total_params=req.params,
            )
        )
    req.sources.append(C.SRC_6ND)

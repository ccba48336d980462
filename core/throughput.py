"""Inference speed: single-stream decode and prompt prefill, in tokens per second.

Decode at batch 1 reads every active weight and the whole KV cache once per generated
token, so it is bounded by memory bandwidth (databricks2023): tokens/s = efficiency ×
bandwidth ÷ bytes read per token. Prefill processes the prompt in large matmuls, so it is
bounded by compute: 2·N FLOP per token (kaplan2020 §2.1) at the peak × MFU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core import conventions as C


def weight_bytes_per_token(params_per_token: float, precision: str) -> float:
    """Bytes of weights read for one token: active parameters × bytes at the precision."""
    return params_per_token * C.WEIGHT_BYTES_PER_PARAM[precision]


def bandwidth_tokens_per_s(
    bytes_per_token: float, bandwidth_bytes_per_s: float, efficiency: float
) -> float:
    """Decode rate if memory bandwidth is the limit."""
    return efficiency * bandwidth_bytes_per_s / bytes_per_token


def compute_tokens_per_s(peak_flops: float, utilization: float, params_per_token: float) -> float:
    """Token rate if compute is the limit: peak × MFU ÷ (2·N FLOP per token)."""
    flops_per_token = C.FORWARD_FLOPS_PER_PARAM_PER_TOKEN * params_per_token
    return peak_flops * utilization / flops_per_token


@dataclass(frozen=True)
class Speed:
    decode_tokens_per_s: float
    prefill_tokens_per_s: float | None  # None without a compute peak
    # Which limit sets the decode rate; "memory_bandwidth" without a peak to check against
    # (single-stream decode is bandwidth-bound, databricks2023).
    bound: Literal["memory_bandwidth", "compute"]
    bytes_per_token: float  # read per generated token, over all the devices


def speed(
    *,
    params_per_token: float,
    precision: str,
    kv_bytes: float,
    bandwidth_bytes_per_s: float,
    peak_flops: float | None,
    devices: int,
    efficiency: float,
    utilization: float,
) -> Speed:
    """Decode and prefill rates on `devices` devices splitting the model (ideal scaling).

    `kv_bytes` is the KV cache read per token (the whole cache at the stated context).
    Decode needs only the bandwidth; with no `peak_flops` prefill is None and decode is
    taken as bandwidth-bound.
    """
    bytes_per_token = weight_bytes_per_token(params_per_token, precision) + kv_bytes
    total_bandwidth = bandwidth_bytes_per_s * devices
    by_bandwidth = bandwidth_tokens_per_s(bytes_per_token, total_bandwidth, efficiency)
    if peak_flops is None:
        return Speed(by_bandwidth, None, "memory_bandwidth", bytes_per_token)
    by_compute = compute_tokens_per_s(peak_flops * devices, utilization, params_per_token)
    bound: Literal["memory_bandwidth", "compute"] = (
        "memory_bandwidth" if by_bandwidth <= by_compute else "compute"
    )
    return Speed(min(by_bandwidth, by_compute), by_compute, bound, bytes_per_token)

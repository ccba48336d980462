"""Inference speed: bandwidth-bound decode and compute-bound prefill, with the arithmetic."""

from __future__ import annotations

import pytest
from estimate_rows import (
    H100_SXM,
    LLAMA2_7B,
    LLAMA2_70B,
    M4_MAX,
    MIXTRAL,
    RTX_4090,
    TPU_V4,
    query,
)

from core import throughput as T
from core.estimate import estimate


def speed_of(hw, model, **kw):
    q = query("inference_speed", hw, model, **kw)
    return estimate(q, hw, model)


def test_llama2_7b_fp16_decode_on_4090_is_bandwidth_bound():
    # bytes/token: weights 7e9 × 2 = 14e9 + KV 524,288 B × 4,096 = 2.147e9 → 16.147e9 B
    # decode: 0.6 × 1,008e9 B/s / 16.147e9 = 37.46 tokens/s
    # prefill: 165.2e12 × 0.40 / (2 × 7e9) = 4,720 tokens/s
    est = speed_of(RTX_4090, LLAMA2_7B, precision="fp16")
    assert est.tokens_per_second == pytest.approx(37.46, rel=1e-3)
    assert est.prefill_tokens_per_second == pytest.approx(4720, rel=1e-3)
    assert est.decode_bound == "memory_bandwidth"
    codes = [a.code for a in est.assumptions]
    assert "decode_efficiency" in codes and "prefill_compute" in codes


def test_moe_decode_reads_active_experts_only():
    # Mixtral INT8 on H100: 13e9 × 1 B + KV 2·32·8·128·2 B × 4,096 = 0.537e9 → 13.537e9 B;
    # 0.6 × 3,350e9 / 13.537e9 = 148.5 tokens/s (47e9 total would give 42.3)
    est = speed_of(H100_SXM, MIXTRAL, precision="int8")
    assert est.tokens_per_second == pytest.approx(148.5, rel=1e-3)
    assert "moe_active_params" in [a.code for a in est.assumptions]


def test_model_too_big_for_one_device_runs_tensor_parallel():
    # Llama 2 70B BF16: 140 GB + 1.34 GB KV + 28 GB overhead = 169.3 GB → 3 H100s;
    # decode over 3 × 3,350e9 B/s: 0.6 × 10,050e9 / (140e9 + 1.342e9) = 42.66 tokens/s
    est = speed_of(H100_SXM, LLAMA2_70B)
    assert est.memory.devices_to_fit == 3
    assert est.tokens_per_second == pytest.approx(42.66, rel=1e-3)
    assert "linear_scaling" in [a.code for a in est.assumptions]


def test_compute_bound_when_bandwidth_is_plentiful():
    # 1e9 params in 16-bit: bandwidth allows 0.6 × 1e15 / 2e9 = 300,000 tokens/s, but
    # 1e12 FLOP/s × 0.4 / (2 × 1e9) = 200 tokens/s of compute: compute binds
    s = T.speed(
        params_per_token=1e9,
        precision="bf16",
        kv_bytes=0.0,
        bandwidth_bytes_per_s=1e15,
        peak_flops=1e12,
        devices=1,
        efficiency=0.6,
        utilization=0.4,
    )
    assert s.bound == "compute"
    assert s.decode_tokens_per_s == pytest.approx(200)


def test_tpu_uses_its_bf16_peak_for_prefill():
    # TPU v4 has no FP32 figure (facts.md §1c): prefill at 275e12 × 0.4 / 14e9 = 7,857 tokens/s
    est = speed_of(TPU_V4, LLAMA2_7B)
    assert est.prefill_tokens_per_second == pytest.approx(7857, rel=1e-3)


# --- QA §5.3/§5.4: the devices the speed is for, and decode without a compute peak ----------


def test_decode_needs_only_bandwidth():
    # no peak: decode 0.6 × 546e9 / 2e9 = 163.8 tokens/s, taken as bandwidth-bound; no prefill
    s = T.speed(
        params_per_token=1e9,
        precision="bf16",
        kv_bytes=0.0,
        bandwidth_bytes_per_s=546e9,
        peak_flops=None,
        devices=1,
        efficiency=0.6,
        utilization=0.4,
    )
    assert s.decode_tokens_per_s == pytest.approx(163.8)
    assert s.prefill_tokens_per_s is None and s.bound == "memory_bandwidth"


def test_a_device_without_a_peak_still_gets_a_decode_speed():
    # M4 Max (546 GB/s, no peak): Llama 2 7B at BF16 reads 16.147e9 B a token (see above):
    # 0.6 × 546e9 / 16.147e9 = 20.29 tokens/s; prefill left out, and said so
    est = speed_of(M4_MAX, LLAMA2_7B)
    assert est.tokens_per_second == pytest.approx(0.6 * 546e9 / 16.147e9, rel=1e-3)
    assert est.prefill_tokens_per_second is None and est.utilization_used is None
    codes = [a.code for a in est.assumptions]
    assert "prefill_omitted" in codes and "prefill_compute" not in codes
    assert est.speed_devices == 1


def test_the_speed_says_how_many_devices_it_is_for():
    # Llama 2 70B needs 3 H100s (above): the speed is for 3, not the 1 asked, and each token
    # reads 140e9 + 1.342e9 B over all three
    est = speed_of(H100_SXM, LLAMA2_70B)
    assert est.memory.fits is False
    assert est.speed_devices == 3
    assert est.decode_bytes_per_token == pytest.approx(140e9 + 2 * 80 * 8 * 128 * 2 * 4096)
    # 8 asked hold it, so the speed is for all 8: 0.6 × 8 × 3,350e9 / 141.342e9 = 113.8
    est = speed_of(H100_SXM, LLAMA2_70B, count=8)
    assert est.speed_devices == 8
    assert est.tokens_per_second == pytest.approx(0.6 * 8 * 3350e9 / 141.342e9, rel=1e-4)

"""The estimator reproduces published figures (facts.md §2–§4 and the papers they cite)."""

from __future__ import annotations

import pytest
from estimate_rows import (
    A100_80GB,
    DEEPSEEK_V3,
    GPT3,
    GPT35,
    H100_SXM,
    H800,
    LAMBDA_RTX_8000,
    LAMBDA_V100,
    LLAMA2_7B,
    LLAMA31_405B,
    RTX_4070_TI,
    query,
)

from core import compute
from core.conventions import MONTH_S, YEAR_S
from core.estimate import estimate
from core.types import ModelRef, Query

# brown2020 Appendix D, Table D.1: (model, params, FLOP as printed, PF-days as printed);
# every row trained on 300B tokens.
TABLE_D1 = [
    ("GPT-3 Small", 125e6, "2.25e20", "2.60"),
    ("GPT-3 Medium", 356e6, "6.41e20", "7.42"),
    ("GPT-3 Large", 760e6, "1.37e21", "15.8"),
    ("GPT-3 XL", 1.32e9, "2.38e21", "27.5"),
    ("GPT-3 2.7B", 2.65e9, "4.77e21", "55.2"),
    ("GPT-3 6.7B", 6.66e9, "1.20e22", "139"),
    ("GPT-3 13B", 12.85e9, "2.31e22", "268"),
    ("GPT-3 175B", 174.6e9, "3.14e23", "3.64e3"),
]


def half_last_digit(printed: str) -> float:
    """Half a unit in the last printed digit: the table's own rounding."""
    mantissa, _, exponent = printed.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10 ** (-decimals + int(exponent or 0))


@pytest.mark.parametrize("name,params,flops,pf_days", TABLE_D1, ids=[r[0] for r in TABLE_D1])
def test_gpt3_table_d1_compute_from_6nd(name, params, flops, pf_days):
    q = Query(intent="training_compute", model=ModelRef(name=name, params=params), tokens=300e9)
    est = estimate(q, None, None)
    assert est.compute_required_kind == "6ND"
    assert abs(est.compute_required_flops - float(flops)) <= half_last_digit(flops)
    assert abs(est.pf_days - float(pf_days)) <= half_last_digit(pf_days)


def test_seed_question_4070ti_gpt35_year_at_90_percent():
    # The seed's question: can a 4070 Ti train GPT-3.5 in a year at 90%?
    q = query("can_train", RTX_4070_TI, GPT35, duration_s=YEAR_S, utilization=0.9)
    est = estimate(q, RTX_4070_TI, GPT35, proxy=GPT3)
    # 40.09e12 × 0.9 × 3.1536e7 = 1.1379e21 (facts.md §4: "1.14 × 10²¹")
    assert est.available_by_precision["fp32"] == pytest.approx(1.1379e21, rel=1e-4)
    # 80.2e12 × 0.9 × 3.1536e7 = 2.2763e21 at BF16 (FP32 accumulate), the default
    assert est.precision_used == "bf16"
    assert est.compute_available_flops == pytest.approx(2.2763e21, rel=1e-4)
    # GPT-3 175B as the labelled proxy: 3.14e23 (brown2020 Table D.1)
    assert est.compute_required_flops == 3.14e23
    assert est.compute_required_kind == "proxy"
    assert est.assumptions[0].code == "proxy_model"
    assert est.assumptions[0].values == {"model": "GPT-3.5", "proxy": "GPT-3 175B"}
    # 2.2763e21 / 3.14e23 = 0.725%, shortfall 137.9×
    assert est.fraction_of_required == pytest.approx(0.00725, rel=1e-3)
    assert est.shortfall_factor == pytest.approx(137.9, rel=1e-3)
    # FP32: 1.1379e21 / 3.14e23 = 0.3624%, 3.14e23 / 1.1379e21 = 275.96×
    fp32_fraction = est.available_by_precision["fp32"] / est.compute_required_flops
    assert fp32_fraction == pytest.approx(0.003624, rel=1e-3)
    assert 1 / fp32_fraction == pytest.approx(275.96, rel=1e-3)
    # Training state 16 B × 174.6e9 = 2.794e12 B, plus activations: ≈ 2.8 TB vs 12 GB
    assert est.memory.breakdown["optimizer_states"] == pytest.approx(12 * 174.6e9)
    assert est.memory.required_bytes == pytest.approx(2.8e12, rel=0.01)
    assert est.memory.available_bytes == 12e9
    assert not est.memory.fits
    assert est.verdict == "no"
    assert {"openai-model-index", "brown2020", "techpowerup-4070ti"} <= set(est.sources)


def test_gpt3_on_one_a100_at_90_percent_is_35_5_years():
    # facts.md §4: 3.14e23 / (312e12 × 0.9 × 3.1536e7) = 35.46 years
    q = query("time_to_train", A100_80GB, GPT3, utilization=0.9)
    est = estimate(q, A100_80GB, GPT3)
    assert est.precision_used == "bf16"
    assert est.time_needed_s / YEAR_S == pytest.approx(35.46, abs=0.01)
    # At 100% it would be 31.9 years (facts.md §4)
    assert est.time_needed_s * 0.9 / YEAR_S == pytest.approx(31.9, abs=0.05)


def test_lambda_355_gpu_years_for_gpt3_at_28_tflops():
    # Lambda: "at theoretical 28 TFLOPS for V100 ... this will take 355 GPU-years";
    # 3.14e23 / (28e12 × 3.1536e7) = 355.6
    q = query("time_to_train", LAMBDA_V100, GPT3, utilization=1.0, precision="fp16")
    est = estimate(q, LAMBDA_V100, GPT3)
    assert est.time_needed_s / YEAR_S == pytest.approx(355.6, abs=0.05)
    # 100% is above anything measured, so it is flagged
    assert "utilization_above_measured" in [a.code for a in est.assumptions]


def test_lambda_rtx_8000_665_years_at_15_tflops():
    # Lambda: "a single RTX 8000, assuming 15 TFLOPS, would take 665 years";
    # 3.14e23 / (15e12 × 3.1536e7) = 663.8 (facts.md §3a): within Lambda's rounding (0.2%)
    q = query("time_to_train", LAMBDA_RTX_8000, GPT3, utilization=1.0, precision="fp16")
    est = estimate(q, LAMBDA_RTX_8000, GPT3)
    assert est.time_needed_s / YEAR_S == pytest.approx(665, rel=0.005)


def test_lambda_cost_at_implied_price():
    # facts.md §3a: $4.6M / (355 × 8,760 h) ≈ $1.48 per V100-hour; at that price
    # 355.6 years × 8,760 h × $1.48 = $4.61M (a consistency check of cloud_cost).
    q = query(
        "cost", LAMBDA_V100, GPT3, utilization=1.0, precision="fp16", price_per_device_hour=1.48
    )
    est = estimate(q, LAMBDA_V100, GPT3)
    assert est.cloud_cost == pytest.approx(4.6e6, rel=0.01)


def test_llama31_405b_published_compute_matches_6nd():
    est = estimate(query("training_compute", model=LLAMA31_405B), None, LLAMA31_405B)
    assert est.compute_required_kind == "published"
    assert est.compute_required_flops == 3.8e25
    # 6 × 405e9 × 15.6e12 = 3.7908e25, within 1% of the published 3.8e25
    six_nd = compute.training_flops(405e9, 15.6e12)
    assert six_nd == pytest.approx(3.7908e25, rel=1e-4)
    assert six_nd == pytest.approx(est.compute_required_flops, rel=0.01)


def test_llama31_405b_implied_mfu_from_gpu_hours():
    # facts.md §3b: 3.8e25 / (30.84M h × 3,600 × 989e12) ≈ 35%, below the reported 38–43%
    q = query("model_info", H100_SXM, LLAMA31_405B)
    est = estimate(q, H100_SXM, LLAMA31_405B)
    assert est.device_hours == 30.84e6
    assert est.implied_utilization == pytest.approx(0.346, abs=0.002)


def test_deepseek_v3_6nd_with_active_params_and_implied_mfu():
    q = query("model_info", H800, DEEPSEEK_V3)
    est = estimate(q, H800, DEEPSEEK_V3)
    # 6 × 37e9 × 14.8e12 = 3.2856e24 ≈ 3.3e24 (facts.md §2): active, not total, parameters
    assert est.compute_required_kind == "6ND"
    assert est.compute_required_flops == pytest.approx(3.2856e24, rel=1e-4)
    codes = [a.code for a in est.assumptions]
    assert "moe_active_params" in codes
    # facts.md §3b: 3.2856e24 / (2.788e6 h × 3,600 × 989.4e12) ≈ 33% on the BF16 peak,
    # inside the 21–46% MFU large runs report (chowdhery2022 Table 3)
    assert est.implied_utilization == pytest.approx(0.331, abs=0.002)
    assert 0.213 <= est.implied_utilization <= 0.462


def test_llama2_7b_implied_mfu_on_a100():
    # facts.md §3b lists Llama 2 70B ≈ 43%; for 7B: 6 × 7e9 × 2e12 = 8.4e22 FLOP over
    # 184,320 A100-hours at 312e12 → 8.4e22 / (184,320 × 3,600 × 312e12) = 40.6%
    est = estimate(query("model_info", A100_80GB, LLAMA2_7B), A100_80GB, LLAMA2_7B)
    assert est.compute_required_flops == pytest.approx(8.4e22)
    assert est.implied_utilization == pytest.approx(0.4057, abs=0.001)


def test_gpt3_on_a100s_in_a_month():
    # 3.14e23 / (312e12 × 0.40 × 2.628e6 s) = 957.4 → 958 A100s; memory alone needs 36
    q = query("devices_needed", A100_80GB, GPT3, duration_s=MONTH_S)
    est = estimate(q, A100_80GB, GPT3)
    assert est.devices_for_compute == 958
    assert est.memory.devices_to_fit == 36
    assert est.devices_needed == 958

"""Largest trainable model and device ranking."""

from __future__ import annotations

import pytest
from estimate_rows import RTX_4090, query

from core import planning as P
from core.conventions import YEAR_S
from core.estimate import estimate
from core.types import DeviceResult

# hoffmann2022 Table 3 (Approach 1): (params, FLOP) for compute-optimal models. The table's
# ratio is ≈20–22 tokens/param, so N = √(C/120) lands within 5% of each size.
CHINCHILLA_TABLE_3 = [(67e9, 5.76e23), (175e9, 3.85e24), (280e9, 9.90e24), (1e12, 1.27e26)]


@pytest.mark.parametrize("params,flops", CHINCHILLA_TABLE_3)
def test_compute_optimal_params_match_chinchilla_table_3(params, flops):
    assert P.compute_optimal_params(flops) == pytest.approx(params, rel=0.05)


def test_largest_trainable_on_a_4090_for_a_year_is_memory_bound():
    # C = 165.2e12 × 0.40 × 3.1536e7 = 2.0839e21 → √(C/120) = 4.167e9 params by compute;
    # memory: 24e9 B / 16 B = 1.5e9 params → memory binds; tokens 20 × 1.5e9 = 30e9
    est = estimate(query("largest_trainable", RTX_4090, duration_s=YEAR_S), RTX_4090, None)
    lt = est.largest_trainable
    assert lt.compute_optimal_params == pytest.approx(4.167e9, rel=1e-3)
    assert lt.memory_max_params == pytest.approx(1.5e9)
    assert lt.bound_by == "memory"
    assert lt.params == pytest.approx(1.5e9) and lt.tokens == pytest.approx(30e9)


def test_largest_trainable_compute_bound_for_a_short_run():
    # a day on 8 cards: C = 165.2e12 × 0.4 × 86,400 × 8 = 4.567e19 → √(C/120) = 6.17e8
    # params; memory 8 × 24e9 / 16 = 1.2e10 → compute binds
    q = query("largest_trainable", RTX_4090, duration_s=86_400, count=8)
    lt = estimate(q, RTX_4090, None).largest_trainable
    assert lt.bound_by == "compute"
    assert lt.params == pytest.approx(6.17e8, rel=1e-3)


def test_rank_puts_best_first_with_ratios():
    rows = [
        DeviceResult(hardware_id="slow", count=1, precision_used="bf16", peak_flops=1.0),
        DeviceResult(hardware_id="fast", count=1, precision_used="bf16", peak_flops=4.0),
    ]
    rows[0].time_needed_s, rows[1].time_needed_s = 40.0, 10.0
    ranked = P.rank(rows, "time_needed_s")
    assert [r.hardware_id for r in ranked] == ["fast", "slow"]
    assert [r.ratio_to_best for r in ranked] == [1.0, 4.0]
    # higher is better for a rate: the same ratio
    assert [r.ratio_to_best for r in P.rank(rows, "peak_flops")] == [1.0, 4.0]


def test_shared_precision_is_like_for_like():
    rtx_4070_ti = {"fp32": 40.09, "tf32": 40.09, "bf16": 80.2, "fp16": 80.2}  # facts.md §1a
    v100 = {"fp32": 15.7, "fp16": 125}  # facts.md §1b: no BF16
    tpu_v4 = {"bf16": 275}  # facts.md §1c: no FP32 figure
    m2_ultra = {"fp32": 27.2}  # facts.md §1c: FP32 only
    assert P.shared_precision([rtx_4070_ti, v100]) == "fp16"
    assert P.shared_precision([rtx_4070_ti, tpu_v4]) == "bf16"
    assert P.shared_precision([tpu_v4, m2_ultra]) is None

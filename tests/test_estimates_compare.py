"""Comparisons that used to crash or mislead (QA report §5.1, §5.5): a device with no compute
peak, devices that share no precision, and inference ranked by decode speed at the inference
precision, devices that hold the model first.

Decode is bandwidth-bound: tokens/s = 0.6 × bandwidth × devices ÷ bytes read per token
(weights + KV cache; databricks2023, the project's 60% efficiency).
"""

from __future__ import annotations

import itertools

import pytest
from estimate_rows import (
    A100_80GB,
    LLAMA2_7B,
    LLAMA2_13B,
    LLAMA2_70B,
    M2_ULTRA,
    M4_MAX,
    QUADRO_RTX_8000,
    RTX_3090,
    RTX_4090,
    TPU_V4,
    hw_ref,
    query,
)

from bot.render import render
from core import assumptions as A
from core.estimate import estimate
from core.types import HardwareRef, ModelRef, Query
from grammar.parsed import Parsed

LANGS = ("en", "hi", "hi-Latn")
# Llama 2 13B (40 layers, 40 KV heads × 128, context 4,096): weights 13e9 × 2 B = 26e9 B;
# KV cache 2 × 40 × 40 × 128 × 2 B × 4,096 tokens = 3.3554e9 B; read per token 29.355e9 B.
LLAMA2_13B_BYTES_PER_TOKEN = 26e9 + 2 * 40 * 40 * 128 * 2 * 4096


def compare(task, devices, model=LLAMA2_13B, **kw):
    (first, n), *rest = devices
    q = query("compare", first, model, task=task, count=n, **kw)
    q.compare_with = [hw_ref(hw, count) for hw, count in rest]
    return estimate(q, first, model, compare=devices)


def codes(est) -> list[str]:
    return [a.code for a in est.assumptions]


# --- inference: bandwidth-bound, no compute peak needed ------------------------------------


def test_inference_compare_needs_no_compute_peak():
    # M4 Max has no peak at all; decode needs only bandwidth. Llama 2 7B at BF16:
    # 14e9 + 2 × 32 × 32 × 128 × 2 × 4,096 = 16.147e9 B a token.
    est = compare("inference", [(RTX_4090, 1), (M4_MAX, 1)], model=LLAMA2_7B)
    per_token = 14e9 + 2 * 32 * 32 * 128 * 2 * 4096
    rows = {r.hardware_id: r for r in est.compare}
    assert rows["m4-max"].tokens_per_second == pytest.approx(0.6 * 546e9 / per_token)  # 20.3
    assert rows["rtx-4090"].tokens_per_second == pytest.approx(0.6 * 1008e9 / per_token)  # 37.5
    assert [r.hardware_id for r in est.compare] == ["rtx-4090", "m4-max"]
    assert est.compare[1].ratio_to_best == pytest.approx(1008 / 546)
    # no compute precision class is involved, so none is stated
    assert A.COMPARE_PRECISION not in codes(est) and A.PREFILL_COMPUTE not in codes(est)


def test_inference_compare_uses_the_inference_precision_and_ranks_holders_first():
    # QA §5.5: Quadro RTX 8000 (48 GB) holds Llama 2 13B at BF16 (26 + 3.36 + 5.2 = 34.6 GB);
    # a 3090 (24 GB) does not, so its speed is on 2 of them and it is listed after the Quadro
    # although 2 × 936 GB/s is faster than 672 GB/s.
    est = compare("inference", [(QUADRO_RTX_8000, 1), (RTX_3090, 1)])
    assert est.precision_used == "bf16"
    assert all(r.precision_used == "bf16" for r in est.compare)
    quadro, rtx = est.compare
    assert quadro.hardware_id == "quadro-rtx-8000" and quadro.memory_fits is True
    assert quadro.tokens_per_second == pytest.approx(0.6 * 672e9 / LLAMA2_13B_BYTES_PER_TOKEN)
    assert rtx.memory_fits is False and rtx.devices_to_fit == 2 and rtx.speed_devices == 2
    assert rtx.tokens_per_second == pytest.approx(0.6 * 936e9 * 2 / LLAMA2_13B_BYTES_PER_TOKEN)
    assert rtx.ratio_to_best is None  # not set against a device that holds the model
    assert A.COMPARE_HOLDERS_FIRST in codes(est)
    assert A.COMPARE_PRECISION not in codes(est)  # no FP32 class for an inference ranking


def test_inference_compare_at_an_asked_precision():
    # INT8: 13e9 B of weights + 3.3554e9 B of KV cache a token; both cards hold 13e9 × 1.2
    # + 3.36e9 = 18.96 GB, so both are ranked, 936 / 672 = 1.39× apart
    est = compare("inference", [(QUADRO_RTX_8000, 1), (RTX_3090, 1)], precision="int8")
    assert [r.precision_used for r in est.compare] == ["int8", "int8"]
    assert [r.hardware_id for r in est.compare] == ["rtx-3090", "quadro-rtx-8000"]
    per_token = 13e9 + 2 * 40 * 40 * 128 * 2 * 4096
    assert est.compare[0].tokens_per_second == pytest.approx(0.6 * 936e9 / per_token)
    assert est.compare[1].ratio_to_best == pytest.approx(936 / 672)


# Llama 2 70B (80 layers, 8 KV heads × 128): weights 140e9 B, KV 2 × 80 × 8 × 128 × 2 B ×
# 4,096 = 1.342e9 B, overhead 28e9 B: 169.3 GB to hold; 141.34e9 B read per token.
LLAMA2_70B_BYTES_PER_TOKEN = 140e9 + 2 * 80 * 8 * 128 * 2 * 4096


def test_the_one_device_that_holds_the_model_comes_first():
    # M2 Ultra (192 GB) holds it alone: 0.6 × 800e9 / 141.34e9 = 3.4 tokens/s. M4 Max needs 2
    # (2 × 128 GB): 0.6 × 546e9 × 2 / 141.34e9 = 4.6 tokens/s, faster but listed after.
    est = compare("inference", [(M4_MAX, 1), (M2_ULTRA, 1)], model=LLAMA2_70B)
    ultra, m4 = est.compare
    assert ultra.hardware_id == "m2-ultra" and ultra.ratio_to_best == 1
    assert ultra.tokens_per_second == pytest.approx(0.6 * 800e9 / LLAMA2_70B_BYTES_PER_TOKEN)
    assert m4.speed_devices == 2 and m4.ratio_to_best is None
    assert m4.tokens_per_second == pytest.approx(0.6 * 546e9 * 2 / LLAMA2_70B_BYTES_PER_TOKEN)


def test_when_none_holds_it_all_are_ranked_on_the_fewest_that_would():
    # ⌈169.3 / 24⌉ = 8 of either card: 8 × 1,008 against 8 × 936 GB/s → 1.08×
    est = compare("inference", [(RTX_3090, 1), (RTX_4090, 1)], model=LLAMA2_70B)
    assert [r.speed_devices for r in est.compare] == [8, 8]
    assert est.compare[0].hardware_id == "rtx-4090"
    assert est.compare[0].tokens_per_second == pytest.approx(
        0.6 * 1008e9 * 8 / LLAMA2_70B_BYTES_PER_TOKEN
    )
    assert est.compare[1].ratio_to_best == pytest.approx(1008 / 936)
    assert A.COMPARE_HOLDERS_FIRST not in codes(est)  # nobody holds it: nothing to put first


# --- training: a device without a peak is named, the others ranked ---------------------------


def test_training_compare_with_a_device_lacking_a_peak_ranks_the_others():
    # Llama 2 7B: 6 × 7e9 × 2e12 = 8.4e22 FLOP; BF16 is shared by the two that have peaks:
    # A100 8.4e22 / (312e12 × 0.4) = 6.73e8 s; 4090 8.4e22 / (165.2e12 × 0.4) = 1.27e9 s
    est = compare("pretrain", [(M4_MAX, 1), (RTX_4090, 1), (A100_80GB, 1)], model=LLAMA2_7B)
    assert [r.hardware_id for r in est.compare] == ["a100-80gb-sxm", "rtx-4090", "m4-max"]
    assert est.compare[0].time_needed_s == pytest.approx(8.4e22 / (312e12 * 0.4))
    assert est.compare[1].ratio_to_best == pytest.approx(312 / 165.2)
    m4 = est.compare[2]
    assert m4.time_needed_s is None and m4.ratio_to_best is None and m4.peak_flops is None
    unpublished = [a.values for a in est.assumptions if a.code == A.FIGURE_UNPUBLISHED]
    assert unpublished == [{"hardware": "Apple M4 Max", "figure": "peak"}]
    assert est.precision_used == "bf16"


def test_devices_sharing_no_precision_are_each_taken_at_their_own():
    # TPU v4 has only BF16 (275), M2 Ultra only FP32 (27.2): no like-for-like class, so each
    # at its own training precision, said so; peaks 275e12 vs 27.2e12 → 10.1×
    q = Query(
        intent="compare",
        hardware=hw_ref(TPU_V4),
        compare_with=[hw_ref(M2_ULTRA)],
    )
    est = estimate(q, TPU_V4, None, compare=[(TPU_V4, 1), (M2_ULTRA, 1)])
    assert [(r.hardware_id, r.precision_used) for r in est.compare] == [
        ("tpu-v4", "bf16"),
        ("m2-ultra", "fp32"),
    ]
    assert est.compare[1].ratio_to_best == pytest.approx(275 / 27.2)
    assert A.COMPARE_OWN_PRECISION in codes(est)


def test_peak_ranking_counts_every_device_of_a_row():
    # 8 × 4090 (8 × 165.2 = 1,321.6 TFLOPS) against 1 × A100 (312): the eight come first
    q = Query(intent="compare", hardware=hw_ref(RTX_4090, 8), compare_with=[hw_ref(A100_80GB)])
    est = estimate(q, RTX_4090, None, compare=[(RTX_4090, 8), (A100_80GB, 1)])
    assert est.compare[0].hardware_id == "rtx-4090"
    assert est.compare[1].ratio_to_best == pytest.approx(8 * 165.2 / 312)


# --- every pair of catalog devices --------------------------------------------------------------


def _pairs(catalog):
    rows = sorted(catalog.hardware.values(), key=lambda hw: hw.id)
    return list(itertools.combinations(rows, 2))


@pytest.mark.parametrize("task", ["pretrain", "inference", None])
def test_every_pair_of_catalog_devices_compares_without_an_exception(catalog, task):
    """Training, inference and plain peak comparisons of every pair, each rendered in one of
    the three languages in turn: none raises, each has a ranked or explained row per device."""
    model = catalog.models["llama-3-8b"] if task else None
    pairs = _pairs(catalog)
    assert {hw.id for pair in pairs for hw in pair} == set(catalog.hardware)
    for i, (a, b) in enumerate(pairs):
        q = Query(
            intent="compare",
            task=task,
            hardware=HardwareRef(id=a.id, name=a.name),
            compare_with=[HardwareRef(id=b.id, name=b.name)],
            model=ModelRef(id=model.id, name=model.name) if model else None,
        )
        est = estimate(q, a, model, compare=[(a, 1), (b, 1)])
        assert {r.hardware_id for r in est.compare} == {a.id, b.id}
        lang = LANGS[i % len(LANGS)]
        reply = render(Parsed(text="", language=lang, query=q, understood=True), est, catalog, lang)
        rows = [line for line in reply.lines if line[:3] in ("1. ", "2. ")]
        assert len(rows) == 2, reply.text()
        assert "{" not in reply.text(), reply.text()

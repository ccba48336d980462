"""Memory for training, LoRA, QLoRA and inference: worked examples with the arithmetic."""

from __future__ import annotations

import pytest
from estimate_rows import (
    GPT3,
    GPT4,
    GPT35,
    H100_SXM,
    LLAMA2_7B,
    LLAMA2_13B,
    LLAMA2_70B,
    MIXTRAL,
    RTX_3060,
    RTX_4070_TI,
    RTX_4090,
    query,
)

from core import memory as M
from core.assumptions import CODES
from core.conventions import Settings
from core.estimate import estimate
from core.types import ModelRef

SETTINGS = Settings()
GB = 1e9


def fits(hw, model, *, task=None, precision=None, count=1, proxy=None):
    q = query("fits", hw, model, task=task, precision=precision, count=count)
    return estimate(q, hw, model, proxy=proxy)


def test_zero_16_bytes_per_param_is_24_gb_for_1_5b():
    # rajbhandari2020 §3.1: "GPT-2 with 1.5 Billion parameters ... at least 24 GB"
    need = M.training_need(1.5e9, M.Arch(), SETTINGS)
    assert need.required_bytes == pytest.approx(24 * GB)
    assert [a.code for a in need.assumptions] == ["training_memory_adam", "activations_omitted"]


def test_zero_7_5b_needs_120_gb():
    # rajbhandari2020 §3.1: "a 7.5B model needs ≥ 120 GB" (16 × 7.5e9)
    assert M.training_need(7.5e9, M.Arch(), SETTINGS).required_bytes == pytest.approx(120 * GB)


def test_activation_bytes_with_checkpointing_llama2_13b():
    # korthikanti2022: kept 2·s·b·h·L = 2·2048·1·5120·40 = 838.9e6 B, plus one layer
    # recomputed s·b·h·(34 + 5·a·s/h) = 2048·5120·(34 + 5·40·2048/5120 = 80) = 1,195.4e6 B
    arch = M.Arch.of(LLAMA2_13B)
    assert M.activation_bytes(arch, 1, 2048) == pytest.approx(838_860_800 + 1_195_376_640)


def test_kv_cache_is_gqa_aware():
    # Llama 2 70B: 2 · 80 layers · 8 KV heads · 128 head_dim · 2 B = 327,680 B/token
    arch = M.Arch.of(LLAMA2_70B)
    assert M.kv_cache_bytes(arch, 1, 1, 2) == 327_680
    # with all 64 heads it would be 8× as much
    mha = M.Arch(80, 8192, 64, 64, 4096)
    assert M.kv_cache_bytes(mha, 1, 1, 2) == 8 * 327_680


def test_llama2_7b_fp16_does_not_fit_12_gb():
    # weights 7e9 × 2 B = 14 GB > 12 GB before any KV cache;
    # + KV 2·32·32·128·2 B = 524,288 B/token × 4,096 = 2.147 GB + 20% of weights 2.8 GB
    est = fits(RTX_3060, LLAMA2_7B, precision="fp16")
    mem = est.memory
    assert mem.breakdown["weights"] == 14 * GB
    assert mem.breakdown["kv_cache"] == pytest.approx(524_288 * 4096)
    assert mem.required_bytes == pytest.approx(14e9 + 2.147e9 + 2.8e9, rel=1e-3)
    assert est.verdict == "no" and not mem.fits
    assert mem.devices_to_fit == 2  # 18.95 GB / 12 GB → 2
    assert mem.available_bytes - mem.required_bytes == pytest.approx(-6.95e9, rel=1e-3)


def test_llama2_70b_4bit_fits_two_24_gb_cards():
    # weights 70e9 × 0.5 B = 35 GB; KV 327,680 B × 4,096 = 1.342 GB; overhead 0.2 × 35 = 7 GB
    # total 43.34 GB ≤ 2 × 24 GB = 48 GB, but > 24 GB on one card
    two = fits(RTX_4090, LLAMA2_70B, precision="int4", count=2)
    assert two.memory.required_bytes == pytest.approx(43.34e9, rel=1e-3)
    assert two.verdict == "yes"
    assert two.memory.devices_to_fit == 2
    one = fits(RTX_4090, LLAMA2_70B, precision="int4")
    assert one.verdict == "no"


def test_lora_llama2_13b_does_not_fit_24_gb_but_qlora_does():
    # LoRA: frozen 16-bit weights alone are 13e9 × 2 B = 26 GB > 24 GB
    lora = fits(RTX_4090, LLAMA2_13B, task="lora")
    assert lora.memory.breakdown["frozen_weights"] == 26 * GB
    assert lora.verdict == "no"
    # QLoRA: NF4 13e9 × 4/8 = 6.5 GB; constants 13e9 × 0.127/8 = 0.206 GB;
    # adapters r=16 on q,k,v,o: 40 · 16 · (4 · 2 · 5120) = 26.2M params × 16 B = 0.419 GB;
    # activations 2.034 GB (test above) → ≈ 9.16 GB ≤ 24 GB
    qlora = fits(RTX_4090, LLAMA2_13B, task="qlora")
    parts = qlora.memory.breakdown
    assert parts["frozen_weights"] == pytest.approx(6.5e9)
    assert parts["quantization_constants"] == pytest.approx(13e9 * 0.127 / 8, rel=1e-3)
    assert parts["adapters"] == pytest.approx(40 * 16 * 4 * 2 * 5120 * 16)
    assert qlora.memory.required_bytes == pytest.approx(9.16e9, rel=0.01)
    assert qlora.verdict == "yes"
    assert "dettmers2023" in qlora.sources


def test_mixtral_fp16_does_not_fit_one_h100_but_int8_does():
    # MoE holds every expert: 47e9 × 2 B = 94 GB > 80 GB
    fp16 = fits(H100_SXM, MIXTRAL, precision="fp16")
    assert fp16.memory.breakdown["weights"] == 94 * GB
    assert fp16.verdict == "no"
    assert "moe_all_experts_in_memory" in [a.code for a in fp16.assumptions]
    # INT8: 47 GB + KV 2·32·8·128·2 B × 4,096 = 0.537 GB + 0.2 × 47 = 9.4 GB → 56.9 GB ≤ 80
    int8 = fits(H100_SXM, MIXTRAL, precision="int8")
    assert int8.memory.required_bytes == pytest.approx(56.94e9, rel=1e-3)
    assert int8.verdict == "yes"


def test_gpt3_training_state_needs_at_least_35_h100s():
    # 16 B × 174.6e9 = 2.794 TB / 80 GB = 34.9 → 35 for the state alone; activations
    # (7.7 GB at batch 1, 2,048 tokens) make it 36
    est = fits(H100_SXM, GPT3, task="pretrain")
    state_bytes = sum(v for k, v in est.memory.breakdown.items() if k != "activations")
    assert M.devices_to_fit(state_bytes, 80e9) == 35
    assert est.memory.devices_to_fit == 36
    assert est.verdict == "no"
    sharding = next(a for a in est.assumptions if a.code == "memory_sharding")
    # one H100 cannot hold it, so no asked count shares it
    assert sharding.values == {"scheme": "zero3", "devices": 36, "asked": None}


def test_task_defaults_to_inference_and_says_so():
    est = fits(RTX_4070_TI, LLAMA2_7B)
    assert est.memory.task == "inference"
    assert est.memory.precision == "bf16"
    codes = [a.code for a in est.assumptions]
    assert "task_default" in codes and "precision_default" in codes


def test_model_by_size_only_omits_kv_cache_and_says_so():
    q = query("fits", RTX_4090)
    q.model = ModelRef(name="a 7B model", params=7e9)
    est = estimate(q, RTX_4090, None)
    # 7e9 × 2 B + 20% = 16.8 GB ≤ 24 GB; no KV figure without the architecture
    assert est.memory.required_bytes == pytest.approx(16.8e9)
    assert "kv_cache_omitted" in [a.code for a in est.assumptions]


def test_undisclosed_size_gives_no_memory_verdict():
    est = fits(H100_SXM, GPT4)
    assert est.memory is None
    assert "params_undisclosed" in [a.code for a in est.assumptions]


def test_proxy_sizes_memory_and_comes_first():
    est = fits(RTX_4090, GPT35, proxy=GPT3)
    assert est.assumptions[0].code == "proxy_model"
    assert est.memory.breakdown["weights"] == pytest.approx(174.6e9 * 2)


def test_every_memory_assumption_is_registered():
    for task in ("pretrain", "finetune", "lora", "qlora", "inference"):
        for arch in (M.Arch.of(LLAMA2_70B), M.Arch()):
            need = M.task_need(task, 70e9, 70e9, arch, SETTINGS, precision="int4")
            for a in need.assumptions:
                assert tuple(a.values) == CODES[a.code]

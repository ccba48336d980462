"""The largest model without a time budget: fine-tuning, LoRA, QLoRA and inference are bound by
memory alone, and so is pre-training asked with no duration (then the time to train that size
compute-optimally is the figure given instead of a verdict).

Bytes per parameter that grow with the model alone (core.memory.bytes_per_param):
  pretrain / finetune 16 (rajbhandari2020 §3.1); lora 2 (frozen 16-bit weights);
  qlora (4 + 8/64 + 32/(64·256)) / 8 = 0.515869 (dettmers2023 §3);
  inference: the weights' bytes × 1.2 (20% runtime overhead, eleuther2023).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import render_cases as rc
from estimate_rows import (
    GPT3,
    GPT35,
    LLAMA2_7B,
    LLAMA2_13B,
    LLAMA2_70B,
    MISTRAL_7B,
    MIXTRAL,
    RTX_4090,
    query,
)

from bot.answer import estimate_for
from bot.render import render
from core import assumptions as A
from core.conventions import MONTH_S
from core.estimate import estimate

LANGS = ("en", "hi", "hi-Latn")
QLORA_BYTES_PER_PARAM = (4 + 8 / 64 + 32 / (64 * 256)) / 8  # 0.515869140625
CANDIDATES = (LLAMA2_7B, LLAMA2_13B, LLAMA2_70B, MIXTRAL, MISTRAL_7B, GPT3, GPT35)


def largest(task: str, count: int = 1, **kw):
    q = query("largest_trainable", RTX_4090, None, task=task, **kw)
    q.hardware.count = count  # type: ignore[union-attr]
    return estimate(q, RTX_4090, None, candidates=CANDIDATES)


@pytest.mark.parametrize(
    ("task", "count", "precision", "params"),
    [
        ("qlora", 1, None, 24e9 / QLORA_BYTES_PER_PARAM),  # 46.5B on one 24 GB card
        ("lora", 1, None, 24e9 / 2),  # 12B
        ("finetune", 1, None, 24e9 / 16),  # 1.5B
        ("inference", 1, None, 24e9 / (2 * 1.2)),  # BF16 by default: 10B
        ("inference", 2, "int4", 48e9 / (0.5 * 1.2)),  # two cards in 4-bit: 80B
    ],
)
def test_memory_alone_bounds_every_task_but_timed_pretraining(task, count, precision, params):
    est = largest(task, count, precision=precision)
    lt = est.largest_trainable
    assert lt is not None and lt.bound_by == "memory" and lt.task == task
    assert lt.params == pytest.approx(params)
    assert lt.compute_optimal_params is None and lt.tokens is None
    assert est.time_needed_s is None


def test_the_bound_says_what_it_leaves_out():
    codes = [a.code for a in largest("qlora").assumptions]
    assert {A.LARGEST_BY_MEMORY, A.ADAPTERS_OMITTED, A.ACTIVATIONS_OMITTED} <= set(codes)
    inference = [a.code for a in largest("inference").assumptions]
    assert A.KV_CACHE_OMITTED in inference and A.RUNTIME_OVERHEAD in inference


def test_pretraining_without_a_duration_gives_the_time_for_the_memory_bound():
    est = largest("pretrain")
    lt = est.largest_trainable
    assert lt is not None and lt.bound_by == "memory"
    # 24e9 B ÷ 16 B = 1.5e9 parameters; compute-optimal 20 tokens each = 30e9 tokens
    assert lt.params == pytest.approx(1.5e9) and lt.tokens == pytest.approx(30e9)
    # 6 × 1.5e9 × 30e9 = 2.7e20 FLOP ÷ (165.2e12 BF16 dense × 0.4) = 4.086e6 s (47 days)
    assert est.time_needed_s == pytest.approx(2.7e20 / (165.2e12 * 0.4))
    assert A.LARGEST_NO_DURATION in [a.code for a in est.assumptions]


def test_pretraining_with_a_duration_still_weighs_compute():
    est = largest("pretrain", duration_s=MONTH_S)
    lt = est.largest_trainable
    assert lt is not None and lt.compute_optimal_params is not None
    assert est.fitting_models == []  # the compute-optimal answer names no catalog model


def test_the_largest_catalog_models_that_fit_are_counted_in_full():
    est = largest("qlora")
    # Llama 2 70B: 70e9 × 0.516 = 36.1 GB and Mixtral: 47e9 × 0.516 = 24.2 GB, over 24 GB
    # before anything else; GPT-3.5 has no size of its own (a proxy stands in)
    assert [f.model_id for f in est.fitting_models] == ["llama-2-13b", "mistral-7b", "llama-2-7b"]
    # Llama 2 13B (40 layers × 5120, 40 heads): NF4 13e9 × 0.5 = 6.5e9; constants
    # 13e9 × 0.126953125 / 8 = 0.206e9; rank-16 adapters on q,k,v,o 40 × 16 × 4 × 10240
    # = 26.2M × 16 B = 0.419e9; activations 2 × 2048 × 5120 × 40 = 0.839e9 kept plus one
    # layer 2048 × 5120 × (34 + 5 × 40 × 2048 / 5120) = 1.195e9 → 9.16e9 B
    llama13 = est.fitting_models[0]
    assert llama13.required_bytes == pytest.approx(9.16e9, rel=1e-3)


def test_two_cards_in_4_bit_hold_llama_2_70b():
    est = largest("inference", 2, precision="int4")
    # 70e9 × 0.5 = 35e9 + KV 2 × 80 × (8 × 128) × 2 B × 4,096 = 1.34e9 + 20% of 35e9 = 7e9
    # = 43.3e9 ≤ 48e9; GPT-3 175B needs 87e9 + … and does not fit
    ids = [f.model_id for f in est.fitting_models]
    assert ids[0] == "llama-2-70b" and "gpt-3-175b" not in ids


# --- the reply -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cat():
    return rc.catalog()


def rc_query(task: str):
    return query("largest_trainable", rc.RTX_4070_TI, None, task=task)


@pytest.mark.parametrize("lang", LANGS)
def test_qlora_reply_gives_the_bound_what_it_omits_and_the_models_that_fit(cat, lang):
    q = rc_query("qlora")
    est = estimate_for(q, cat)
    reply = render(rc.parsed(q, lang), est, cat, lang)
    text = reply.text(with_math=True)
    # 12e9 B ÷ 0.516 B = 23.3B parameters on the 12 GB 4070 Ti
    assert "23.3B" in reply.title
    assert "0.516" in text
    # Llama 2 7B: 3.5e9 + 0.11e9 constants + 0.27e9 adapters + 1.49e9 activations = 5.4 GB
    assert "Llama 2 7B: 5.4 GB" in text
    assert "dettmers2023" in est.sources  # render_cases' catalog lacks that source row
    assert "touvron2023b" in {c.key for c in reply.citations}  # the model's size


@pytest.mark.parametrize("lang", LANGS)
def test_pretraining_reply_without_a_time_gives_the_time_instead(cat, lang):
    q = rc_query("pretrain")
    est = estimate_for(q, cat)
    reply = render(rc.parsed(q, lang), est, cat, lang)
    text = reply.text(with_math=True)
    # 12e9 ÷ 16 = 750M parameters on 15B tokens: 6 × 0.75e9 × 15e9 = 6.75e19 FLOP
    # ÷ (80.2e12 × 0.4) = 2.1e6 s = 24 days
    assert "750M" in reply.title and "15B" in text
    assert "24 " in text and "6.75 × 10¹⁹" in text


def test_cli_json_for_the_largest_qlora_model_on_a_4090():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ask",
            "--json",
            "what's the largest model I can fine-tune on a 24GB 4090 with QLoRA?",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    data = json.loads(out.stdout)
    assert data["understood"] and data["query"]["task"] == "qlora"
    assert data["query"]["duration_s"] is None
    lt = data["result"]["largest_trainable"]
    assert lt["bound_by"] == "memory" and lt["tokens"] is None
    assert lt["params"] == pytest.approx(24e9 / QLORA_BYTES_PER_PARAM)
    assert data["result"]["fitting_models"]  # the catalog has models that size

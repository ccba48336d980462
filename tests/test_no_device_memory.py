"""A memory question that names no device: the memory the task needs, and how many of each
reference device would hold it ("how much VRAM do I need to run Mixtral 8x7B in 4 bit?").

The device is never invented: `query.hardware` stays null, the verdict's device fields stay
null, and the devices come from the catalog rows marked `reference = true`.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import render_cases as rc
from estimate_rows import A100_80GB, H100_SXM, LLAMA2_7B, MIXTRAL, RTX_3060, RTX_4090

from bot.answer import answer, estimate_for
from bot.render import render
from core import assumptions as A
from core.errors import MissingInput
from core.estimate import estimate
from core.memory import devices_to_fit, options
from core.types import ModelRef, Query
from knowledge import Catalog

LANGS = ("en", "hi", "hi-Latn")
REFERENCES = (RTX_3060, RTX_4090, A100_80GB, H100_SXM)  # 12, 24, 80 and 80 GB

# Mixtral 8x7B at INT4 (jiang2024 sizes; keras-hub config: 32 layers, 8 KV heads × 128):
#   weights   47e9 × 0.5 B                          = 23.5e9 B
#   KV cache  2 × 32 × (8 × 128) × 2 B × 4,096 × 1  = 536,870,912 B
#   overhead  0.2 × 23.5e9 (eleuther2023)           = 4.7e9 B
MIXTRAL_INT4_BYTES = 23.5e9 + 536_870_912 + 4.7e9  # 28.74 GB


def mixtral_int4() -> Query:
    model = ModelRef(id=MIXTRAL.id, name=MIXTRAL.name, params=MIXTRAL.params)
    return Query(intent="fits", task="inference", model=model, precision="int4")


# --- core --------------------------------------------------------------------------------


def test_mixtral_in_4_bit_needs_its_memory_and_no_verdict():
    est = estimate(mixtral_int4(), None, MIXTRAL, references=REFERENCES)
    assert est.memory is not None
    assert est.memory.required_bytes == pytest.approx(MIXTRAL_INT4_BYTES)
    assert est.memory.available_bytes is None
    assert est.memory.fits is None and est.memory.devices_to_fit is None
    assert est.verdict is None


def test_each_reference_device_gets_the_fewest_that_hold_it():
    est = estimate(mixtral_int4(), None, MIXTRAL, references=REFERENCES)
    # ⌈28.74 / 12⌉ = 3 RTX 3060; ⌈28.74 / 24⌉ = 2 RTX 4090; one 80 GB A100 or H100
    got = {o.hardware_id: o.devices_to_fit for o in est.memory_options}
    assert got == {"rtx-3060-12gb": 3, "rtx-4090": 2, "a100-80gb-sxm": 1, "h100-sxm": 1}
    sizes = [o.memory_bytes for o in est.memory_options]
    assert sizes == sorted(sizes)  # smallest device first


def test_full_fine_tune_without_a_device_shards_like_zero3():
    query = Query(
        intent="fits",
        task="finetune",
        model=ModelRef(id=LLAMA2_7B.id, name=LLAMA2_7B.name, params=7e9),
    )
    est = estimate(query, None, LLAMA2_7B, references=REFERENCES)
    # 16 B × 7e9 = 112e9 (rajbhandari2020 §3.1) + activations at batch 1 × 2,048 with per-layer
    # checkpointing (korthikanti2022): 2·s·h·L = 2 × 2048 × 4096 × 32 = 536,870,912 kept,
    # plus one layer s·h·(34 + 5·a·s/h) = 2048 × 4096 × (34 + 80) = 956,301,312
    required = 112e9 + 536_870_912 + 956_301_312
    assert est.memory is not None and est.memory.required_bytes == pytest.approx(required)
    got = {o.hardware_id: o.devices_to_fit for o in est.memory_options}
    assert got["a100-80gb-sxm"] == 2 and got["rtx-4090"] == 5  # ⌈113.5 / 80⌉, ⌈113.5 / 24⌉
    note = next(a for a in est.assumptions if a.code == A.MEMORY_OPTIONS)
    assert note.values == {"scheme": "zero3"}


def test_inference_without_a_device_splits_tensor_parallel_and_cites_the_memory():
    est = estimate(mixtral_int4(), None, MIXTRAL, references=REFERENCES)
    note = next(a for a in est.assumptions if a.code == A.MEMORY_OPTIONS)
    assert note.values == {"scheme": "tensor_parallel"}
    for hw in REFERENCES:
        assert hw.source_of("memory_gb") in est.sources


def test_without_reference_devices_there_is_still_the_memory():
    est = estimate(mixtral_int4(), None, MIXTRAL)
    assert est.memory is not None and est.memory_options == []
    assert A.MEMORY_OPTIONS not in [a.code for a in est.assumptions]


def test_fits_still_needs_a_model():
    with pytest.raises(MissingInput) as e:
        estimate(Query(intent="fits", task="inference"), None, None, references=REFERENCES)
    assert e.value.slots == ["model"]


def test_options_round_up_and_never_go_below_one():
    # 80 GB exactly fills one A100 80GB; 80.1 GB needs a second
    assert devices_to_fit(80e9, A100_80GB.memory_bytes) == 1
    assert devices_to_fit(80.1e9, A100_80GB.memory_bytes) == 2
    assert [o.devices_to_fit for o in options(1e9, REFERENCES)] == [1, 1, 1, 1]


# --- the bot: reference devices come from the catalog -----------------------------------


@pytest.fixture(scope="module")
def cat() -> Catalog:
    """render_cases' rows, with the 4070 Ti (12 GB) and the A100 (80 GB) as references."""
    base = rc.catalog()
    hardware = {hid: hw.model_copy(update={"reference": True}) for hid, hw in base.hardware.items()}
    return Catalog(base.sources, hardware, base.models, {}, {})


def llama_inference() -> Query:
    return Query(intent="fits", task="inference", model=rc.model_ref(rc.LLAMA2_7B))


def test_the_bot_sets_the_memory_against_the_catalogs_reference_devices(cat):
    est = estimate_for(llama_inference(), cat)
    assert {o.hardware_id for o in est.memory_options} == {"rtx-4070-ti", "a100-80gb-sxm"}
    assert [hw.id for hw in cat.reference_hardware] == ["rtx-4070-ti", "a100-80gb-sxm"]


def test_a_named_device_gets_no_reference_options(cat):
    query = llama_inference().model_copy(update={"hardware": rc.hw_ref(rc.A100)})
    est = estimate_for(query, cat)
    assert est.memory_options == [] and est.memory is not None and est.memory.fits


# Llama 2 7B at BF16, 4,096-token context (touvron2023b; no GQA: 32 KV heads × 128):
#   weights 7e9 × 2 B = 14 GB; KV 2 × 32 × 4096 × 2 B × 4,096 = 2.15 GB; overhead 2.8 GB
#   → 18.95 GB: ⌈18.95 / 12⌉ = 2 RTX 4070 Ti, one A100 80GB
LLAMA_BF16_BYTES = 14e9 + 2 * 32 * 4096 * 2 * 4096 + 2.8e9


@pytest.mark.parametrize("lang", LANGS)
def test_the_reply_gives_the_memory_the_smallest_device_and_every_option(cat, lang):
    est = estimate_for(llama_inference(), cat)
    assert est.memory is not None
    assert est.memory.required_bytes == pytest.approx(LLAMA_BF16_BYTES)
    reply = render(rc.parsed(llama_inference(), lang), est, cat, lang)
    text = reply.text(with_math=True)
    assert "19 GB" in reply.title  # 18.95 GB to two significant digits
    assert "A100 80GB SXM4 (80 GB)" in text  # the smallest single device that holds it
    assert "2 × GeForce RTX 4070 Ti (12 GB)" in text
    assert "⌈18.9 GB ÷ 12 GB⌉ = 2" in text
    assert {"nvidia-a100-datasheet", "techpowerup-4070ti"} <= {c.key for c in reply.citations}
    # no verdict: there is no device to say yes or no about
    assert not reply.title.startswith(("Yes", "No", "हाँ", "नहीं", "Haan", "Nahi"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_state_no_single_device_holds_names_the_fewest(cat, lang):
    query = Query(intent="fits", task="pretrain", model=rc.model_ref(rc.GPT3))
    est = estimate_for(query, cat)
    reply = render(rc.parsed(query, lang), est, cat, lang)
    # GPT-3 175B: 16 B × 174.6e9 = 2.79 TB + activations → ⌈2.8 TB ÷ 80 GB⌉ = 36 A100s
    assert est.memory is not None and est.memory.required_bytes > 16 * 174.6e9
    assert "36 × A100 80GB SXM4 (80 GB)" in reply.text()


# --- end to end: the real catalog and the CLI ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("how much VRAM do I need to run Mixtral 8x7B in 4 bit", "en"),
        ("what GPU do I need to run llama 2 70b", "en"),
        ("Mixtral 8x7B चलाने के लिए कितनी मेमोरी चाहिए?", "hi"),
        ("llama 3 70b ko full fine-tune karne ke liye kitni memory chahiye?", "hi-Latn"),
    ],
)
def test_no_device_questions_are_answered_in_their_language(catalog, question, lang):
    result = answer(question, catalog=catalog)
    assert result.understood, result.reply.text()
    assert result.language == lang and result.query is not None
    assert result.query.hardware is None
    assert result.estimate is not None and len(result.estimate.memory_options) >= 4


def ask_json(question: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json", question],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_cli_json_carries_the_requirement_with_null_device_fields():
    data = ask_json("how much VRAM do I need to run Mixtral 8x7B in 4 bit")
    assert data["understood"] and data["query"]["hardware"] is None
    assert data["query"]["precision"] == "int4"
    memory = data["result"]["memory"]
    assert memory["available_bytes"] is None and memory["fits"] is None
    assert memory["devices_to_fit"] is None
    # the catalog's Mixtral row: 47e9 params, 32 layers, 8 KV heads (same arithmetic as above)
    assert memory["required_bytes"] == pytest.approx(MIXTRAL_INT4_BYTES)
    options_ = {o["hardware_id"]: o["devices_to_fit"] for o in data["result"]["memory_options"]}
    assert options_["rtx-4090"] == 2 and options_["h100-sxm"] == 1
    assert data["result"]["verdict"] is None

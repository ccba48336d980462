"""GPU-hours questions: "how many A100-hours to train Llama 2 7B?", "GPU घंटे", "gpu ghante".

They are `training_compute` with the device: the estimate fills `device_hours` at the
precision and utilization used, and beside it the developer's published GPU-hours with the
utilization they imply, when the model card gives them for the same device.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import render_cases as rc
from estimate_rows import A100_80GB, DEEPSEEK_V3, GPT3, H800, LLAMA2_7B, query
from grammar_corpus.expect import corpus_catalog

import grammar
from bot.answer import answer
from bot.render import render
from core import assumptions as A
from core.estimate import estimate

LANGS = ("en", "hi", "hi-Latn")

# Llama 2 7B on an A100 80GB at BF16 (312e12 dense, A100 datasheet) and the default 40% MFU:
#   6 × 7e9 × 2e12 = 8.4e22 FLOP; 8.4e22 ÷ (312e12 × 0.4) ÷ 3,600 = 186,965.8 GPU-hours
LLAMA2_7B_A100_HOURS = 8.4e22 / (312e12 * 0.4) / 3600
# touvron2023b Table 2: 184,320 A100-80GB GPU-hours; implied MFU
#   8.4e22 ÷ (184,320 × 3,600 × 312e12) = 0.4057
LLAMA2_7B_IMPLIED_MFU = 8.4e22 / (184_320 * 3600 * 312e12)


def test_device_hours_at_the_precision_and_utilization_used():
    est = estimate(query("training_compute", A100_80GB, LLAMA2_7B), A100_80GB, LLAMA2_7B)
    assert est.device_hours == pytest.approx(LLAMA2_7B_A100_HOURS)
    assert est.precision_used == "bf16" and est.utilization_used == 0.4


def test_published_hours_and_the_utilization_they_imply_come_with_the_estimate():
    est = estimate(query("training_compute", A100_80GB, LLAMA2_7B), A100_80GB, LLAMA2_7B)
    assert est.published_device_hours == 184_320
    assert est.implied_utilization == pytest.approx(LLAMA2_7B_IMPLIED_MFU)
    assert {A.PUBLISHED_DEVICE_HOURS, A.IMPLIED_UTILIZATION} <= {a.code for a in est.assumptions}
    assert "touvron2023b" in est.sources


def test_an_asked_utilization_sets_the_hours():
    # 3.14e23 FLOP (brown2020 Table D.1) ÷ (312e12 × 0.5) ÷ 3,600 = 559,117 GPU-hours
    q = query("training_compute", A100_80GB, GPT3, utilization=0.5)
    est = estimate(q, A100_80GB, GPT3)
    assert est.device_hours == pytest.approx(3.14e23 / (312e12 * 0.5) / 3600)
    assert est.published_device_hours is None  # OpenAI published no GPU-hours


def test_hours_on_another_device_imply_no_utilization():
    # DeepSeek-V3's 2.788M hours are H800-hours: on an A100 they are quoted, not compared
    est = estimate(query("training_compute", A100_80GB, DEEPSEEK_V3), A100_80GB, DEEPSEEK_V3)
    assert est.published_device_hours == 2.788e6
    assert est.implied_utilization is None


def test_deepseek_v3_hours_on_its_own_device_imply_a_third_of_the_bf16_peak():
    # facts.md §4: 6 × 37e9 × 14.8e12 ÷ (2.788e6 h × 3,600 × 989e12) ≈ 33% on the BF16 peak
    est = estimate(query("training_compute", H800, DEEPSEEK_V3), H800, DEEPSEEK_V3)
    assert est.implied_utilization == pytest.approx(0.331, abs=0.002)


# --- the grammar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "hardware"),
    [
        ("How many GPU hours would GPT-3 take on A100s?", "a100-80gb-sxm"),
        ("how many A100-hours to train Llama 2 7B?", "a100-80gb-sxm"),
        ("H100 GPU-hours for Llama 3 8B at 40% MFU", "h100-sxm"),
        ("llama 2 7b on an h100: how many device hours?", "h100-sxm"),
        ("GPT-3 ko A100 pe kitne GPU ghante lagenge?", "a100-80gb-sxm"),
        ("एक A100 पर GPT-3 के लिए कितने GPU-घंटे लगेंगे?", "a100-80gb-sxm"),
    ],
)
def test_gpu_hours_read_as_training_compute_on_the_device(question, hardware):
    parsed = grammar.parse(question, corpus_catalog())
    assert parsed.understood, parsed
    assert parsed.query.intent == "training_compute"
    assert parsed.query.hardware is not None and parsed.query.hardware.id == hardware
    assert parsed.query.duration_s is None  # "hours" is the unit asked for, not a time budget


def test_hours_with_a_number_are_still_a_duration():
    parsed = grammar.parse("can a 4090 train gpt-2 in 10 hours", corpus_catalog())
    assert parsed.query.intent == "can_train"
    assert parsed.query.duration_s == 10 * 3600


# --- the reply -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_title_gives_the_gpu_hours_and_the_published_figure_follows(lang):
    cat = rc.catalog()
    q = query("training_compute", rc.A100, rc.LLAMA2_7B)
    est = estimate(q, rc.A100, rc.LLAMA2_7B)
    reply = render(rc.parsed(q, lang), est, cat, lang)
    text = reply.text(with_math=True)
    assert "186,966" in reply.title  # LLAMA2_7B_A100_HOURS, rounded
    assert "184,320" in text and "40.6%" in text  # published, and the MFU it implies
    assert "8.4e22 FLOP ÷ (312e12 FLOP/s × 0.4)" in text
    assert "touvron2023b" in {c.key for c in reply.citations}


def test_cli_json_has_the_estimate_and_the_published_hours():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ask",
            "--json",
            "how many A100-hours to train Llama 2 7B?",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    data = json.loads(out.stdout)
    assert data["understood"] and data["query"]["intent"] == "training_compute"
    result = data["result"]
    assert result["device_hours"] == pytest.approx(LLAMA2_7B_A100_HOURS)
    assert result["published_device_hours"] == 184_320
    assert result["implied_utilization"] == pytest.approx(LLAMA2_7B_IMPLIED_MFU)


def test_hindi_reply_speaks_of_gpu_ghante(catalog):
    result = answer("एक A100 पर GPT-3 के लिए कितने GPU-घंटे लगेंगे?", catalog=catalog)
    assert result.language == "hi" and "GPU-घंटे" in result.reply.title
    # 3.14e23 ÷ (312e12 × 0.4) ÷ 3,600 = 698,896 A100-hours
    assert "698,896" in result.reply.title
    assert result.query is not None and result.query.hardware is not None
    assert result.query.hardware.id == A100_80GB.id

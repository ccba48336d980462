"""The renderer on the estimator's real output (core.estimate), for every intent.

The catalog rows are the hand-built ones of tests/render_cases.py, so this pins the
contract between core's Estimate (fields, assumption codes and values) and the wording.
"""

from __future__ import annotations

import re

import pytest
import render_cases as rc

from bot.render import render
from core.estimate import estimate
from core.types import Query

LANGS = ("en", "hi", "hi-Latn")
LEFTOVER = re.compile(r"\{[a-z_]+\}|\b(title|line|phrase|field|math|card|lead)\.[a-z_]+")
H, M = rc.hw_ref, rc.model_ref
MONTH_S = 30 * 86_400

QUERIES = {
    "can_train_seed": Query(
        intent="can_train",
        hardware=H(rc.RTX_4070_TI),
        model=M(rc.GPT35),
        duration_s=rc.YEAR_S,
        utilization=0.9,
    ),
    "can_train_8_a100": Query(
        intent="can_train", hardware=H(rc.A100, 8), model=M(rc.LLAMA2_7B), duration_s=rc.YEAR_S
    ),
    "can_train_gpt4": Query(
        intent="can_train",
        hardware=H(rc.A100, 512),
        model=M(rc.GPT4),
        duration_s=100 * 86_400,
        utilization=0.35,
    ),
    "can_train_no_duration": Query(
        intent="can_train", hardware=H(rc.RTX_4070_TI), model=M(rc.LLAMA2_7B)
    ),
    "time_to_train": Query(intent="time_to_train", hardware=H(rc.RTX_4070_TI), model=M(rc.GPT3)),
    "devices_needed": Query(
        intent="devices_needed", hardware=H(rc.A100), model=M(rc.LLAMA2_7B), duration_s=MONTH_S
    ),
    "training_compute": Query(
        intent="training_compute", model=M(rc.LLAMA2_7B), hardware=H(rc.A100)
    ),
    "fits": Query(intent="fits", hardware=H(rc.RTX_4070_TI), model=M(rc.LLAMA2_7B)),
    "fits_qlora": Query(
        intent="fits", task="qlora", hardware=H(rc.RTX_4070_TI), model=M(rc.LLAMA2_7B)
    ),
    "fits_lora": Query(intent="fits", task="lora", hardware=H(rc.A100), model=M(rc.LLAMA2_7B)),
    "inference_speed": Query(intent="inference_speed", hardware=H(rc.A100), model=M(rc.LLAMA2_7B)),
    "largest_trainable": Query(
        intent="largest_trainable", hardware=H(rc.RTX_4070_TI), duration_s=MONTH_S
    ),
    "fits_no_device": Query(intent="fits", task="lora", model=M(rc.LLAMA2_7B)),
    "largest_qlora": Query(intent="largest_trainable", task="qlora", hardware=H(rc.RTX_4070_TI)),
    "largest_no_duration": Query(intent="largest_trainable", hardware=H(rc.A100, 8)),
    "cost": Query(intent="cost", hardware=H(rc.A100, 8), model=M(rc.LLAMA2_7B)),
    "compare": Query(
        intent="compare", hardware=H(rc.A100), compare_with=[H(rc.RTX_4070_TI)], model=M(rc.GPT3)
    ),
    "hardware_info": Query(intent="hardware_info", hardware=H(rc.RTX_4070_TI)),
    "model_info": Query(intent="model_info", model=M(rc.GPT35)),
}


@pytest.fixture(scope="module")
def cat():
    return rc.catalog()


def answer(cat, query: Query, lang: str):
    hw = cat.hardware.get(query.hardware.id) if query.hardware else None
    model = cat.models.get(query.model.id) if query.model and query.model.id else None
    refs = [query.hardware, *query.compare_with] if query.intent == "compare" else []
    compare = [(cat.hardware[r.id], r.count) for r in refs if r is not None]
    proxy = cat.proxies.get(model.id) if model else None
    est = estimate(query, hw, model, proxy=proxy, compare=compare)
    return est, render(rc.parsed(query, lang), est, cat, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_intent_renders_from_the_real_estimate(cat, name, lang):
    est, reply = answer(cat, QUERIES[name], lang)
    text = reply.text(with_math=True)
    assert reply.title and reply.lines
    assert not LEFTOVER.search(text), LEFTOVER.search(text)
    # every code the estimator emitted has wording (no "Assumption <code>: …" fallback)
    fallback = {"en": "Assumption ", "hi": "मान्यता ", "hi-Latn": "Assumption "}[lang]
    assert not any(a.startswith(fallback) for a in reply.assumptions)
    assert len(reply.assumptions) == len(est.assumptions)
    # every source the arithmetic used is cited
    cited = {c.key for c in reply.citations}
    assert {k for k in est.sources if k in cat.sources} <= cited


@pytest.mark.parametrize("lang", LANGS)
def test_seed_from_the_estimator_has_the_issue_figures(cat, lang):
    _, reply = answer(cat, QUERIES["can_train_seed"], lang)
    text = reply.text(with_math=True)
    for figure in ("2.28 × 10²¹", "1.14 × 10²¹", "3.14 × 10²³", "138×", "276×", "2.8 TB", "12 GB"):
        assert figure in text, figure
    assert "GPT-3 175B" in reply.lines[0]


@pytest.mark.parametrize("lang", LANGS)
def test_an_outside_estimate_is_said_in_the_first_line(cat, lang):
    _, reply = answer(cat, QUERIES["can_train_gpt4"], lang)
    outside = {"en": "outside estimate", "hi": "बाहरी अनुमान", "hi-Latn": "bahar ka estimate"}[lang]
    assert outside in reply.lines[0]
    assert "epoch-1e25" in {c.key for c in reply.citations}
    # GPT-4's size is an outside estimate too, and the memory figure rests on it
    memory = next(line for line in reply.lines if "TB" in line)
    assert {"en": "outside estimate", "hi": "बाहरी अनुमान", "hi-Latn": "bahar ka estimate"}[
        lang
    ] in memory


def test_time_to_train_without_a_duration_also_gives_plain_fp32(cat):
    _, reply = answer(cat, QUERIES["time_to_train"], "en")
    # 3.14e23 / (80.2e12 × 0.4) = 310 years at BF16; / (40.09e12 × 0.4) = 621 years at FP32
    assert "310 years" in reply.title
    assert any("FP32" in line and "621 years" in line for line in reply.lines)


def test_hardware_card_headline_is_the_seed_figure_at_fp32(cat):
    query = QUERIES["hardware_info"].model_copy(update={"utilization": 0.9})
    _, reply = answer(cat, query, "en")
    assert any("1.14 × 10²¹ FLOPs at FP32" in line for line in reply.lines)


@pytest.mark.parametrize("lang", LANGS)
def test_can_train_without_a_time_limit_turns_on_memory(cat, lang):
    est, reply = answer(cat, QUERIES["can_train_no_duration"], lang)
    # 16 B × 7e9 + activations = 113 GB of training state against 12 GB
    assert est.verdict == "no" and est.memory is not None and not est.memory.fits
    assert reply.title.startswith({"en": "No", "hi": "नहीं", "hi-Latn": "Nahi"}[lang])
    assert "110 GB" in reply.title and "12 GB" in reply.title
    assert " — at " not in reply.title and "—%" not in reply.title

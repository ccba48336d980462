"""Rendered replies, snapshot-tested for structure in English, Hindi and romanized Hindi.

The estimates are hand-built in tests/render_cases.py (arithmetic in its comments); the
catalog there copies the reviewed rows, so these tests pin the renderer, not the data.
"""

from __future__ import annotations

import re

import pytest
import render_cases as rc

from bot.render import (
    command_reply,
    hardware_card,
    help_text,
    locale,
    model_card,
    render,
    render_error,
    render_not_understood,
    sources_list,
)
from bot.reply import Reply
from core.types import Assumption, Estimate, Query
from grammar.parsed import Parsed, UnknownMention

LANGS = ("en", "hi", "hi-Latn")
VERDICT_NO = {"en": "No", "hi": "नहीं", "hi-Latn": "Nahi"}
MARK = re.compile(r"\[(\d+)\]")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def cat():
    return rc.catalog()


def seed_reply(cat, lang: str) -> Reply:
    parsed, est = rc.seed(lang)
    return render(parsed, est, cat, lang)


def cited_keys(reply: Reply, line: str) -> set[str]:
    """The source keys a line's [n] marks point to."""
    by_number = {c.number: c.key for c in reply.citations}
    return {by_number[int(n)] for n in MARK.findall(line)}


def line_with(reply: Reply, *needles: str) -> str:
    found = [line for line in reply.lines if all(n in line for n in needles)]
    assert found, f"no line has {needles}: {reply.lines}"
    return found[0]


# --- the seed question ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_seed_title_is_the_verdict(cat, lang):
    reply = seed_reply(cat, lang)
    assert reply.title.startswith(VERDICT_NO[lang] + " ")
    assert "GPT-3.5" in reply.title and "4070 Ti" in reply.title and "90%" in reply.title


@pytest.mark.parametrize("lang", LANGS)
def test_seed_reply_holds_every_figure_of_the_issue(cat, lang):
    text = seed_reply(cat, lang).text(with_math=True)
    for figure in (
        "2.28 × 10²¹",  # BF16: 80.2e12 × 0.9 × 31,536,000 s
        "1.14 × 10²¹",  # FP32: 40.09e12 × 0.9 × 31,536,000 s (the seed's figure)
        "3.14 × 10²³",  # GPT-3 175B, brown2020 Table D.1
        "138×",  # 3.14e23 / 2.2763e21
        "276×",  # 3.14e23 / 1.1379e21
        "0.36%",
        "2.8 TB",  # 16 B/param × 174.6e9 + activations
        "350 GB",  # 2 B/param × 174.6e9
        "12 GB",
        "248–414",  # years at 50% and 30% MFU: 3.14e23 / (80.2e12 × 0.5 or 0.3) / 31,536,000
    ):
        assert figure in text, figure
    assert "e+" not in text  # never 2.2763e+21


@pytest.mark.parametrize("lang", LANGS)
def test_seed_says_proxy_in_the_first_line(cat, lang):
    first = seed_reply(cat, lang).lines[0]
    assert "GPT-3.5" in first and "GPT-3 175B" in first
    assert {"en": "proxy", "hi": "प्रॉक्सी", "hi-Latn": "proxy"}[lang] in first


@pytest.mark.parametrize("lang", LANGS)
def test_seed_labels_which_precision_gives_which_figure(cat, lang):
    reply = seed_reply(cat, lang)
    bf16 = line_with(reply, "2.28 × 10²¹")
    fp32 = line_with(reply, "1.14 × 10²¹")
    assert "BF16" in bf16 and "80.2 TFLOPS" in bf16 and "138×" in bf16
    assert "FP32" in fp32 and "40.09 TFLOPS" in fp32 and "276×" in fp32
    assert "0.72%" in bf16  # 2.2763e21 / 3.14e23 = 0.7249%


@pytest.mark.parametrize("lang", LANGS)
def test_seed_figures_cite_where_they_come_from(cat, lang):
    reply = seed_reply(cat, lang)
    assert "brown2020" in cited_keys(reply, line_with(reply, "3.14 × 10²³"))
    assert "nvidia-ada-whitepaper" in cited_keys(reply, line_with(reply, "80.2 TFLOPS"))
    assert "techpowerup-4070ti" in cited_keys(reply, line_with(reply, "40.09 TFLOPS"))
    memory = cited_keys(reply, line_with(reply, "2.8 TB"))
    assert {"rajbhandari2020", "techpowerup-4070ti"} <= memory
    assert "openai-model-index" in cited_keys(reply, reply.lines[0])
    assert len(reply.citations) >= 3
    assert all(c.url and c.url.startswith("https://") for c in reply.citations)


@pytest.mark.parametrize("lang", LANGS)
def test_citations_are_numbered_in_order_of_first_use(cat, lang):
    reply = seed_reply(cat, lang)
    body = "\n".join([*reply.lines, *reply.assumptions])
    first_seen = list(dict.fromkeys(int(n) for n in MARK.findall(body)))
    assert first_seen == list(range(1, len(first_seen) + 1))
    assert [c.number for c in reply.citations] == list(range(1, len(reply.citations) + 1))


@pytest.mark.parametrize("lang", LANGS)
def test_seed_order_is_verdict_figures_assumptions_sources(cat, lang):
    reply = seed_reply(cat, lang)
    text = reply.text()
    positions = [
        text.index(reply.title),
        text.index("3.14 × 10²³"),
        text.index(reply.headings["assumptions"] + ":"),
        text.index(reply.headings["sources"] + ":"),
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", LANGS)
def test_seed_flags_the_utilization_and_gives_a_realistic_figure(cat, lang):
    reply = seed_reply(cat, lang)
    flag = line_with(reply, "46.2%")
    assert "90%" in flag and "40%" in flag
    assert "310" in flag  # years at 40%: 3.14e23 / (80.2e12 × 0.4) / 31,536,000 = 310.4


@pytest.mark.parametrize("lang", LANGS)
def test_seed_says_what_is_feasible_instead(cat, lang):
    assert "LoRA" in seed_reply(cat, lang).lines[-1]


@pytest.mark.parametrize("lang", LANGS)
def test_seed_math_is_one_step_a_line(cat, lang):
    math = seed_reply(cat, lang).math
    assert "BF16: 80.2e12 FLOP/s × 0.9 × 31,536,000 s × 1 = 2.28 × 10²¹ FLOP" in math
    assert "FP32: 40.09e12 FLOP/s × 0.9 × 31,536,000 s × 1 = 1.14 × 10²¹ FLOP" in math
    assert any(step.startswith("⌈2.8 TB ÷ 12 GB⌉ = 234") for step in math)


@pytest.mark.parametrize("lang", LANGS)
def test_seed_fields_and_headings_fit_an_embed(cat, lang):
    reply = seed_reply(cat, lang)
    assert len(reply.fields) >= 5
    assert all(len(value) <= 1024 and label for label, value in reply.fields)
    assert set(reply.headings) == {"assumptions", "sources", "math"}


def test_hindi_seed_is_written_in_hindi(cat):
    reply = seed_reply(cat, "hi")
    assert all(DEVANAGARI.search(line) for line in [reply.title, *reply.lines])
    assert all(DEVANAGARI.search(a) for a in reply.assumptions)
    assert reply.headings["sources"] == "स्रोत"
    assert "ज़रूरत" in reply.text()


def test_romanized_seed_is_written_in_latin_script(cat):
    reply = seed_reply(cat, "hi-Latn")
    assert not DEVANAGARI.search(reply.text(with_math=True))
    assert "mumkin nahi" in reply.title


# --- every intent, every language ---------------------------------------------------------------

CASES = {
    "can_train": rc.seed,
    "fits": rc.fits_llama_on_4070ti,
    "inference_speed": rc.llama_speed_on_a100,
    "training_compute": rc.llama_compute,
    "largest_trainable": rc.largest_on_4070ti,
    "compare": rc.compare_a100_4070ti,
    "cost": rc.cost_llama_on_a100s,
}
LEFTOVER = re.compile(r"\{[a-z_]+\}|\b(title|line|phrase|field|math|card|lead)\.[a-z_]+")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_intent_renders_completely(cat, case, lang):
    parsed, est = CASES[case]() if case != "can_train" else rc.seed(lang)
    reply = render(parsed, est, cat, lang)
    text = reply.text(with_math=True)
    assert reply.title and reply.lines
    assert not LEFTOVER.search(text), LEFTOVER.search(text)
    assert all(len(value) <= 1024 for _, value in reply.fields)
    if lang == "hi":
        assert DEVANAGARI.search(reply.title)


def test_fits_gives_overflow_and_devices(cat):
    reply = render(*rc.fits_llama_on_4070ti(), cat, "en")
    # 14e9 + 2.147e9 + 2.8e9 = 18.9e9 B needed against 12e9 B
    assert reply.title.startswith("No")
    assert "19 GB" in reply.title and "12 GB" in reply.title
    assert ("Short by", "6.9 GB") in reply.fields
    assert ("Devices to hold it", "2") in reply.fields


def test_inference_speed_says_which_bound_applies(cat):
    reply = render(*rc.llama_speed_on_a100(), cat, "en")
    assert "75.8 tokens/s" in reply.title  # 0.6 × 2,039e9 ÷ 16.15e9
    decode = line_with(reply, "memory bandwidth")
    assert "2,039 GB/s" in decode and "60%" in decode
    assert "nvidia-a100-datasheet" in cited_keys(reply, decode)
    assert "8,914 tokens/s" in line_with(reply, "prefill")  # 312e12 × 0.4 ÷ 14e9


def test_assumed_variant_is_stated_in_the_first_lines(cat):
    reply = render(*rc.llama_speed_on_a100(), cat, "en")
    assert "A100 80GB SXM4" in reply.lines[0]


@pytest.mark.parametrize("lang", LANGS)
def test_assumed_variant_names_the_row_even_when_the_value_is_the_typed_name(cat, lang):
    parsed, est = rc.llama_speed_on_a100()
    parsed.query.hardware.name = "A100"  # as typed
    est.assumptions[0].values["variant"] = "A100"
    reply = render(parsed, est, cat, lang)
    assert "A100 80GB SXM4" in reply.lines[0]
    assert any("A100 80GB SXM4" in a for a in reply.assumptions)


def test_training_compute_gives_flops_pf_days_and_6nd(cat):
    reply = render(*rc.llama_compute(), cat, "en")
    assert "8.4 × 10²²" in reply.title and "972 PF-days" in reply.title  # 8.4e22 / 8.64e19
    assert "C = 6 × 7e9 × 2e12 = 8.4 × 10²² FLOP" in reply.math
    assert {"kaplan2020", "touvron2023b"} <= cited_keys(reply, line_with(reply, "6ND"))


def test_largest_trainable_says_which_limit_binds(cat):
    reply = render(*rc.largest_on_4070ti(), cat, "en")
    assert "750M" in reply.title  # 12e9 B / 16 B
    assert "2.9B" in line_with(reply, "compute-optimal")  # √(1.0117e21 / 120)
    assert "Memory is the limit." in reply.lines


def test_compare_is_ranked_with_the_ratio(cat):
    reply = render(*rc.compare_a100_4070ti(), cat, "en")
    rows = [line for line in reply.lines if re.match(r"\d\. ", line)]
    assert rows[0].startswith("1. A100 80GB SXM4") and rows[1].startswith("2. GeForce RTX 4070 Ti")
    assert "3.9×" in reply.title and "3.9×" in rows[1]  # 312 / 80.2


def test_cost_states_energy_and_price(cat):
    reply = render(*rc.cost_llama_on_a100s(), cat, "en")
    assert "74,786 kWh" in reply.title and "$11,218" in reply.title
    assert "$0.15" in line_with(reply, "per kWh")
    # the default price is said to be a default, in its currency
    assert any(
        "$0.15 per kWh (USD)" in a and "No electricity price" in a for a in reply.assumptions
    )


def test_an_unknown_assumption_code_is_shown_not_dropped(cat):
    parsed, est = rc.seed()
    est.assumptions.append(Assumption(code="brand_new_code", values={"x": 1}))
    reply = render(parsed, est, cat, "hi")
    assert any("brand_new_code" in a for a in reply.assumptions)


def test_a_missing_estimate_still_renders(cat):
    parsed, _ = rc.seed()
    reply = render(parsed, None, cat, "en")
    assert reply.title and "{" not in reply.text()


def test_an_empty_estimate_renders_for_every_intent(cat):
    for intent in CASES:
        parsed, _ = CASES[intent]()
        parsed.query.intent = intent  # type: ignore[assignment]
        for lang in LANGS:
            assert render(parsed, Estimate(), cat, lang).title


# --- not understood, errors, cards, help ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_not_understood_names_the_unknown_and_shows_examples(cat, lang):
    parsed = Parsed(
        text="can a rtx 9090 train gpt-3.5",
        language=lang,
        query=Query(intent="can_train", model=rc.model_ref(rc.GPT3)),
        understood=False,
        missing=["hardware", "duration"],
        unknown=[UnknownMention(kind="hardware", text="RTX 9090", suggestions=["RTX 4090"])],
    )
    reply = render_not_understood(parsed, cat, lang)
    unknown = line_with(reply, "RTX 9090")
    assert "RTX 4090" in unknown
    assert any("GPT-3 175B" in line for line in reply.lines)  # what was understood
    examples = reply.lines[reply.lines.index(locale.t(lang, "line.try")) + 1 :]
    assert 2 <= len(examples) <= 3
    if lang == "hi":
        assert all(DEVANAGARI.search(e) for e in examples)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["too_long", "rate_limited", "internal", "no_such_kind"])
def test_errors_render_in_every_language(kind, lang):
    reply = render_error(kind, lang)
    assert reply.title and reply.language == lang
    if kind == "no_such_kind":
        assert reply.title == render_error("internal", lang).title


@pytest.mark.parametrize("lang", LANGS)
def test_hardware_card_cites_every_figure(cat, lang):
    reply = hardware_card(rc.RTX_4070_TI, cat, lang, estimate=Estimate())
    assert "12 GB" in line_with(reply, "12 GB")
    assert "techpowerup-4070ti" in cited_keys(reply, line_with(reply, "12 GB"))
    assert "nvidia-ada-whitepaper" in cited_keys(reply, line_with(reply, "80.2 TFLOPS"))
    assert "techpowerup-4070ti" in cited_keys(reply, line_with(reply, "40.09 TFLOPS"))


def test_hardware_card_headline_from_the_estimate(cat):
    est = Estimate(
        utilization_used=0.9,
        duration_s=rc.YEAR_S,
        available_by_precision={"fp32": rc.SEED_AVAILABLE["fp32"]},
    )
    reply = hardware_card(rc.RTX_4070_TI, cat, "en", estimate=est)
    assert "1 year at 90% = 1.14 × 10²¹ FLOPs at FP32" in reply.lines


@pytest.mark.parametrize("lang", LANGS)
def test_model_card_of_an_undisclosed_model_names_its_proxy(cat, lang):
    reply = model_card(rc.GPT35, cat, lang, estimate=Estimate())
    assert "GPT-3 175B" in reply.lines[0]
    assert "openai-model-index" in cited_keys(reply, reply.lines[0])


@pytest.mark.parametrize("lang", LANGS)
def test_model_card_marks_outside_estimates(cat, lang):
    reply = model_card(rc.GPT4, cat, lang, estimate=Estimate())
    outside = {"en": "outside estimate", "hi": "बाहरी अनुमान", "hi-Latn": "bahar ka estimate"}[lang]
    assert outside in reply.lines[0]  # said first, not in a footnote
    assert outside in line_with(reply, "1.8T") and outside in line_with(reply, "2.1 × 10²⁵")


def test_model_card_lists_published_figures_with_sources(cat):
    reply = model_card(rc.GPT3, cat, "en", estimate=Estimate())
    for needle in ("174.6B", "300B", "3.14 × 10²³", "96 layers"):
        assert "brown2020" in cited_keys(reply, line_with(reply, needle))


@pytest.mark.parametrize("lang", LANGS)
def test_sources_list_numbers_every_source(cat, lang):
    reply = sources_list(cat, lang)
    assert [c.key for c in reply.citations] == list(cat.sources)
    assert reply.text().count("https://") == len(cat.sources)


@pytest.mark.parametrize("lang", LANGS)
def test_help_has_topics_and_examples_in_the_language(lang):
    reply = help_text(lang)
    assert len([line for line in reply.lines if line.strip().startswith("“")]) >= 3
    if lang == "hi":
        assert DEVANAGARI.search(reply.title)


def test_command_reply_dispatches(cat):
    assert command_reply("help", cat, "en").title == help_text("en").title
    assert command_reply("sources", cat, "hi").citations
    assert "Hindi" not in command_reply("language", cat, "hi").title


@pytest.mark.parametrize("lang", ["en", "hi", "hi-Latn"])
def test_a_rejected_value_is_said_not_silently_dropped(catalog, lang):
    from bot.answer import answer

    reply = answer("can 8 A100s train llama 2 7b in 6 weeks at 150%", language=lang).reply
    assert reply.lines and "150%" in reply.lines[0]
    vague = answer("can 8 A100s train llama 2 7b in a few weeks", language=lang).reply
    assert any("a few weeks" in line for line in vague.lines[:2])


@pytest.mark.parametrize("lang", ["en", "hi", "hi-Latn"])
def test_a_time_given_to_a_memory_answer_is_said_unused(catalog, lang):
    from bot.answer import answer

    result = answer("can a t4 finetune bert base in a day", language=lang)
    assert result.query is not None and result.query.intent == "fits"
    assert any("1 " in line and "1B" in line for line in result.reply.lines)

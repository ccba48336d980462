"""English questions: the corpus (tests/grammar_corpus/en.jsonl) and focused behaviours."""

from __future__ import annotations

import pytest
from grammar_corpus.expect import cases, corpus_catalog, mismatches

import grammar


@pytest.fixture(scope="module")
def cat():
    return corpus_catalog()


@pytest.mark.parametrize("case", cases("en.jsonl"))
def test_corpus(case, cat):
    parsed = grammar.parse(case["q"], cat)
    assert not mismatches(parsed, case["expect"]), mismatches(parsed, case["expect"])


# --- names: the closest right entity, never a wrong one --------------------------------


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("4070 Ti", "rtx-4070-ti"),
        ("4070 Ti Super", "rtx-4070-ti-super"),
        ("4070ti super", "rtx-4070-ti-super"),
        ("4070 super", "rtx-4070-super"),
        ("RTX 4070", "rtx-4070"),
        ("A10", "a10"),
        ("A100", "a100-80gb-sxm"),
        ("A100 40GB", "a100-40gb-sxm"),
        ("A100 PCIe", "a100-80gb-pcie"),
        ("A40", "a40"),
        ("H100 PCIe", "h100-pcie"),
        ("H200", "h200"),
        ("L4", "l4"),
        ("L40S", "l40s"),
        ("T4", "t4"),
        ("TPU v5p", "tpu-v5p"),
        ("MI300X", "mi300x"),
        ("3090 Ti", "rtx-3090-ti"),
        ("3090", "rtx-3090"),
        ("H100 GPU", "h100-sxm"),  # "GPU" is in some rows' names, never more of a name
        ("4090 GPU", "rtx-4090"),
    ],
)
def test_device_names_resolve_to_the_right_row(name, row, cat):
    parsed = grammar.parse(f"how much memory does the {name} have", cat)
    assert parsed.query.hardware is not None and parsed.query.hardware.id == row


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("Llama 3", "llama-3-8b"),
        ("Llama 3 70B", "llama-3-70b"),
        ("Llama 3.1", "llama-3.1-8b"),
        ("Llama 3.1 70B", "llama-3.1-70b"),
        ("Llama-3.2-1B", "llama-3.2-1b"),
        ("Llama 2 13B", "llama-2-13b"),
        ("LLaMA 65B", "llama-65b"),
        ("GPT-3", "gpt-3-175b"),
        ("GPT-3.5", "gpt-3.5"),
        ("gpt-2 medium", "gpt-2-medium"),
        ("the 355M GPT-2", "gpt-2-medium"),  # a size picks the family's row: 355M ≈ 350M
        ("Mixtral 8x22B", "mixtral-8x22b"),
        ("T5", "t5-11b"),
        ("Qwen 2.5 72B", "qwen2.5-72b"),
    ],
)
def test_model_names_resolve_to_the_right_row(name, row, cat):
    parsed = grammar.parse(f"how big is {name}?", cat)
    assert parsed.query.model is not None and parsed.query.model.id == row


@pytest.mark.parametrize(
    ("typo", "row"),
    [
        ("rtx4070tii", "rtx-4070-ti"),
        ("4070 ti supr", "rtx-4070-ti-super"),
        ("h100s", "h100-sxm"),
    ],
)
def test_misspelled_devices(typo, row, cat):
    parsed = grammar.parse(f"can a {typo} train gpt2 in a month", cat)
    assert parsed.query.hardware is not None and parsed.query.hardware.id == row


@pytest.mark.parametrize(
    ("typo", "row"),
    [
        ("lama 2", "llama-2-7b"),
        ("mistal 7b", "mistral-7b"),
        ("chinchila", "chinchilla"),
        ("mixtrl 8x7b", "mixtral-8x7b"),
    ],
)
def test_misspelled_models(typo, row, cat):
    parsed = grammar.parse(f"can a 4090 train {typo} in a year", cat)
    assert parsed.query.model is not None and parsed.query.model.id == row


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("can a 4090 train gpt-3 in a year but what about an a1000", "a1000"),
        ("can an RTX 9090 run llama 3 8b", "RTX 9090"),
        ("can a 4090 ti run llama 3 8b", "4090 ti"),
        ("can a 4080 run llama 3 8b ... or an l40", "l40"),
    ],
)
def test_unknown_devices_are_named_not_guessed(question, unknown, cat):
    parsed = grammar.parse(question, cat)
    assert unknown in [u.text for u in parsed.unknown]
    assert all(u.suggestions for u in parsed.unknown if u.text == unknown)


def test_a_digit_never_changes_in_fuzzy_matching(cat):
    # "a1000" is one edit from "a100" but its digits differ: unknown, not an A100
    parsed = grammar.parse("can an a1000 train gpt2 in a month", cat)
    assert parsed.query.hardware is None
    assert [u.kind for u in parsed.unknown] == ["hardware"]


def test_a_number_before_an_article_is_not_a_name(cat):
    # "a 100" must not be read as "a100"; 100 here counts days
    parsed = grammar.parse("can a 4090 train gpt-2 in a 100 days", cat)
    assert parsed.query.hardware.id == "rtx-4090"
    assert parsed.query.duration_s == 100 * 86400


# --- quantities ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("in a year", 365),
        ("in 1 yr", 365),
        ("in 18 months", 18 * 365 / 12),
        ("in 6mo", 6 * 365 / 12),
        ("in 2 wks", 14),
        ("in half a year", 365 / 2),
        ("in a decade", 3650),
        ("in 36 hours", 36 / 24),
        ("in 24h", 1),
        ("in a fortnight", 14),
        ("in a jiffy or in 3 days", 3),  # an unknown unit is not guessed; 3 days is read
        ("within ninety days", 90),
        ("in one and a half years", 1.5 * 365),
    ],
)
def test_durations(phrase, days, cat):
    parsed = grammar.parse(f"can 8 H100s train Llama 2 7B {phrase}?", cat)
    assert parsed.query.duration_s == pytest.approx(days * 86400)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("at 90%", 0.9),
        ("@ 90 pct", 0.9),
        ("at ninety percent utilization", 0.9),
        ("at 40% MFU", 0.4),
        ("with MFU of 45%", 0.45),
        ("at 0.35 mfu", 0.35),
        ("at 50 mfu", 0.5),
    ],
)
def test_utilization(phrase, value, cat):
    parsed = grammar.parse(f"can 8 H100s train Llama 2 7B in a month {phrase}", cat)
    assert parsed.query.utilization == pytest.approx(value)


def test_utilization_is_only_set_when_asked(cat):
    parsed = grammar.parse("can 8 H100s train Llama 2 7B in a month", cat)
    assert parsed.query.utilization is None and parsed.query.precision is None


@pytest.mark.parametrize(
    ("phrase", "precision"),
    [
        ("in bf16", "bf16"),
        ("in 4-bit", "int4"),
        ("in 4 bit", "int4"),
        ("in 8bit", "int8"),
        ("at fp8", "fp8"),
        ("in int8", "int8"),
        ("in FP-16", "fp16"),
        ("in half precision", "fp16"),
        ("with tf32", "tf32"),
        ("as q4", "int4"),
    ],
)
def test_precision(phrase, precision, cat):
    parsed = grammar.parse(f"can I run Llama 2 13B on a 4090 {phrase}?", cat)
    assert parsed.query.precision == precision


@pytest.mark.parametrize(
    ("phrase", "count"),
    [
        ("8 H100s", 8),
        ("eight H100s", 8),
        ("1,024 H100s", 1024),
        ("1k H100s", 1000),
        ("3 x H100", 3),
        ("H100 x 4", 4),
        ("4xH100", 4),
        ("a cluster of 64 H100s", 64),
        ("a single H100", 1),
        ("an H100", 1),
        ("two H100 GPUs", 2),
        ("a dozen H100s", 12),
    ],
)
def test_device_counts(phrase, count, cat):
    parsed = grammar.parse(f"can {phrase} train Llama 2 7B in a month?", cat)
    assert parsed.query.hardware.id == "h100-sxm"
    assert parsed.query.hardware.count == count


@pytest.mark.parametrize(
    ("phrase", "params", "tokens"),
    [
        ("a 7B model on 2T tokens", 7e9, 2e12),
        ("a 350M param model on 10B tokens", 350e6, 10e9),
        ("13 billion parameters on 1.4 trillion tokens", 13e9, 1.4e12),
        ("a 1.5B model", 1.5e9, None),
    ],
)
def test_models_by_size(phrase, params, tokens, cat):
    parsed = grammar.parse(f"how long to train {phrase} on 8 A100s", cat)
    model = parsed.query.model
    assert model is not None and model.id is None and model.params == params
    assert parsed.query.tokens == tokens


def test_a_model_by_size_is_named_by_its_size(cat):
    parsed = grammar.parse("can a 4090 train a 7B model in a year", cat)
    assert parsed.query.model.name == "7B model"


def test_undisclosed_parameters_come_from_the_proxy(cat):
    # GPT-3.5's size is undisclosed; the catalog names GPT-3 175B as its proxy
    parsed = grammar.parse("can a 4090 train gpt-3.5 in a year", cat)
    proxy = cat.models[cat.models["gpt-3.5"].proxy]
    assert parsed.query.model.id == "gpt-3.5"
    assert parsed.query.model.name == cat.models["gpt-3.5"].name
    assert parsed.query.model.params == proxy.params


def test_names_come_from_catalog_rows(cat):
    parsed = grammar.parse("can 2 a100 train llama2 7b in a week", cat)
    assert parsed.query.hardware.name == cat.hardware["a100-80gb-sxm"].name
    assert parsed.query.hardware.assumed_variant  # "A100" picked the family's default row
    assert parsed.query.model.name == cat.models["llama-2-7b"].name


# --- what could not be read ---------------------------------------------------------


def test_nothing_recognisable(cat):
    parsed = grammar.parse("what's the weather like in Delhi?", cat)
    assert not parsed.understood
    assert parsed.query.intent is None and parsed.missing == ["intent"]


def test_my_gpu_is_not_a_device(cat):
    # Never a guess at the asker's GPU: the answer is the memory it needs, with no device
    parsed = grammar.parse("can my GPU run Mistral 7B?", cat)
    assert parsed.query.hardware is None
    assert parsed.query.intent == "fits" and parsed.understood


def test_too_long_input_is_cut_and_flagged(cat):
    question = "can a 4090 train gpt-2 in a week? " + "blah " * 500
    parsed = grammar.parse(question, cat)
    assert parsed.too_long
    assert parsed.query.intent == "can_train"  # the start was still read


def test_non_string_input_is_not_an_error(cat):
    parsed = grammar.parse(None, cat)  # type: ignore[arg-type]
    assert not parsed.understood

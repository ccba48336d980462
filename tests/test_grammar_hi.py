"""Hindi questions in Devanagari: the corpus (tests/grammar_corpus/hi.jsonl) and focused cases."""

from __future__ import annotations

import pytest
from grammar_corpus.expect import cases, corpus_catalog, mismatches

import grammar


@pytest.fixture(scope="module")
def cat():
    return corpus_catalog()


@pytest.mark.parametrize("case", cases("hi.jsonl"))
def test_corpus(case, cat):
    parsed = grammar.parse(case["q"], cat)
    assert not mismatches(parsed, case["expect"]), mismatches(parsed, case["expect"])


@pytest.mark.parametrize(
    ("spelling", "row"),
    [
        ("ए100", "a100-80gb-sxm"),
        ("एच100", "h100-sxm"),
        ("एच१००", "h100-sxm"),
        ("आरटीएक्स ४०९०", "rtx-4090"),
        ("४०७० टीआई", "rtx-4070-ti"),
        ("टी4", "t4"),
    ],
)
def test_devices_spelled_in_devanagari(spelling, row, cat):
    parsed = grammar.parse(f"{spelling} में कितनी मेमोरी है?", cat)
    assert parsed.query.hardware is not None and parsed.query.hardware.id == row
    assert parsed.language == "hi"


@pytest.mark.parametrize(
    ("spelling", "row"),
    [
        ("जीपीटी-3", "gpt-3-175b"),
        ("जीपीटी-३.५", "gpt-3.5"),
        ("लामा 2 13बी", "llama-2-13b"),
        ("मिस्ट्रल 7बी", "mistral-7b"),
        ("मिक्सट्रल 8x7बी", "mixtral-8x7b"),
    ],
)
def test_models_spelled_in_devanagari(spelling, row, cat):
    parsed = grammar.parse(f"{spelling} कितना बड़ा है?", cat)
    assert parsed.query.model is not None and parsed.query.model.id == row


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("एक साल में", 365),
        ("दस दिनों में", 10),
        ("डेढ़ साल में", 1.5 * 365),  # डेढ़ = 1.5
        ("ढाई महीने में", 2.5 * 365 / 12),  # ढाई = 2.5
        ("साढ़े तीन हफ्ते में", 3.5 * 7),  # साढ़े तीन = 3.5
        ("सवा साल में", 1.25 * 365),  # सवा = 1.25
        ("एक दशक में", 3650),
        ("४८ घंटे में", 2),
        ("आधे साल में", 365 / 2),
    ],
)
def test_hindi_durations(phrase, days, cat):
    parsed = grammar.parse(f"क्या चार H100 {phrase} Llama 2 7B ट्रेन कर सकते हैं?", cat)
    assert parsed.query.duration_s == pytest.approx(days * 86400)
    assert parsed.query.hardware.count == 4


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("90% उपयोग पर", 0.9), ("90 प्रतिशत उपयोग पर", 0.9), ("40 फीसदी MFU पर", 0.4)],
)
def test_hindi_utilization(phrase, value, cat):
    parsed = grammar.parse(f"क्या एक 4090 एक साल में {phrase} GPT-2 ट्रेन कर सकता है?", cat)
    assert parsed.query.utilization == pytest.approx(value)


@pytest.mark.parametrize(
    ("phrase", "precision"), [("4-बिट में", "int4"), ("8-बिट में", "int8"), ("fp16 में", "fp16")]
)
def test_hindi_precision(phrase, precision, cat):
    parsed = grammar.parse(f"क्या Llama 2 13B 4090 पर {phrase} चलेगा?", cat)
    assert parsed.query.precision == precision
    assert parsed.query.task == "inference"


def test_any_devanagari_makes_the_question_hindi(cat):
    assert grammar.parse("GPT-3 कितना बड़ा है?", cat).language == "hi"
    assert grammar.parse("जीपीटी-3 FLOPs?", cat).language == "hi"

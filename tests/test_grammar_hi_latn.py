"""Romanized Hindi: the corpus (tests/grammar_corpus/hi_latn.jsonl) and language detection."""

from __future__ import annotations

import pytest
from grammar_corpus.expect import cases, corpus_catalog, mismatches

import grammar


@pytest.fixture(scope="module")
def cat():
    return corpus_catalog()


@pytest.mark.parametrize("case", cases("hi_latn.jsonl"))
def test_corpus(case, cat):
    parsed = grammar.parse(case["q"], cat)
    assert not mismatches(parsed, case["expect"]), mismatches(parsed, case["expect"])


@pytest.mark.parametrize(
    "question",
    [
        "kya 4090 pe llama chalega",
        "GPT-3 ko train karne ke liye kitne A100 chahiye",
        "H100 me kitni memory hai",
        "4090 pe gpt2 ek hafte mein train hoga?",
        "bhai 3090 kaafi hai kya",
        "16 pe?",  # short follow-ups: one Hindi word and no English one
        "inme se do?",
        "shukriya bhai",
    ],
)
def test_romanized_hindi_is_detected(question, cat):
    assert grammar.parse(question, cat).language == "hi-Latn"


@pytest.mark.parametrize(
    "question",
    [
        "How many A100s do I need to train GPT-3 in 30 days?",
        "can a 4090 run llama 2 13b",
        "what do 8 H100s cost to run for a month?",
        "Is the H100 better than the A100 or not?",
        "how big is the T5 model",
        # one "bhai" or "yaar" in an English sentence is not Hindi
        "bhai can a 4090 train llama 2 7b in a year?",
        "yaar how long to train gpt2 on a 3090",
        "how many A100s do I need for GPT-3 in a month? pls reply fast bhai",
    ],
)
def test_english_is_not_mistaken_for_romanized_hindi(question, cat):
    assert grammar.parse(question, cat).language == "en"


def test_do_counts_only_before_something_countable(cat):
    assert grammar.parse("do H100 pe gpt2 kitne din mein train hoga", cat).query.hardware.count == 2
    parsed = grammar.parse("english mein jawab do", cat)
    assert parsed.reply_language == "en" and parsed.query.hardware is None


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("ek saal mein", 365),
        ("teen mahine mein", 3 * 365 / 12),
        ("dedh saal me", 1.5 * 365),
        ("das din mein", 10),
    ],
)
def test_romanized_durations(phrase, days, cat):
    parsed = grammar.parse(f"kya 8 A100 {phrase} llama 2 7b train kar sakte hain", cat)
    assert parsed.query.duration_s == pytest.approx(days * 86400)


@pytest.mark.parametrize(
    ("word", "terminal"),
    [
        ("lagao", None),  # "anumaan lagao" = estimate: one consonant from "lagat" (cost)
        ("lagaao", None),
        ("trian", "TRAIN"),  # two letters swapped
        ("yeer", "UNIT"),  # a vowel changed
        ("trainn", "TRAIN"),  # a letter too many
        ("utilzation", "UTIL"),
    ],
)
def test_short_words_are_corrected_only_for_typos(word, terminal):
    from grammar.lexicon import lexicon

    found = lexicon().fuzzy(word)
    assert (found.terminal if found else None) == terminal


def test_a_question_that_only_names_a_language_switches_it(cat):
    for question, language in (
        ("english please", "en"),
        ("hindi pls", "hi"),
        ("hinglish", "hi-Latn"),
    ):
        parsed = grammar.parse(question, cat)
        assert (parsed.command, parsed.reply_language) == ("language", language)

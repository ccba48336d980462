"""Normalization on its own: Unicode, scripts, digits, number words, magnitudes."""

from __future__ import annotations

import pytest

from grammar.normalize import clean, format_number, normalize, read_numbers, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unicode: full-width forms fold (NFKC), zero-width and emoji go, case folds
        ("ＲＴＸ ４０９０", "rtx 4090"),
        ("H100\u200b GPUs 🚀🔥", "h100 gpus"),
        ("Ｇｐｔ-3.5", "gpt 3.5"),
        # Devanagari digits and spelled-out Latin letters (knowledge.names.latinize)
        ("४०७० टीआई", "4070 ti"),
        ("जीपीटी-३.५", "gpt 3.5"),
        ("ए100 और एच100", "a100 और h100"),
        # nukta and चन्द्रबिन्दु do not matter: हफ़्ते = हफ्ते, पाँच = पांच
        ("हफ़्ते", "हफ्ते"),
        ("पाँच", "5"),
        # digit grouping, shorthand
        ("1,024 A100s", "1024 a100s"),
        ("1,00,000 tokens", "100000 tokens"),
        ("40 tok/s", "40 tokens per second"),
        ("40 t/s", "40 tokens per second"),
        ("fp-16 and BF 16 and int_8", "fp16 and bf16 and int8"),
        ("3 × 4090", "3 x 4090"),
        ("$0.12/kWh", "$ 0.12 per kwh"),
        ("OpenAI's GPT-3", "openai gpt 3"),
        ("what’s", "what"),
        # Discord mentions, custom emoji and links are not part of the question
        ("<@123456789> can a 4090 <:gpu:998877> run it? https://x.y/1024", "can a 4090 run it"),
        ("<@!42> क्या 4090", "क्या 4090"),
    ],
)
def test_normalize_folds_spelling(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eight 4090s", "8 4090s"),
        ("twelve months at ninety percent", "12 months at 90 percent"),
        ("twenty-four A100s", "24 a100s"),
        ("one hundred and twenty days", "120 days"),
        ("two thousand and forty-eight GPUs", "2048 gpus"),
        ("a dozen H100s", "12 h100s"),
        ("a couple of months", "2 of months"),
        ("a single 4090", "a 1 4090"),
        ("a hundred days", "100 days"),
        # fractions: "half a year" = 0.5, "a year and a half" = 1.5, "one and a half years" = 1.5
        ("half a year", "0.5 year"),
        ("a year and a half", "1.5 year"),
        ("one and a half years", "1.5 years"),
        ("2 months and a half", "2.5 months"),
        # "half" that is not a quantity stays a word
        ("half precision", "half precision"),
    ],
)
def test_english_number_words(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("चार A100", "4 a100"),
        ("सोलह H100", "16 h100"),
        ("दस दिनों", "10 दिनों"),
        ("डेढ़ साल", "1.5 साल"),  # डेढ़ = 1.5
        ("ढाई महीने", "2.5 महीने"),  # ढाई = 2.5
        ("साढ़े तीन साल", "3.5 साल"),  # साढ़े N = N + 0.5
        ("सवा दो साल", "2.25 साल"),  # सवा N = N + 0.25
        ("पौने दो साल", "1.75 साल"),  # पौने N = N - 0.25
        ("सवा साल", "1.25 साल"),  # सवा alone before a unit = 1.25
        ("डेढ़ सौ दिन", "150 दिन"),  # 1.5 × 100
        ("दो सौ GPU", "200 gpu"),
        # दो is "two" before something countable, "give" otherwise (जवाब दो)
        ("दो H100", "2 h100"),
        ("हिंदी में जवाब दो", "हिंदी में जवाब दो"),
    ],
)
def test_hindi_number_words(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ek saal", "1 saal"),
        ("teen mahine", "3 mahine"),
        ("chaar A100", "4 a100"),
        ("dedh saal", "1.5 saal"),
        ("dhai mahine", "2.5 mahine"),
        ("saadhe teen saal", "3.5 saal"),
        ("do H100 pe", "2 h100 pe"),
        ("do saal", "2 saal"),
        ("jawab do", "jawab do"),
    ],
)
def test_romanized_hindi_number_words(text, expected):
    assert normalize(text, hinglish=True) == expected


def test_only_number_words_join_number_words():
    # "3090 ek" is a device and a count, not 3091; "twenty four" is 24
    assert normalize("ek 3090 ek mahine", hinglish=True) == "1 3090 1 mahine"
    assert normalize("twenty four 3090s") == "24 3090s"


def test_do_before_a_device_number_is_two():
    # "4090" is the device counted, not a count: a number (3, teen, तीन) follows it
    assert normalize("do 4090 teen mahine", hinglish=True) == "2 4090 3 mahine"
    assert normalize("do 4090 3 mahine", hinglish=True) == "2 4090 3 mahine"
    assert normalize("दो 4090 तीन महीने") == "2 4090 3 महीने"
    assert normalize("do 8 H100s", hinglish=True) == "do 8 h100s"  # here the 8 counts


def test_do_is_only_a_number_in_hindi_text():
    # in English "do" is a verb even before something countable
    assert normalize("how many A100s do 8 people need") == "how many a100s do 8 people need"
    assert normalize("do 8 H100s", hinglish=True) == "do 8 h100s"  # "do" before a number: a verb


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70 billion parameters", "70b parameters"),
        ("13 bn params", "13b params"),
        ("350 M params", "350m params"),
        ("1.4 trillion tokens", "1.4t tokens"),
        ("7 अरब पैरामीटर", "7b पैरामीटर"),  # अरब = 1e9
        ("1.4 ट्रिलियन टोकन", "1.4t टोकन"),
        ("5 करोड़ टोकन", "50m टोकन"),  # करोड़ = 1e7: 5e7 = 50M
        ("2 लाख टोकन", "200000 टोकन"),  # लाख = 1e5
        ("seven billion", "7b"),
        ("2 thousand GPUs", "2000 gpus"),
        ("7B model", "7b model"),  # already in suffix form: left for the lexer
    ],
)
def test_magnitudes_join_the_number(text, expected):
    assert normalize(text) == expected


def test_tokenize_keeps_versions_and_symbols_whole():
    assert tokenize(clean("GPT-3.5, Llama-3.1-8B @ 90% for $2")) == [
        "gpt", "3.5", "llama", "3.1", "8b", "@", "90", "%", "for", "$", "2",
    ]  # fmt: skip


def test_read_numbers_leaves_other_words_alone():
    words = ["can", "a", "4090", "train", "gpt", "2"]
    assert read_numbers(words) == words


@pytest.mark.parametrize(
    ("value", "big", "expected"),
    [
        (7e9, True, "7b"),
        (1.4e12, True, "1.4t"),
        (350e6, True, "350m"),
        (2048.0, False, "2048"),
        (0.5, False, "0.5"),
    ],
)
def test_format_number(value, big, expected):
    assert format_number(value, big) == expected

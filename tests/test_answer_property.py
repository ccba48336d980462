"""Any string gets an answer object, without an exception, in bounded time (issue: robustness).

Fixed seed and a bounded number of examples so CI is repeatable.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import answer

NASTY = [
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "\u202e\u202dRTL override",
    "e\u0301\u0301\u0301 combining marks",
    "🤖🔥 can a 4090 🚀 train 💯 llama 2 7b?",
    "\x00\x01\x02\x1b[31m control characters",
    "क" * 100_000,
    "can a 4090 train " * 10_000,
    "%" * 5000 + "90",
    "@everyone can a 4090 train gpt-3?",
]
WORDS = (
    "can a 4070 ti train gpt-3.5 in a year at 90% how many h100s llama 2 7b क्या "
    "एक साल में ट्रेन कर सकता है kya chalega 4-bit bf16 lora qlora run fits vs a100 "
    "tokens per second 2T tokens 7B model days months ढाई डेढ़ ek do teen"
).split()


def check(text: str) -> None:
    result = answer(text)
    assert result.reply.title
    assert result.language in ("en", "hi", "hi-Latn")
    data = result.to_json()
    assert set(data) >= {"question", "language", "understood", "query", "result", "reply"}


def test_nasty_inputs_all_get_answers(catalog):
    for text in NASTY:
        check(text)


@settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(max_size=300))
def test_any_unicode_string_gets_an_answer(catalog, text):
    check(text)


@settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.sampled_from(WORDS),
        max_size=25,
    )
)
def test_word_salad_from_the_question_language_gets_an_answer(catalog, words):
    check(" ".join(words))

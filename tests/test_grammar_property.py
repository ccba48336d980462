"""Any string yields a Parsed, without an exception, in bounded time."""

from __future__ import annotations

import time

from grammar_corpus.expect import corpus_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grammar
from grammar.parsed import Parsed

CATALOG = corpus_catalog()
# Words the lexer knows, so generated text reaches the parser and not only the filler path.
WORDS = st.sampled_from(
    [
        "can", "a", "an", "8", "H100", "H100s", "A100", "4090", "x", "train", "run", "llama", "2",
        "7b", "gpt-3.5", "in", "year", "months", "%", "90", "at", "mfu", "bf16", "4-bit", "how",
        "many", "long", "vs", "them", "what", "about", "और", "क्या", "साल", "में", "चार", "डेढ़", "kya",
        "pe", "chalega", "kitne", "chahiye", "$", "per", "kwh", "tokens", "1.4T", "params", "model",
        "my", "gpu", "largest", "cost", "फाइन-ट्यून", "LoRA", "QLoRA", "rtx", "9090", "and", "half",
    ]
)  # fmt: skip
SLOW_S = 0.5  # far above a normal question's fraction of a millisecond; catches runaways


def _check(text: str, previous=None) -> Parsed:
    start = time.perf_counter()
    parsed = grammar.parse(text, CATALOG, previous=previous)
    assert time.perf_counter() - start < SLOW_S
    assert isinstance(parsed, Parsed)
    assert parsed.understood == (not parsed.missing and parsed.command is None)
    if parsed.query.utilization is not None:
        assert 0 < parsed.query.utilization <= 1
    if parsed.query.hardware is not None:
        assert parsed.query.hardware.id in CATALOG.hardware and parsed.query.hardware.count >= 1
    return parsed


@settings(
    derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.text(max_size=200))
def test_any_unicode_text(text):
    _check(text)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_any_sequence_of_known_words(text):
    _check(text)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(WORDS, max_size=20).map(" ".join))
def test_any_follow_up(text):
    previous = grammar.parse("can 8 H100s train Llama 2 7B in a month?", CATALOG).query
    _check(text, previous)


@settings(derandomize=True, max_examples=20, deadline=None)
@given(st.text(min_size=2000, max_size=20000))
def test_very_long_text_is_cut(text):
    parsed = _check(text)
    assert parsed.too_long


@settings(derandomize=True, max_examples=20, deadline=None)
@given(st.integers(min_value=600, max_value=5000))
def test_long_runs_of_words_stay_fast(n):
    parsed = _check(("8 H100s lama 2 " * n)[:n])
    assert parsed.too_long == (n > grammar.MAX_CHARS)

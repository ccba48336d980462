"""Follow-ups: questions that only change some slots are read onto the previous query."""

from __future__ import annotations

import pytest
from grammar_corpus.expect import corpus_catalog, load, mismatches

import grammar


@pytest.fixture(scope="module")
def cat():
    return corpus_catalog()


CONVERSATIONS = load("followups.jsonl")


@pytest.mark.parametrize(
    "conversation", CONVERSATIONS, ids=[c["turns"][0]["q"][:40] for c in CONVERSATIONS]
)
def test_conversations(conversation, cat):
    previous = None
    for turn in conversation["turns"]:
        parsed = grammar.parse(turn["q"], cat, previous=previous)
        bad = mismatches(parsed, turn["expect"])
        assert not bad, (turn["q"], bad)
        if parsed.understood:  # as the bot does: only an understood query is remembered
            previous = parsed.query


def test_a_follow_up_needs_a_previous_query(cat):
    parsed = grammar.parse("what about 8 of them?", cat)
    assert not parsed.follow_up and not parsed.understood


def test_a_full_question_replaces_the_previous_one(cat):
    first = grammar.parse("can 8 H100s train GPT-3 in a year at 50%?", cat)
    parsed = grammar.parse("how much memory does a 4090 have?", cat, previous=first.query)
    assert not parsed.follow_up
    assert parsed.query.intent == "hardware_info"
    assert parsed.query.model is None and parsed.query.utilization is None


def test_a_follow_up_keeps_the_unchanged_slots(cat):
    first = grammar.parse("can 8 H100s train GPT-3 in a year at 50% in bf16?", cat)
    parsed = grammar.parse("and in 2 years?", cat, previous=first.query)
    q = parsed.query
    assert parsed.follow_up
    assert (q.hardware.id, q.hardware.count, q.model.id) == ("h100-sxm", 8, "gpt-3-175b")
    assert (q.utilization, q.precision, q.duration_s) == (0.5, "bf16", 2 * 365 * 86400)


def test_the_previous_query_is_not_changed(cat):
    first = grammar.parse("can 8 H100s train GPT-3 in a year?", cat)
    before = first.query.model_dump()
    grammar.parse("what about 16 of them in bf16?", cat, previous=first.query)
    assert first.query.model_dump() == before

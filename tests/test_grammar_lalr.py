"""grammar/lalr.py runs Lark's tables as Lark would: same facts, same skipped tokens, same
choices at every step, on the whole grammar corpus and on random questions."""

from __future__ import annotations

import pickle
from functools import lru_cache
from typing import Any

import pytest
from grammar_corpus.expect import corpus_catalog, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark, Transformer, v_args
from lark.exceptions import UnexpectedInput

import grammar.parser
from grammar.entities import entity_index
from grammar.lalr import ParseError, Rule, Tables
from grammar.lexer import QuestionLexer, Tagged
from grammar.lexicon import lexicon
from grammar.parser import build_parser, export_tables, parse_tokens, parser
from grammar.transform import ToFacts

CORPUS = ("en.jsonl", "hi.jsonl", "hi_latn.jsonl", "followups.jsonl")


@lru_cache(maxsize=1)
def lark_parser() -> Lark:
    """Lark's own LALR parser with ToFacts as its transformer, the way Lark runs it."""
    # v_args skips inherited methods, so the methods are copied into the class itself.
    methods = {k: v for k, v in vars(ToFacts).items() if not k.startswith("__")}
    transformer = v_args(inline=True)(type("LarkToFacts", (Transformer,), methods))
    return Lark.open(
        "question.lark",
        rel_to=grammar.parser.__file__,
        parser="lalr",
        lexer=build_parser().options.lexer,
        transformer=transformer(),
        propagate_positions=False,
        maybe_placeholders=False,
    )


class LarkInteractive:
    """Lark's InteractiveParser behind grammar/lalr.py's interface (for `parse_tokens`)."""

    def __init__(self, ip: Any) -> None:
        self.ip = ip

    def choices(self) -> dict:
        return self.ip.choices()

    def copy(self) -> LarkInteractive:
        return LarkInteractive(self.ip.copy(deepcopy_values=False))

    def feed_token(self, tok: Tagged) -> Any:
        try:
            return self.ip.feed_token(tok)
        except UnexpectedInput as exc:
            raise ParseError(tok, set()) from exc

    def feed_eof(self) -> Any:
        return self.ip.feed_eof()


def lark_start() -> LarkInteractive:
    return LarkInteractive(lark_parser().parse_interactive())


@lru_cache(maxsize=1)
def lexer() -> QuestionLexer:
    catalog = corpus_catalog()
    return QuestionLexer(entity_index(catalog, lexicon()), lexicon())


def corpus_questions() -> list[str]:
    out: list[str] = []
    for name in CORPUS:
        for case in load(name):
            out += [turn["q"] for turn in case.get("turns", [case])]
    return out


def assert_same_reading(tokens: list[Tagged]) -> None:
    ours = parse_tokens(tokens)
    theirs = parse_tokens(tokens, start=lark_start)
    assert ours[0] == theirs[0]
    assert [(t.type, str(t)) for t in ours[1]] == [(t.type, str(t)) for t in theirs[1]]


def test_the_corpus_reads_the_same_as_with_lark():
    questions = corpus_questions()
    assert len(questions) > 300  # the whole corpus, not an empty file list
    for text in questions:
        assert_same_reading(lexer().lex_text(text).tokens)


WORDS = st.sampled_from(
    [
        "can", "a", "8", "H100s", "A100", "4090", "x", "3", "train", "run", "fine-tune", "lora",
        "llama", "2", "7b", "gpt-3.5", "in", "year", "months", "%", "90", "at", "mfu", "bf16",
        "4-bit", "how", "many", "long", "much", "vs", "them", "what", "about", "batch", "16",
        "context", "4096", "$", "2", "per", "kwh", "hour", "tokens", "1.4T", "params", "model",
        "my", "gpu", "largest", "cost", "memory", "fit", "क्या", "साल", "में", "kitne", "help",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=14))
def test_random_questions_read_the_same_as_with_lark(words):
    assert_same_reading(lexer().lex_text(" ".join(words)).tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=14))
def test_every_step_offers_the_same_choices_as_lark(words):
    ours, theirs = parser().start(), lark_start()
    for tok in lexer().lex_text(" ".join(words)).tokens:
        assert set(ours.choices()) == set(theirs.choices())
        if tok.type not in ours.choices():
            continue
        trial_ours, trial_theirs = ours.copy(), theirs.copy()
        outcomes = []
        for trial in (trial_ours, trial_theirs):
            try:
                trial.feed_token(tok)
                outcomes.append(True)
            except ParseError:
                outcomes.append(False)
        assert outcomes[0] == outcomes[1]
        if outcomes[0]:
            ours, theirs = trial_ours, trial_theirs


def test_the_exported_tables_hold_no_lark_objects():
    # The cached tables are read on every start; a Lark object in them would import Lark.
    tables = export_tables(build_parser())
    assert b"lark" not in pickle.dumps(tables)
    assert isinstance(tables, Tables) and all(isinstance(r, Rule) for r in tables.rules)


def tiny(grammar: str) -> Lark:
    return Lark(grammar, parser="lalr", lexer=build_parser().options.lexer)


def test_a_rule_without_a_method_is_refused_rather_than_parsed_differently():
    # Lark would build a Tree for `nope`; the exported tables cannot, so the export says so.
    with pytest.raises(NotImplementedError, match="nope"):
        export_tables(tiny("start: items\nitems: A -> nope\n%declare A"))


def test_a_method_for_an_inlined_rule_is_refused():
    # Lark would splice the method's result's .children into the rule using it
    class WithInlined(ToFacts):
        def _item(self, *children: object) -> list:
            return list(children)

    with pytest.raises(NotImplementedError, match="_item"):
        export_tables(build_parser(), WithInlined)


def test_an_inlined_single_child_rule_is_refused():
    with pytest.raises(NotImplementedError, match="ExpandSingleChild"):
        export_tables(tiny("start: items\n?items: A | A A\n%declare A"))


def test_a_terminal_callback_is_refused():
    class WithTerminal(ToFacts):
        # Lark calls a method named after a terminal with a pattern on every such token
        def NUM(self, tok: Tagged) -> float:
            return float(tok)

    with pytest.raises(NotImplementedError, match="terminal"):
        export_tables(tiny("start: items\nitems: NUM\nNUM: /[0-9]+/"), WithTerminal)

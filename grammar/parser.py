"""The LALR parser over the lexer's terminals, with error recovery.

Lark builds the parse table from question.lark; `grammar/lalr.py` runs it. The table is
exported once and cached beside the catalog (grammar/tables.py), so answering a question never
imports Lark: `build_parser` (Lark, ~30 ms) runs only when a grammar file changed. The tokens
arrive already tagged (the real lexing happened in grammar/lexer.py, against the catalog and
the lexicon), and the `ToFacts` callbacks run inside the parser, so a parse returns facts.

Questions are not always well formed, so the parser is fed token by token through the
interactive parser. When a token cannot continue, either a phrase was left half-read ("in 3
…" with no unit) and is dropped back to the last phrase boundary, or the token fits no
phrase here and is skipped. Either way the rest of the question is still read, and the
skipped tokens are returned so the caller can say what it could not use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from grammar.lalr import InteractiveParser, ParseError, Parser, Rule, Tables
from grammar.lexer import Tagged
from grammar.tables import cached_table
from grammar.transform import Fact, ToFacts

if TYPE_CHECKING:
    from lark import Lark

BOUNDARY = "BOUNDARY"  # a terminal the lexer never emits: the parser accepts it between phrases


def build_parser(strict: bool = False) -> Lark:
    """Lark's LALR parser for question.lark (the tables' source; it parses nothing here)."""
    from lark import Lark
    from lark.lexer import Lexer

    class PassThrough(Lexer):
        """The tokens are already lexed (grammar/lexer.py): the grammar declares no patterns."""

        def __init__(self, lexer_conf: Any) -> None:
            pass

        def lex(self, data: Any) -> Any:  # type: ignore[override]
            return iter(data)

    return Lark.open(
        "question.lark",
        rel_to=__file__,
        parser="lalr",
        lexer=PassThrough,
        strict=strict,  # True raises on any shift/reduce conflict (a test builds it so)
        propagate_positions=False,
        maybe_placeholders=False,
    )


def export_tables(lark: Lark, transformer: type = ToFacts) -> Tables:
    """The parse table and, per rule, what Lark's tree builder would do with its children.

    Raises NotImplementedError for what grammar/lalr.py does not do (a `?rule`, any tree
    builder step but the child filter, a rule without a method or a `_rule` with one, a method
    for a terminal), so a grammar or a transformer that needs it fails the tests instead of
    parsing differently.
    """
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders
    from lark.parsers.lalr_analysis import Shift

    table = lark.parser.parser.parser.parse_table
    builders = lark._parse_tree_builder.rule_builders
    index = {rule: i for i, (rule, _) in enumerate(builders)}
    rules: list[Rule] = []
    for rule, chain in builders:
        # str(): Lark's names can be its Token objects, which would make the cache import Lark
        name = str(rule.alias or rule.options.template_source or rule.origin.name)
        method = hasattr(transformer, name)
        spliced = rule.origin.name.startswith("_")  # a `_rule`: its children join its parent's
        if method == spliced:  # every other rule needs a method, and a `_rule` must have none
            has = "has a" if method else "has no"
            raise NotImplementedError(f"rule {rule}: {transformer.__name__} {has} method {name!r}")
        to_include = None
        for wrapper in chain:
            if getattr(wrapper, "func", None) is not ChildFilterLALR_NoPlaceholders:
                raise NotImplementedError(f"rule {rule}: tree builder step {wrapper!r}")
            to_include = tuple((i, bool(splice)) for i, splice in wrapper.args[0])
        rules.append(Rule(str(rule.origin.name), len(rule.expansion), name, not method, to_include))
    terminals = {t.name for t in lark.terminals}
    if clash := sorted(t for t in terminals if hasattr(transformer, t)):
        raise NotImplementedError(f"terminal callbacks {clash}")
    states = {
        int(state): {
            str(sym): (True, int(arg)) if action is Shift else (False, index[arg])
            for sym, (action, arg) in actions.items()
        }
        for state, actions in table.states.items()
    }
    start, end = table.start_states["start"], table.end_states["start"]
    return Tables(states, tuple(rules), int(start), int(end))


@lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(cached_table("parse-table", lambda: export_tables(build_parser())), ToFacts())


def _feed(ip: InteractiveParser, tok: Tagged) -> InteractiveParser | None:
    """Feed one token to a copy of the parser; the copy, or None if the token cannot go here."""
    if tok.type not in ip.choices():
        return None
    trial = ip.copy()  # the values (tokens, facts) are shared: they are never mutated
    try:
        trial.feed_token(tok)
    except ParseError:
        return None
    return trial


def parse_tokens(
    tokens: list[Tagged], start: Callable[[], InteractiveParser] | None = None
) -> tuple[list[Fact], list[Tagged]]:
    """The facts the tokens state, and the tokens no phrase could use.

    `start`: where a parse begins (a test runs this same recovery over Lark's own parser).
    """
    ip = (start or parser().start)()
    safe = ip  # the parser at the last phrase boundary
    pending: list[Tagged] = []  # tokens read since that boundary
    skipped: list[Tagged] = []
    for tok in tokens:
        trial = _feed(ip, tok)
        if trial is None and pending:
            skipped += pending
            pending = []
            ip = safe
            trial = _feed(ip, tok)
        if trial is None:
            skipped.append(tok)
            continue
        ip = trial
        pending.append(tok)
        if BOUNDARY in ip.choices():
            safe, pending = ip, []
    if "$END" not in ip.choices():
        skipped += pending
        ip = safe
    return ip.feed_eof(), skipped

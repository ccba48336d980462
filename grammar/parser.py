"""The LALR parser over the lexer's terminals, with error recovery.

Built once per process from question.lark (and cached on disk between processes). `lexer=`
takes the already-tagged tokens as they come (the real lexing happened in grammar/lexer.py,
against the catalog and the lexicon), and the `ToFacts` transformer runs inside the parser, so
a parse returns facts directly.

Questions are not always well formed, so the parser is fed token by token through Lark's
interactive parser. When a token cannot continue, either a phrase was left half-read ("in 3
…" with no unit) and is dropped back to the last phrase boundary, or the token fits no
phrase here and is skipped. Either way the rest of the question is still read, and the
skipped tokens are returned so the caller can say what it could not use.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from grammar.lexer import Tagged
from grammar.transform import Fact, ToFacts

BOUNDARY = "BOUNDARY"  # a terminal the lexer never emits: the parser accepts it between phrases


class PassThrough(Lexer):
    """The tokens are already lexed: hand them to the parser unchanged."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Tagged]:  # type: ignore[override]
        return iter(data)


def _cache_file() -> str | bool:
    """Where Lark keeps the built parse table: beside the catalog database, not in a shared
    temporary directory (the cache is a pickle). Lark checks the grammar's hash on load."""
    from knowledge.build import default_db_path

    path = default_db_path().with_name("question.lark.cache")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return str(path)


def build_parser(strict: bool = False) -> Lark:
    return Lark.open(
        "question.lark",
        rel_to=__file__,
        parser="lalr",
        lexer=PassThrough,
        transformer=ToFacts(),  # runs during the parse: no tree is built
        strict=strict,  # True raises on any shift/reduce conflict (a test builds it so)
        cache=False if strict else _cache_file(),  # ~30 ms to build, ~5 ms to load
        propagate_positions=False,
        maybe_placeholders=False,
    )


@lru_cache(maxsize=1)
def parser() -> Lark:
    return build_parser()


def _feed(ip: Any, tok: Tagged) -> Any | None:
    """Feed one token to a copy of the parser; the copy, or None if the token cannot go here."""
    if tok.type not in ip.choices():
        return None
    trial = ip.copy(deepcopy_values=False)  # the values (tokens, facts) are never mutated
    try:
        trial.feed_token(tok)
    except UnexpectedInput:
        return None
    return trial


def parse_tokens(tokens: list[Tagged]) -> tuple[list[Fact], list[Tagged]]:
    """The facts the tokens state, and the tokens no phrase could use."""
    ip = parser().parse_interactive()
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

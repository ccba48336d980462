"""Running the LALR(1) tables Lark built for question.lark, without importing Lark.

`import lark` and loading its cached parser cost ~20 ms of every one-shot `canitrain ask`,
more than everything else the grammar does. So Lark builds the tables (grammar/parser.py, on
a cache miss) and exports them as plain data, and this module runs them, the way Lark's own
stand-alone parser generator lets a program parse without Lark installed:

- `feed_token` is Lark's `ParserState.feed_token` (lark/parsers/lalr_parser_state.py): shift
  once, or reduce until the token can be shifted; at the end, reduce until the end state.
- Each rule's callback is what Lark's `ParseTreeBuilder` makes of it for an LALR parser without
  placeholders: the children a rule keeps (`to_include`; a `_rule`'s children spliced in), then
  the transformer's method named by the rule's alias or name, called with the children inline
  (`v_args(inline=True)`). A `_rule` with no method gives its children, which the rule using it
  splices in, as Lark does with the `Tree` it would build.
- `choices()`, `copy()` and `feed_eof()` are those of Lark's `InteractiveParser`.

tests/test_grammar_lalr.py checks that this and Lark's own interactive parser give the same
results, token by token, on the grammar corpus and on random questions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

END = "$END"

Action = tuple[bool, int]  # (shift?, the next state when shifting, else the rule's index)


class Rule(NamedTuple):
    origin: str  # the rule's name (its goto entry after a reduce)
    size: int  # how many symbols it reduces
    callback: str  # the transformer method: the alias, else the rule's name
    inline: bool  # a `_rule` without a method: its value is its (kept) children
    to_include: tuple[tuple[int, bool], ...] | None  # kept children (index, splice?); None: all


class Tables(NamedTuple):
    states: dict[int, dict[str, Action]]
    rules: tuple[Rule, ...]
    start: int
    end: int


class ParseError(Exception):
    """The token cannot be read here (Lark's UnexpectedToken)."""

    def __init__(self, token: Any, expected: set[str]) -> None:
        super().__init__(f"unexpected {token.type}; expected one of {sorted(expected)}")
        self.token = token
        self.expected = expected


class _End:
    """The end-of-input token `feed_eof` feeds."""

    type = END


def _callback(rule: Rule, method: Callable[..., Any] | None) -> Callable[[list[Any]], Any]:
    to_include = rule.to_include

    def call(children: list[Any]) -> Any:
        if to_include is not None:
            # Lark's ChildFilterLALR_NoPlaceholders, including its reuse of the first spliced
            # list (its "optimize for left-recursion" branch).
            filtered: list[Any] = []
            for i, splice in to_include:
                if not splice:
                    filtered.append(children[i])
                elif filtered:
                    filtered += children[i]
                else:
                    filtered = children[i]
            children = filtered
        return children if method is None else method(*children)

    return call


class Parser:
    """The tables with one transformer's callbacks; `start()` begins a parse."""

    def __init__(self, tables: Tables, transformer: object) -> None:
        self.tables = tables
        self.callbacks = [
            _callback(rule, None if rule.inline else getattr(transformer, rule.callback))
            for rule in tables.rules
        ]

    def start(self) -> InteractiveParser:
        return InteractiveParser(self, [self.tables.start], [])


class InteractiveParser:
    """One parse in progress, fed a token at a time."""

    __slots__ = ("parser", "state_stack", "value_stack")

    def __init__(self, parser: Parser, state_stack: list[int], value_stack: list[Any]) -> None:
        self.parser = parser
        self.state_stack = state_stack
        self.value_stack = value_stack

    def choices(self) -> dict[str, Action]:
        """The terminals and rules the current state has an action for."""
        return self.parser.tables.states[self.state_stack[-1]]

    def copy(self) -> InteractiveParser:
        """An independent parse from here; the values are shared, not copied."""
        return InteractiveParser(self.parser, list(self.state_stack), list(self.value_stack))

    def feed_token(self, token: Any) -> Any:
        """Advance by one token; at the end ($END), return the start rule's value."""
        is_end = token.type == END
        tables, callbacks = self.parser.tables, self.parser.callbacks
        states, end_state = tables.states, tables.end
        state_stack, value_stack = self.state_stack, self.value_stack
        while True:
            try:
                shift, arg = states[state_stack[-1]][token.type]
            except KeyError:
                expected = {s for s in states[state_stack[-1]] if s.isupper()}
                raise ParseError(token, expected) from None
            assert arg != end_state or not shift
            if shift:
                assert not is_end
                state_stack.append(arg)
                value_stack.append(token)
                return None
            rule = tables.rules[arg]
            if rule.size:
                children = value_stack[-rule.size :]
                del state_stack[-rule.size :]
                del value_stack[-rule.size :]
            else:
                children = []
            value = callbacks[arg](children)
            goto_shift, new_state = states[state_stack[-1]][rule.origin]
            assert goto_shift
            state_stack.append(new_state)
            value_stack.append(value)
            if is_end and state_stack[-1] == end_state:
                return value_stack[-1]

    def feed_eof(self) -> Any:
        return self.feed_token(_End())

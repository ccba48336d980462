"""`parse(text, catalog, previous)`: the grammar's one entry point. It never raises."""

from __future__ import annotations

import logging

from core.types import Query
from grammar.decide import build_query, missing, read
from grammar.entities import entity_index
from grammar.followup import is_follow_up, merge
from grammar.lexer import QuestionLexer
from grammar.lexicon import lexicon
from grammar.parsed import Parsed, Rejected
from grammar.parser import parse_tokens
from knowledge import Catalog

log = logging.getLogger(__name__)
MAX_CHARS = 500  # longer input is cut here and flagged `too_long`; a question is a line or two
# A stated value that cannot be used leaves the question not understood, with the slot missing,
# rather than answered with a default the asker did not ask for ("at 150%", "in fp4").
BLOCKING_SLOTS = ("utilization", "precision")


def parse(text: str, catalog: Catalog, previous: Query | None = None) -> Parsed:
    """Read one question; `previous` is the last understood query of the same conversation.

    Any string gives a `Parsed`, in time bounded by MAX_CHARS: what could not be read is in
    `missing` and `unknown`, never an exception.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _parse(text, catalog, previous)
    except Exception:  # the grammar's bug must not become the asker's traceback
        log.exception("grammar: failed to read %r", text[:200])
        return Parsed(text=text, language="en", query=Query(), understood=False, missing=["intent"])


def _slot_empty(query: Query, kind: str) -> bool:
    return (query.hardware if kind == "hardware" else query.model) is None


def _parse(text: str, catalog: Catalog, previous: Query | None) -> Parsed:
    too_long = len(text) > MAX_CHARS
    lex = lexicon()
    lexed = QuestionLexer(entity_index(catalog, lex), lex).lex_text(text[:MAX_CHARS])
    facts, skipped = parse_tokens(lexed.tokens)
    reading = read(facts, [t.type for t in skipped], {m.kind for m in lexed.unknown})
    query = build_query(reading, catalog)
    gaps = missing(query)
    follow_up = previous is not None and is_follow_up(reading, not gaps)
    if follow_up:
        query = merge(previous, reading, catalog)  # type: ignore[arg-type]
        gaps = missing(query)
    command = None
    if query.intent is None and not reading.has_slots:
        if "HELP" in reading.cues:
            command = "help"
        elif "SOURCES" in reading.cues:
            command = "sources"
        elif lexed.reply_language is not None:
            command = "language"
    if lexed.unknown and query.intent is None and not follow_up:
        # "what about the RTX 9090?": the name is the problem, not the intent
        gaps = list(dict.fromkeys(m.kind for m in lexed.unknown))
    elif lexed.unknown and query.intent is not None:
        gaps += [m.kind for m in lexed.unknown if m.kind not in gaps and _slot_empty(query, m.kind)]
    rejected = _rejected(lexed.rejected + reading.rejected, query)
    if command is None:
        stated = {"utilization": reading.utilization, "precision": reading.precision}
        gaps += [
            slot
            for slot in BLOCKING_SLOTS
            if stated[slot] is None and slot not in gaps and any(x.slot == slot for x in rejected)
        ]
    return Parsed(
        text=text,
        language=lexed.language,
        query=query,
        understood=command is None and not gaps,
        missing=[] if command else gaps,
        unknown=lexed.unknown,
        reply_language=lexed.reply_language,
        follow_up=follow_up,
        too_long=too_long,
        command=command,  # type: ignore[arg-type]
        unread=lexed.unread,
        rejected=rejected,
    )


def _rejected(rejected: list[Rejected], query: Query) -> list[Rejected]:
    """Each rejected value once, leaving out devices a follow-up did add to a comparison."""
    compared = {h.name for h in query.compare_with}
    out: list[Rejected] = []
    for x in rejected:
        if x not in out and not (x.slot == "hardware" and x.text in compared):
            out.append(x)
    return out

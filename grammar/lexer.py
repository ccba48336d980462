"""The lexer: a normalized question → the terminal stream `question.lark` is written over.

Each token is a `Tagged` Lark token whose type is a terminal (HW, MODEL, NUM, SIZE, UNIT, PCT,
TRAIN, QTY, ...) and whose `payload` carries its value (a resolved catalog entity, a number,
a unit name, a precision code). Words that carry nothing (fillers) are left out; words that
are neither fillers nor anything else are kept as `unread` so the caller can report them.

Before the words are tagged: in romanized Hindi an SMS "h" is "hai" ("2 3090 h", "kitni h")
unless a plain number stands before it ("72 h"), and a vague time ("a few weeks", "kuch din")
is set aside as `rejected` rather than read as one week or one day; so is a deadline ("by next
month", "till december", "दिसंबर तक"), since today's date is not known. A clause that names a
device and a negation ("I can't afford H100s, can 8 3090s …") has its device set aside when
another clause names one.

Merges keep the grammar free of ambiguity (a phrase's own tail is never read as the start of
the next phrase): a GPU word right after a device name belongs to the name ("H100 GPUs"), a
utilization word right after a percentage belongs to it ("40% MFU"), and "model" after a
model's name. An hour word right after a GPU word or a device name is a unit of compute,
DEVHOURS ("GPU-hours", "A100-hours", "GPU घंटे"), not a duration; "how many 4090 years" asks
how long on one 4090. A "how many" learns its neighbours, so "how many A100s", "A100 kitne"
and "how many would I need" count devices while "how many TFLOPS does it have" and "4090 kitne
watt" do not. A magnitude before a device counts it ("1 million H100s"). "instead of bf16" and
"bf16 ki jagah" drop the value they replace, and "fast" right after "reply" is not a speed.

A word that is read as nothing but stands where a device or a model must be ("can a potato
train GPT-3?", "can a 3090 run grok?", and in Hindi word order "4090 pe claude train ho sakta
hai", "mera toaster …", "toaster pe …") becomes an unknown name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from grammar.entities import EntityIndex, Kind, Spotter, split_times
from grammar.language import detect, reply_language
from grammar.lexicon import FILLER, INSTEAD, Lexicon
from grammar.normalize import clean, number_words, read_numbers, tokenize
from grammar.parsed import Language, Rejected, UnknownMention

_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_NUMBER_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")
_GLUED_TERMINALS = frozenset({"UNIT", "BIT", "PCT", "TOKENS", "PARAMS", "GPU", "X", "CUR"})
_MEMORY_SUFFIXES = frozenset({"gb", "g", "gib", "tb", "mb"})
_SLOT_VERBS = frozenset({"TRAIN", "RUN", "FINETUNE", "LORA", "QLORA"})
# What "how many" asks about when it stands next to one of these: an amount, not devices.
_MEASURES = frozenset(
    {"ENERGY", "SPEC", "MEMORY", "TOKENS", "UNIT", "PARAMS", "COMPUTE", "SPEED", "COST", "KWH"}
)
# A phrase a word like "instead of" can replace: its head terminal, and what may precede it.
_REPLACEABLE = frozenset({"PREC", "BIT", "HW", "MODEL", "UNIT", "PCT", "GPU", "SIZE", "TOKENS"})
_COUNTS = frozenset({"NUM", "ART", "SIZE"})  # what starts a phrase with a tail: "2T tokens"
_PHRASE_TAIL = frozenset({"BIT", "HW", "UNIT", "PCT", "GPU", "TOKENS"})  # "4 bit", "8 H100"
_ON_WORDS = frozenset({"pe", "par", "पर", "पे"})  # "toaster pe": the device is before these
_SMS_HAI = "h"  # romanized Hindi texting: "h" for "hai"


class Tagged(str):
    """A terminal for the parser: its text (a str), its terminal name `type`, and a payload.

    Shaped like Lark's `Token` (a str with a `type`, equal to another token only of the same
    type) without importing Lark on the answer path (see grammar/lalr.py).
    """

    __slots__ = ("type", "payload")
    type: str
    payload: Any

    def __new__(cls, type_: str, text: str, payload: object = None) -> Tagged:
        tok = super().__new__(cls, text)
        tok.type = type_
        tok.payload = payload
        return tok

    @property
    def value(self) -> str:
        return str(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tagged) and self.type != other.type:
            return False
        return str.__eq__(self, other)

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        return f"Tagged({self.type!r}, {str(self)!r}, {self.payload!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Tagged, (self.type, str(self), self.payload))

    def __deepcopy__(self, memo: dict) -> Tagged:
        return self  # immutable text and type; the payload is never changed after lexing


@dataclass
class Lexed:
    words: list[str]  # the normalized words
    language: Language
    reply_language: Language | None
    tokens: list[Tagged] = field(default_factory=list)
    unknown: list[UnknownMention] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


class QuestionLexer:
    """Turns text into `Lexed` for one catalog (see module docstring)."""

    def __init__(self, index: EntityIndex, lexicon: Lexicon) -> None:
        self.index = index
        self.lex = lexicon
        self.spotter = Spotter(index, lexicon)
        self.scales = number_words().letter_scales

    def device_number(self, word: str) -> bool:
        """Whether a plain number names a device ("4090", "3090")."""
        hit = self.index.keys.get(word)
        return hit is not None and hit[0] == "hardware" and word.isdigit()

    def lex_text(self, text: str) -> Lexed:
        raw_words = tokenize(clean(text))
        language = detect(text, raw_words, self.lex)
        hinglish = language == "hi-Latn"
        rejected: list[Rejected] = []
        text = self._drop_negated_devices(text, hinglish, rejected)
        raw_words = tokenize(clean(text))
        words = split_times(read_numbers(raw_words, hinglish, self.device_number), self.index)
        if hinglish:
            words = [self._sms_hai(words, k) for k in range(len(words))]
        words = self._drop_vague_times(words, text, rejected)
        out = Lexed(words, language, None, rejected=rejected)
        events = self._events(text, words, out)
        self._unknown_slots(events, out, text, words)
        out.unread = [str(t) for _, t in events if t.type == "WORD"]
        tagged = [(i, t.type, str(t.payload)) for i, t in events]
        out.reply_language = reply_language(words, tagged, language)
        out.tokens = _merge([t for _, t in events if t.type not in ("WORD", "UNKNOWN")])
        return out

    def _sms_hai(self, words: list[str], k: int) -> str:
        """ "2 3090 h", "kitni h": "hai"; "72 h" stays hours (see module docstring)."""
        if words[k] != _SMS_HAI:
            return words[k]
        before = words[k - 1] if k else ""
        hours = _PLAIN_NUMBER.match(before) is not None and not self.device_number(before)
        return words[k] if hours else "hai"

    def _drop_vague_times(self, words: list[str], text: str, rejected: list[Rejected]) -> list[str]:
        """ "in a few weeks", "kuch mahine": not a time to compute with (see module docstring)."""
        units = number_words().time_units
        out: list[str] = []
        k = 0
        while k < len(words):
            if words[k] in self.lex.vague and k + 1 < len(words) and words[k + 1] in units:
                start = k - 1 if out and out[-1] in ("a", "an") else k
                if start < k:
                    out.pop()
                said = _surface(text, words[start : k + 2])
                rejected.append(Rejected(slot="duration", text=said))
                k += 2
                continue
            end = self._deadline_end(words, k, out)
            if end is not None:
                start = k
                if out and out[-1] in self.lex.deadline_before:
                    out.pop()
                    start -= 1
                if end < len(words) and words[end] in self.lex.deadline_after:
                    end += 1
                rejected.append(Rejected(slot="duration", text=_surface(text, words[start:end])))
                k = end
                continue
            out.append(words[k])
            k += 1
        return out

    def _drop_negated_devices(self, text: str, hinglish: bool, rejected: list[Rejected]) -> str:
        """ "I can't afford H100s, can 8 3090s …": a clause that names a device and a negation
        is blanked out when another clause names a device and it takes no model with it (its
        devices are set aside as `rejected`). "can't a 7900 XTX run it?" is one clause: kept."""
        clauses = [m for m in _CLAUSE.finditer(text) if m.group().strip()]
        if len(clauses) < 2:
            return text
        kinds = [self._kinds(m.group(), hinglish) for m in clauses]
        for k, m in enumerate(clauses):
            words = tokenize(clean(m.group()))
            negated = any(
                tuple(words[i : i + len(neg)]) == neg
                for neg in self.lex.negation
                for i in range(len(words))
            )
            others = set().union(*(kinds[j][0] for j in range(len(clauses)) if j != k))
            if not negated or "hardware" not in kinds[k][0] or "hardware" not in others:
                continue
            if "model" in kinds[k][0] and "model" not in others:
                continue  # "my 4090 can't fit Llama 70B, would 2 A100s?": the model is here
            rejected += [Rejected(slot="hardware", text=name) for name in kinds[k][1]]
            text = text[: m.start()] + " " * len(m.group()) + text[m.end() :]
        return text

    def _kinds(self, clause: str, hinglish: bool) -> tuple[set[str], list[str]]:
        """The kinds of catalog names one clause holds, and the devices' names."""
        words = tokenize(clean(clause))
        words = split_times(read_numbers(words, hinglish, self.device_number), self.index)
        refs = [s.ref for s in self.spotter.spans(words) if s.ref is not None]
        return {r.kind for r in refs}, [r.name for r in refs if r.kind == "hardware"]

    def _deadline_end(self, words: list[str], k: int, out: list[str]) -> int | None:
        """Where a deadline starting at words[k] ends: "next month", "(till) december (tak)"."""
        units = number_words().time_units
        if words[k] in self.lex.relative and k + 1 < len(words) and words[k + 1] in units:
            return k + 2
        if words[k] in self.lex.months:
            before = bool(out) and out[-1] in self.lex.deadline_before
            after = k + 1 < len(words) and words[k + 1] in self.lex.deadline_after
            if before or after:
                return k + 1
        return None

    def _events(self, text: str, words: list[str], out: Lexed) -> list[tuple[int, Tagged]]:
        """(word index, token) for every word that is not a filler; WORD = read as nothing."""
        spans = {s.start: s for s in self.spotter.spans(words)}
        events: list[tuple[int, Tagged]] = []
        i = 0
        while i < len(words):
            span = spans.get(i)
            filler = self.lex.match(words, i) if span is not None else None
            if filler is not None and filler[0].terminal == FILLER and filler[1] >= span.end:  # type: ignore[union-attr]
                i = filler[1]  # "Chinchilla-optimally" names no model
                continue
            if span is not None:
                if span.ref is not None:
                    kind = "HW" if span.ref.kind == "hardware" else "MODEL"
                    events.append((i, Tagged(kind, span.ref.text, span.ref)))
                elif span.unknown is not None:
                    span.unknown.text = _surface(text, words[span.start : span.end])
                    out.unknown.append(span.unknown)
                    events.append((i, Tagged("UNKNOWN", span.unknown.text, span.unknown)))
                i = span.end
                continue
            if not events and words[i] in self.lex.follow_first:
                events.append((i, Tagged("FOLLOW", words[i], "and")))  # "and in bf16?"
                i += 1
                continue
            limit = min((s for s in spans if s > i), default=len(words))
            tokens, i_next = self._word(words[:limit], i)
            events += [(i, t) for t in tokens]
            i = i_next
        return events

    def _word(self, words: list[str], i: int) -> tuple[list[Tagged], int]:
        """The tokens for the lexicon phrase, number or word at words[i], and where it ends."""
        found = self.lex.match(words, i)
        if found is None and i + 1 < len(words):
            pair = self.lex.fuzzy_pair(words[i], words[i + 1])
            found = (pair, i + 2) if pair is not None else None
        if found is not None:
            entry, end = found
            if entry.terminal == FILLER:
                return [], end
            return [Tagged(entry.terminal, " ".join(words[i:end]), entry.value)], end
        word = words[i]
        numeric = self._number(word)
        if numeric or word in self.lex.fillers:
            return numeric, i + 1
        corrected = self.lex.fuzzy(word)
        if corrected is not None:
            return [Tagged(corrected.terminal, word, corrected.value)], i + 1
        return [Tagged("WORD", word, word)], i + 1

    def _number(self, word: str) -> list[Tagged]:
        """NUM/SIZE tokens for a number, splitting glued units: "6mo" → 6 mo, "4bit" → 4 bit."""
        if _PLAIN_NUMBER.match(word):
            return [Tagged("NUM", word, float(word))]
        m = _NUMBER_SUFFIX.match(word)
        if m is None:
            return []
        value, suffix = float(m.group(1)), m.group(2)
        if suffix in self.scales:
            scaled = value * self.scales[suffix]
            return [Tagged("NUM" if suffix == "k" else "SIZE", word, scaled)]
        if suffix in ("bn", "mn", "tn"):
            scaled = value * self.scales[suffix[0]]
            return [Tagged("SIZE", word, scaled)]
        if suffix in _MEMORY_SUFFIXES:
            return [Tagged("MEMORY", word, "memory")]  # "is 24GB enough for …": a memory question
        entry = self.lex.phrases.get((suffix,))
        if entry is not None and entry.terminal in _GLUED_TERMINALS:
            return [Tagged("NUM", m.group(1), value), Tagged(entry.terminal, suffix, entry.value)]
        return []

    def _unknown_slots(
        self, events: list[tuple[int, Tagged]], out: Lexed, text: str, words: list[str]
    ) -> None:
        """A word we cannot read where a device or a model must be is an unknown name.

        "can a potato train GPT-3?" (subject of can … train), "can a 3090 run grok?" (object of
        train/run); in Hindi word order the object comes before the verb ("4090 pe claude
        train ho sakta hai"), and a device is "mera X" or "X pe". The word is not name-shaped,
        so no catalog names are suggested.
        """
        types = [t.type for _, t in events]
        hindi = out.language != "en"
        slots: list[tuple[Kind, Callable[[list[str]], int | None]]] = [
            ("hardware", self._subject),
            ("model", self._object),
        ]
        if hindi:
            slots += [
                ("hardware", _mine_before_verb),
                ("hardware", lambda types: _before_on(events, words)),
                ("model", _object_before_verb),
            ]
        for kind, where in slots:
            if kind in _kinds_named(types, out):
                continue
            j = where(types)
            if j is not None:
                word = str(events[j][1])
                if _name_like(word):
                    out.unknown.append(UnknownMention(kind=kind, text=_surface(text, [word])))
                    events[j] = (events[j][0], Tagged("UNKNOWN", word, None))
                    types[j] = "UNKNOWN"

    @staticmethod
    def _subject(types: list[str]) -> int | None:
        for k in range(len(types) - 2):
            j = k + 1 + (types[k + 1] in ("ART", "MY"))
            if types[k] == "CAN" and j + 1 < len(types) and types[j] == "WORD":
                return j if types[j + 1] in _SLOT_VERBS else None
        return None

    @staticmethod
    def _object(types: list[str]) -> int | None:
        for k in range(len(types) - 1):
            j = k + 1 + (k + 2 < len(types) and types[k + 1] in ("ART", "MY"))
            if types[k] in _SLOT_VERBS and j < len(types) and types[j] == "WORD":
                return j
        return None


def _name_like(word: str) -> bool:
    """A word that could be a name: Latin letters (three or more), or a Devanagari word."""
    if word.isascii():
        return word.isalpha() and len(word) >= 3
    return len(word) >= 2 and all(unicodedata.category(c)[0] in "LM" for c in word)


def _mine_before_verb(types: list[str]) -> int | None:
    """ "mera toaster llama chala sakta hai": the word after "my", when a verb follows."""
    for k in range(len(types) - 2):
        if types[k] == "MY" and types[k + 1] == "WORD" and _SLOT_VERBS & set(types[k + 2 :]):
            return k + 1
    return None


def _before_on(events: list[tuple[int, Tagged]], words: list[str]) -> int | None:
    """ "toaster pe llama chalega": the word right before "pe"/"par"/"पर"."""
    for j, (i, tok) in enumerate(events):
        if tok.type == "WORD" and i + 1 < len(words) and words[i + 1] in _ON_WORDS:
            return j
    return None


def _object_before_verb(types: list[str]) -> int | None:
    """ "4090 pe claude train ho sakta hai": the word right before the verb."""
    for k in range(1, len(types)):
        if types[k] in _SLOT_VERBS and types[k - 1] == "WORD":
            return k - 1
    return None


def _kinds_named(types: list[str], out: Lexed) -> set[str]:
    """The kinds of entity a question names, known or not."""
    named: set[str] = {u.kind for u in out.unknown}
    if "HW" in types:
        named.add("hardware")
    if "MODEL" in types or "SIZE" in types:
        named.add("model")
    return named


@dataclass(frozen=True)
class QtyWord:
    """A "how many"/"how much" word and the terminals on either side of it."""

    value: str  # "how_many" or "how_much"
    before: str | None
    after: str | None

    def __str__(self) -> str:
        return self.value

    @property
    def counts_devices(self) -> bool:
        """ "how many A100s", "A100 kitne", "how many would I need", "phir kitne chahiye" count
        devices; "how many TFLOPS", "4090 kitne watt" ask for an amount."""
        if self.value != "how_many":
            return False
        if self.after in ("HW", "GPU"):
            return True
        if self.after in _MEASURES or self.before in _MEASURES:
            return False
        return self.before in ("HW", "GPU") or self.after in (None, "NEED")


# A clause ends at a comma, semicolon or sentence stop, but not inside a number ("1,024", "2.5").
_CLAUSE = re.compile(r"(?:[^,;.!?।]|(?<=\d)[,.](?=\d))+")


def _surface(text: str, words: list[str]) -> str:
    """The words as the asker wrote them ("RTX 9090", not "rtx 9090"), when they can be found."""
    pattern = r"[\s\-_.]*".join(re.escape(w) for w in words)
    found = re.search(pattern, unicodedata.normalize("NFKC", text), re.IGNORECASE)
    return found.group(0) if found else " ".join(words)


def _merge(tokens: list[Tagged]) -> list[Tagged]:
    """Fold a tail word into the phrase before it (see module docstring), and tell each
    "how many" what it stands next to: "how many A100s" / "A100 kitne" count devices, "how
    many TFLOPS does a 4090 have" does not."""
    tokens = _replace_instead(tokens)
    out: list[Tagged] = []
    for k, tok in enumerate(tokens):
        prev = out[-1].type if out else None
        nxt = tokens[k + 1].type if k + 1 < len(tokens) else None
        if (prev, tok.type) in (("HW", "GPU"), ("PCT", "UTIL"), ("MODEL", "MODELWORD")):
            continue
        if prev == "REPLY" and tok.type == "SPEED" and tok.payload == "fast":
            continue  # "pls reply fast" asks for no speed
        if tok.type == "UNIT" and prev in ("GPU", "HW") and _device_time(out, tok):
            continue
        if tok.type == "SIZE" and tok.payload < 1e9 and nxt in ("HW", "GPU"):
            tok = Tagged("NUM", str(tok), tok.payload)  # "1 million H100s", "1M GPUs"
        out.append(tok)
    for k, tok in enumerate(out):
        if tok.type == "QTY" and not isinstance(tok.payload, QtyWord):
            before = out[k - 1].type if k else None
            after = out[k + 1].type if k + 1 < len(out) else None
            tok.payload = QtyWord(tok.payload, before, after)
    return out


def _device_time(out: list[Tagged], unit: Tagged) -> bool:
    """A time unit right after a device: "GPU-hours" and "A100-hours" are a unit of compute
    (DEVHOURS); "how many 4090 years" asks how long on one 4090. Rewrites `out` and says
    whether the unit was used up."""
    if unit.payload == "hour":
        text = f"{out[-1]} {unit}" if out[-1].type == "GPU" else str(unit)
        if out[-1].type == "GPU":
            out.pop()  # "GPU-hours" names no device: the GPU word is part of the unit
        out.append(Tagged("DEVHOURS", text, "device_hours"))
        return True
    if len(out) >= 2 and out[-2].type == "QTY":
        out[-2] = Tagged("HOWLONG", f"{out[-2]} {out[-1]} {unit}", "how_long")
        return True
    return False


def _replace_instead(tokens: list[Tagged]) -> list[Tagged]:
    """Drop the phrase an "instead of" / "ki jagah" replaces (lexicon [instead])."""
    out: list[Tagged] = []
    skip_next = False
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.type == INSTEAD:
            if tok.payload == "previous" and out and out[-1].type in _REPLACEABLE:
                tail = out.pop()
                if tail.type in _PHRASE_TAIL and out and out[-1].type in _COUNTS:
                    out.pop()  # "8 bit ki jagah", "30 din ki jagah"
            skip_next = tok.payload == "next"
            k += 1
            continue
        if skip_next:
            skip_next = False
            length = _phrase_length(tokens, k)
            if length:
                k += length
                continue
        out.append(tok)
        k += 1
    return out


def _phrase_length(tokens: list[Tagged], k: int) -> int:
    """How many tokens from k make one replaceable phrase ("bf16", "4 bit", "8 H100s"), or 0."""
    if tokens[k].type in _COUNTS and k + 1 < len(tokens) and tokens[k + 1].type in _PHRASE_TAIL:
        return 2
    return 1 if tokens[k].type in _REPLACEABLE else 0

"""Finding devices and models in a question's tokens, by the catalog's own aliases.

Nothing here names a product: the index is built from `catalog.hardware_aliases` and
`catalog.model_aliases`, so a row added to the catalog is understood at once.

- Exact: the longest run of tokens whose joined key (`knowledge.names.name_key` rules) is an
  alias key ("nvidia geforce rtx 4070 ti", "4070ti", "gpt 3.5", "a100 80gb"); plurals
  ("a100s", "4090s"); "8xa100" = 8 × A100.
- Fuzzy: a run holding a word the lexicon does not know ("lama 2", "mistal 7b", "rtx4070tii")
  is compared with every alias key by rapidfuzz; a match needs a high score, or two letters
  swapped ("gtp-3"), and exactly the same digits, so A10 never becomes A100, 4070 Ti never
  4070 Ti Super, Llama 3 never Llama 3.1; and a name with more after its number ("gpt-4o") is
  not the shorter name. An "o" typed for a zero among digits is read as one ("h1oo" = H100).
- Sizes pick a family member: "a 124M GPT-2", "GPT-2 355M" → the row of that family with those
  parameters; a size the family does not have ("Llama 2 30B") makes the name unknown.
- More name after a name: "Llama 3.3 70B", "RTX 4090 Ti", "GPT-4 turbo" are not the shorter
  names they start with; they are unknown. But a quantity is not more name ("llama 3 8b 4bit",
  "… 32k context"), and a release's suffix does not change the model ("Mistral-7B-Instruct-
  v0.2", "Llama-2-7b-hf").
- Unknown names: a family word with a version ("RTX 9090", "GPT-7") or a name-shaped token
  ("h300") that matches no row becomes an `UnknownMention` with the closest catalog names.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from grammar.lexicon import Lexicon
from grammar.normalize import clean, tokenize
from grammar.parsed import UnknownMention
from grammar.tables import cached_table
from knowledge import Catalog

Kind = Literal["hardware", "model"]
FUZZY_MIN_SCORE = 85  # fuzz.ratio; "lama2" vs "llama2" scores 90.9, "rtx9090" vs "rtx4090" 85.7
FUZZY_MAX_WORDS = 4
SIZE_TOLERANCE = 0.03  # "GPT-2 124M" finds the 124e6 row; "Llama 2 13B" the 13e9 one
_NOT_KEY = re.compile(r"[^a-z0-9.]+")
_DIGITS = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_LATIN = re.compile(r"[a-z0-9]")
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([mb])$")
_TIMES_NAME = re.compile(r"^(\d{1,5})x([a-z0-9].*)$")
_NAME_SHAPE = re.compile(r"^([a-z]+)\d")
_NUMBER_SUFFIX = re.compile(r"^\d+(?:\.\d+)?([a-z]+)$")  # "4bit", "32k", "72h"
_VERSION = re.compile(r"^v\d+(?:\.\d+)+$")  # a release of the same model: "v0.2", "v1.5"
_O_FOR_ZERO = re.compile(r"(?<=\d)o|o(?=\d)")  # "h1oo": an o among digits
# Glued to a number, these make a quantity, not a name ("4bit", "72h", "8x").
GLUED_TERMINALS = frozenset({"UNIT", "BIT", "PCT", "TOKENS", "PARAMS", "GPU", "X", "CUR"})
# A run that ends in a plain number is not a name when a quantity word follows it:
# "a100 40 days" is an A100 for 40 days, not the "A100 40" (40GB) variant.
QUANTITY_TERMINALS = frozenset(
    {"UNIT", "PCT", "TOKENS", "PARAMS", "BIT", "X", "UTIL", "CUR", "GPU", "THEM", "CONTEXT"}
)


@dataclass(frozen=True)
class EntityRef:
    """A device or model named in the question, resolved to a catalog row."""

    kind: Kind
    id: str
    name: str  # the catalog row's display name
    assumed_variant: bool  # a family name picked the row's declared default
    text: str  # the words as the asker wrote them (after cleaning)
    fuzzy: bool = False


@dataclass
class Span:
    start: int
    end: int
    ref: EntityRef | None = None  # None: an unknown name (see `unknown`)
    unknown: UnknownMention | None = None


def _key(tokens: list[str] | tuple[str, ...]) -> str:
    return _NOT_KEY.sub("", "".join(tokens))


def _digits(key: str) -> str:
    return "".join(_DIGITS.findall(key))


@dataclass
class EntityIndex:
    """Alias keys of one catalog, with what spotting needs to know about them."""

    catalog: Catalog
    keys: dict[str, tuple[Kind, str, bool]] = field(default_factory=dict)
    fuzzy_keys: dict[Kind, list[str]] = field(default_factory=dict)
    longest: int = 1
    split_first: dict[str, set[str]] = field(default_factory=dict)  # key → first words
    family_words: dict[str, Kind] = field(default_factory=dict)
    lone_families: set[str] = field(default_factory=set)  # "gpt": a model family on its own
    prefixes: dict[str, set[Kind]] = field(default_factory=dict)  # "h" → {"hardware"}
    variant_words: dict[Kind, set[str]] = field(default_factory=dict)  # "ti", "super", "xl"

    @classmethod
    def build(cls, catalog: Catalog, lexicon: Lexicon) -> EntityIndex:
        index = cls(catalog)
        rows_by_word: dict[str, set[str]] = {}
        index.variant_words = {"hardware": set(), "model": set()}
        for kind, aliases in (
            ("model", catalog.model_aliases),
            ("hardware", catalog.hardware_aliases),  # second: a shared key means the device
        ):
            for key, (row_id, family_default, alias) in aliases.items():
                index.keys[key] = (kind, row_id, family_default)  # type: ignore[assignment]
                words = tokenize(clean(alias))
                index.longest = max(index.longest, len(words) + 1)
                index.variant_words[kind].update(  # type: ignore[index]
                    w for w in words[1:] if w.isalpha() and not _plain_word(w, lexicon)
                )
                if words:
                    index.split_first.setdefault(key, set()).add(words[0])
                    first = words[0]
                    if first.isalpha() and len(first) >= 2 and first not in lexicon.known:
                        index.family_words.setdefault(first, kind)  # type: ignore[arg-type]
                        if kind == "model":
                            rows_by_word.setdefault(first, set()).add(row_id)
                if m := _NAME_SHAPE.match(key):
                    index.prefixes.setdefault(m.group(1), set()).add(kind)  # type: ignore[arg-type]
        index.lone_families = {
            w for w, rows in rows_by_word.items() if len(rows) >= 3 and w not in index.keys
        }
        for kind in ("hardware", "model"):
            index.fuzzy_keys[kind] = [k for k, v in index.keys.items() if v[0] == kind]  # type: ignore[index]
        return index

    def tables(self) -> dict[str, Any]:
        """Everything but the catalog: what the on-disk cache keeps."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "catalog"}

    # --- lookups ----------------------------------------------------------------------

    def ref(
        self, kind: Kind, row_id: str, assumed: bool, text: str, fuzzy: bool = False
    ) -> EntityRef:
        rows = self.catalog.hardware if kind == "hardware" else self.catalog.models
        return EntityRef(kind, row_id, rows[row_id].name, assumed, text, fuzzy)

    def exact(self, words: list[str]) -> tuple[Kind, str, bool] | None:
        key = _key(words)
        hit = self.keys.get(key)
        if hit is None and "o" in key and _digits(key):
            hit = self.keys.get(_zeros(key))  # "h1oo", "a1oo"
        if hit is None and key.endswith("s") and len(key) > 2:
            hit = self.keys.get(key[:-1])  # "a100s", "4090s", "rtx 3090s"
            if hit is not None and hit[0] != "hardware":
                hit = None
        if hit is None:
            return None
        # "a 100" is not an A100 unless the alias itself is written that way
        if (
            len(words) > 1
            and words[0] in ("a", "an")
            and words[0] not in self.split_first.get(key, ())
        ):
            return None
        return hit

    def fuzzy(self, words: list[str]) -> tuple[Kind, str, bool] | None:
        key = _key(words)
        if len(key) < 4:
            return None
        from rapidfuzz import fuzz, process  # ~8 ms to import: only for a name not found exactly
        from rapidfuzz.distance import OSA

        best: tuple[float, str] | None = None
        for kind in ("hardware", "model"):
            keys = self.fuzzy_keys[kind]
            found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
            hit: tuple[float, str] | None = (found[1], found[0]) if found else None
            if hit is None:  # "gtp3": two letters swapped score low but are one typo
                swap = process.extractOne(key, keys, scorer=OSA.distance, score_cutoff=1)
                if swap and sorted(swap[0]) == sorted(key):
                    hit = (FUZZY_MIN_SCORE, swap[0])
            if hit is None or _digits(hit[1]) != _digits(key) or _more_after_number(key, hit[1]):
                continue
            if best is None or hit[0] > best[0]:
                best = hit
        return self.keys[best[1]] if best else None

    def suggest(self, text: str, kind: Kind, limit: int = 3) -> list[str]:
        """Display names of the rows closest to an unknown name (the catalog's own ranking)."""
        return self.catalog.suggest(text, kind, limit)

    def size_variant(self, model_id: str, params: float) -> str | None:
        """The row of the same family with about `params` parameters, if there is one."""
        family = self.catalog.models[model_id].family
        if family is None:
            return None
        for row in self.catalog.models.values():
            if (
                row.family == family
                and row.params
                and abs(row.params - params) <= SIZE_TOLERANCE * params
            ):
                return row.id
        return None


def _zeros(key: str) -> str:
    """ "h1oo" → "h100": each o next to a digit (or to such a zero) is a zero."""
    while (fixed := _O_FOR_ZERO.sub("0", key)) != key:
        key = fixed
    return key


def _more_after_number(typed: str, candidate: str) -> bool:
    """ "gpt4o" is not a typo of "gpt4": more letters after the name's closing number are more
    name ("RTX 4090 Ti"), not a typo; "rtx4070tii" after "rtx4070ti" is."""
    return typed.startswith(candidate) and candidate[-1:].isdigit()


def _plain_word(word: str, lexicon: Lexicon) -> bool:
    """A filler, or a device word ("GPU" in "M3 Max (40-core GPU)"): never more of a name,
    so "H100 GPU hours" is an H100, not an unknown "H100 GPU"."""
    entry = lexicon.phrases.get((word,))
    return word in lexicon.fillers or (entry is not None and entry.terminal == "GPU")


_INDEXES: weakref.WeakKeyDictionary[Catalog, EntityIndex] = weakref.WeakKeyDictionary()


def entity_index(catalog: Catalog, lexicon: Lexicon) -> EntityIndex:
    """The index of a catalog, built once per catalog object (and cached on disk, keyed by the
    catalog's fingerprint, for a catalog opened from its database)."""
    index = _INDEXES.get(catalog)
    if index is None:
        index = _INDEXES[catalog] = _load_or_build(catalog, lexicon)
    return index


def _load_or_build(catalog: Catalog, lexicon: Lexicon) -> EntityIndex:
    if catalog.fingerprint is None:
        return EntityIndex.build(catalog, lexicon)
    # The lexicon comes from the grammar's own files, which the cache key already covers.
    tables = cached_table(
        "entity-index",
        lambda: EntityIndex.build(catalog, lexicon).tables(),
        salt=catalog.fingerprint,
    )
    return EntityIndex(catalog, **tables)


# --- spotting ------------------------------------------------------------------------


def split_times(tokens: list[str], index: EntityIndex) -> list[str]:
    """ "8xa100" → 8 x a100 and "h100 x8" → h100 x 8, when the rest is a device."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        m = _TIMES_NAME.match(tok)
        if m and not index.keys.get(tok):
            rest = m.group(2)
            nxt = tokens[i + 1 : i + 2]
            hit = index.exact([rest]) or index.exact([rest, *nxt])
            if hit and hit[0] == "hardware":
                out += [m.group(1), "x", rest]
                continue
        if len(tok) > 1 and tok[0] == "x" and tok[1:].isdigit():
            out += ["x", tok[1:]]
            continue
        if len(tok) > 1 and tok[-1] == "x" and tok[:-1].isdigit() and not index.keys.get(tok):
            out += [tok[:-1], "x"]
            continue
        out.append(tok)
    return out


class Spotter:
    """Finds entity spans in a token list (see module docstring)."""

    def __init__(self, index: EntityIndex, lexicon: Lexicon) -> None:
        self.index = index
        self.lex = lexicon

    def _quantity_follows(self, tokens: list[str], end: int) -> bool:
        found = self.lex.match(tokens, end) if end < len(tokens) else None
        return found is not None and found[0].terminal in QUANTITY_TERMINALS

    def _ok(self, tokens: list[str], start: int, end: int) -> bool:
        """Whether tokens[start:end] may be a name: Latin words only ("4090 पर" is not one),
        and not a number that a quantity word follows ("A100 40 days", "in 4090 hours"). A GPU
        word after a name ending in a number is part of how the device is called ("RTX 4090
        GPUs"), and "how many 4090 years" counts years of a 4090."""
        if not all(_LATIN.search(t) for t in tokens[start:end]):
            return False
        if not _PLAIN_NUMBER.match(tokens[end - 1]):
            return True
        found = self.lex.match(tokens, end) if end < len(tokens) else None
        if found is None or found[0].terminal not in QUANTITY_TERMINALS - {"GPU"}:
            return True
        return found[0].terminal == "UNIT" and end - start == 1 and self._after_qty(tokens, start)

    def _after_qty(self, tokens: list[str], start: int) -> bool:
        """Whether a "how many"/"kitne" ends right before tokens[start]."""
        for n in range(1, self.lex.longest + 1):
            found = self.lex.match(tokens[:start], start - n) if start >= n else None
            if found is not None and found[1] == start and found[0].terminal == "QTY":
                return True
        return False

    def spans(self, tokens: list[str]) -> list[Span]:
        spans = self._exact(tokens)
        spans = self._fuzzy(tokens, spans)
        spans = self._sizes(tokens, spans)
        spans = self._overhang(tokens, spans)
        spans += self._unknown(tokens, spans)
        return sorted(spans, key=lambda s: s.start)

    def _exact(self, tokens: list[str]) -> list[Span]:
        spans: list[Span] = []
        i = 0
        while i < len(tokens):
            for end in range(min(len(tokens), i + self.index.longest), i, -1):
                hit = self.index.exact(tokens[i:end])  # a dict lookup: cheaper than _ok first
                if hit and self._ok(tokens, i, end):
                    kind, row_id, assumed = hit
                    fuzzy = False
                    longer = self._misspelled_tail(tokens, i, end)
                    if longer is not None and longer[1][1] != row_id:
                        end, (kind, row_id, assumed), fuzzy = longer[0], longer[1], True
                    text = " ".join(tokens[i:end])
                    spans.append(Span(i, end, self.index.ref(kind, row_id, assumed, text, fuzzy)))
                    i = end
                    break
            else:
                i += 1
        return spans

    def _misspelled_tail(
        self, tokens: list[str], start: int, end: int
    ) -> tuple[int, tuple[Kind, str, bool]] | None:
        """ "4070 ti supr": an exact name followed by unknown words may be a longer name."""
        for extra in (2, 1):
            tail = tokens[end : end + extra]
            if len(tail) < extra or not all(self._unknown_word(w) and w.isalpha() for w in tail):
                continue
            hit = self.index.fuzzy(tokens[start : end + extra])
            if hit is not None:
                return end + extra, hit
        return None

    def _free(self, tokens: list[str], spans: list[Span]) -> list[bool]:
        free = [True] * len(tokens)
        for s in spans:
            for k in range(s.start, s.end):
                free[k] = False
        return free

    def _unknown_word(self, tok: str) -> bool:
        return tok not in self.lex.known and not _PLAIN_NUMBER.match(tok)

    def _fuzzy(self, tokens: list[str], spans: list[Span]) -> list[Span]:
        free = self._free(tokens, spans)
        known = self.lex.known
        i = 0
        while i < len(tokens):
            if not free[i] or tokens[i] in known:
                i += 1
                continue
            for end in range(min(len(tokens), i + FUZZY_MAX_WORDS), i, -1):
                words = tokens[i:end]
                if not all(free[i:end]) or not self._ok(tokens, i, end):
                    continue
                if words[-1] in known or not any(self._unknown_word(w) for w in words):
                    continue
                hit = self.index.fuzzy(words)
                if hit:
                    kind, row_id, assumed = hit
                    ref = self.index.ref(kind, row_id, assumed, " ".join(words), fuzzy=True)
                    spans.append(Span(i, end, ref))
                    for k in range(i, end):
                        free[k] = False
                    i = end
                    break
            else:
                i += 1
        return sorted(spans, key=lambda s: s.start)

    def _sizes(self, tokens: list[str], spans: list[Span]) -> list[Span]:
        """A model followed or preceded by a size picks that size's row, or is unknown."""
        taken = {k for s in spans for k in range(s.start, s.end)}
        for s in spans:
            if s.ref is None or s.ref.kind != "model":
                continue
            for pos in (s.end, s.start - 1):
                m = (
                    _SIZE.match(tokens[pos])
                    if 0 <= pos < len(tokens) and pos not in taken
                    else None
                )
                if m is None or self._quantity_follows(tokens, pos + 1):
                    continue
                params = float(m.group(1)) * (1e6 if m.group(2) == "m" else 1e9)
                row_params = self.index.catalog.models[s.ref.id].params
                if row_params and abs(row_params - params) <= SIZE_TOLERANCE * params:
                    break  # "Llama 2 7B 7B": the size only repeats the name
                variant = self.index.size_variant(s.ref.id, params)
                start, end = min(s.start, pos), max(s.end, pos + 1)
                text = " ".join(tokens[start:end])
                if variant is not None:
                    s.ref = self.index.ref("model", variant, False, text, s.ref.fuzzy)
                elif s.ref.assumed_variant:
                    s.unknown = UnknownMention(
                        kind="model", text=text, suggestions=self.index.suggest(text, "model")
                    )
                    s.ref = None
                else:
                    break
                s.start, s.end = start, end
                taken.add(pos)
                break
        return spans

    def _overhang(self, tokens: list[str], spans: list[Span]) -> list[Span]:
        """A name followed by more of a name we do not know is not the shorter name.

        "Llama 3.3 70B" is not LLaMA, "RTX 4090 Ti" not the RTX 4090, "GPT-4 turbo" not GPT-4:
        such a span becomes an unknown name. A memory size that matches the row is part of
        its name ("4090 24GB"); a model's "instruct"/"chat" suffix does not change its size.
        """
        taken = {k for s in spans for k in range(s.start, s.end)}
        for s in spans:
            if s.ref is None or s.end >= len(tokens) or s.end in taken:
                continue
            end = s.end
            if s.ref.kind == "hardware" and self._same_memory(s.ref.id, tokens[end]):
                s.end = end + 1
                continue
            if s.ref.kind == "model" and self._same_size(tokens[end]):
                while s.end < len(tokens) and s.end not in taken and self._same_size(tokens[s.end]):
                    if self.lex.match(tokens, s.end) is not None:
                        break  # "GPTQ" is also a precision: left for the lexer to read
                    s.end += 1  # "Mistral-7B-Instruct-v0.2" is Mistral 7B
                continue
            while (
                end < len(tokens)
                and end not in taken
                and end - s.end < 3
                and self._more_name(s.ref, tokens, end, taken)
            ):
                end += 1
            if end == s.end:
                continue
            text = " ".join(tokens[s.start : end])
            suggestions = self.index.suggest(text, s.ref.kind)
            s.unknown = UnknownMention(kind=s.ref.kind, text=text, suggestions=suggestions)
            s.ref, s.end = None, end
            taken.update(range(s.start, end))
        return spans

    def _same_memory(self, hardware_id: str, tok: str) -> bool:
        m = re.match(r"^(\d+)gb?$", tok)
        return (
            m is not None
            and float(m.group(1)) == self.index.catalog.hardware[hardware_id].memory_gb
        )

    def _same_size(self, tok: str) -> bool:
        return tok in self.lex.same_size_suffixes or _VERSION.match(tok) is not None

    def _quantity(self, tokens: list[str], k: int) -> bool:
        """Whether tokens[k] is a quantity, not more of a name: a number with a unit glued on
        ("4bit", "72h"), or a count or size a quantity word follows ("32k context")."""
        m = _NUMBER_SUFFIX.match(tokens[k])
        if m is None:
            return False
        entry = self.lex.phrases.get((m.group(1),))
        if entry is not None and entry.terminal in GLUED_TERMINALS:
            return True
        return m.group(1) in ("k", "m", "b") and self._quantity_follows(tokens, k + 1)

    def _more_name(self, ref: EntityRef, tokens: list[str], k: int, taken: set[int]) -> bool:
        """Whether tokens[k] continues the name `ref` was read from (see `_overhang`)."""
        tok = tokens[k]
        if self._quantity(tokens, k):
            return False
        if tok in self.index.variant_words[ref.kind]:
            return True
        if k + 1 in taken and _PLAIN_NUMBER.match(tok):
            return False  # "Llama 2 7B 1 RTX 3060": a count for the next name
        if ref.kind == "hardware" and not (tok[:1].isalpha() or tok.endswith("gb")):
            return False  # "H100 8 …" is a count; "H100 94GB", "A100 v2" are more name
        if _PLAIN_NUMBER.match(tok) and not ref.assumed_variant:
            return False  # after a full name ("Llama 2 7B") a number is something else
        return tok not in self.lex.known and self._versionish(tokens, k)

    def _unknown(self, tokens: list[str], spans: list[Span]) -> list[Span]:
        free = self._free(tokens, spans)
        out: list[Span] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not free[i] or tok in self.lex.known:
                i += 1
                continue
            kind: Kind | None = None
            end = i + 1
            if tok in self.index.family_words:
                kind = self.index.family_words[tok]
                while (
                    end < len(tokens)
                    and free[end]
                    and end - i <= 3
                    and self._versionish(tokens, end)
                ):
                    end += 1
                if end == i + 1 and tok not in self.index.lone_families:
                    kind = None
            elif m := _NAME_SHAPE.match(tok):
                kinds = self.index.prefixes.get(m.group(1), set())
                if len(kinds) == 1:
                    kind = next(iter(kinds))
                elif not kinds and len(m.group(1)) <= 2 and len(_digits(tok)) >= 2:
                    kind = "hardware"  # "p100", "k80": letters and a model number
            if kind is None:
                i += 1
                continue
            text = " ".join(tokens[i:end])
            mention = UnknownMention(
                kind=kind, text=text, suggestions=self.index.suggest(text, kind)
            )
            out.append(Span(i, end, None, mention))
            i = end
        return out

    def _versionish(self, tokens: list[str], k: int) -> bool:
        """Whether tokens[k] continues a product name: "9090", "7", "v2", "70b", "xl"."""
        tok = tokens[k]
        if not any(c.isdigit() for c in tok):
            return False
        if _PLAIN_NUMBER.match(tok) and self._quantity_follows(tokens, k + 1):
            return False
        if _SIZE.match(tok) and self._quantity_follows(tokens, k + 1):
            return False  # "… 1b tokens"
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        return not (_PLAIN_NUMBER.match(tok) and nxt and self.index.exact([nxt]))

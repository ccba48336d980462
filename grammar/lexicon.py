"""The keyword lexicon (`data/lexicon.toml`): word sequences → (terminal, value).

Spellings are folded with the same `clean`/`tokenize` as questions, so a table entry and a
question's word meet in one form. Lookup is longest phrase first. A misspelled keyword
("trian", "mnths", "utilzation") is matched with rapidfuzz (optimal string alignment distance,
so a swap of two letters costs one) only when the word is at least four letters, is not itself a
known word, starts with the same letter, and is within one edit (two for words of seven letters
or more) of a keyword; when two different keywords are equally close, it is left alone. A word
of under six letters is corrected only for a letter too many, too few, two swapped ("trian") or
a vowel changed ("yeer"), never for a consonant changed: short romanized Hindi words differ in
just a letter ("lagao", estimate, is not "lagat", cost). The second word of a two-word phrase
is corrected the same way ("how lnog" → "how long").

Two kinds of entry are not terminals: FILLER phrases carry nothing ("chinchilla optimal") and
are read before device and model names, and INSTEAD phrases ("instead of", "ki jagah") mark the
stated value next to them as replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from grammar.normalize import clean, data_file, number_words, tokenize
from grammar.tables import cached_table

FUZZY_MIN_LENGTH = 4  # shorter words have too many one-edit neighbours ("ran" → "run")
FUZZY_LONG_WORD = 7  # from this length two edits are allowed
FUZZY_SUBSTITUTION_LENGTH = 6  # from this length one changed letter is a typo, not another word
VOWELS = frozenset("aeiou")
FILLER, INSTEAD = "FILLER", "INSTEAD"  # entries that are not terminals (see module docstring)


@dataclass(frozen=True)
class Entry:
    terminal: str
    value: str


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[tuple[str, ...], Entry]
    longest: int  # the most words in one spelling
    fillers: frozenset[str]
    known: frozenset[str]  # every word the lexicon, the fillers or the number tables know
    fuzzy_targets: dict[str, list[str]]  # first letter → single-word spellings to fuzz against
    second_words: dict[str, list[str]]  # "how" → ["long", "many", ...]: two-word phrases
    hinglish_strong: frozenset[str]
    hinglish_weak: frozenset[str]
    english: frozenset[str]  # English function words (language detection)
    vague: frozenset[str]  # "a few weeks": no duration
    relative: frozenset[str]  # "next month": a deadline, no duration
    deadline_before: frozenset[str]  # "by", "till"
    deadline_after: frozenset[str]  # "tak", "तक"
    months: frozenset[str]  # "december", "दिसंबर": a deadline beside a deadline word
    negation: frozenset[tuple[str, ...]]  # "can't", "नहीं": a clause that sets its device aside
    follow_first: frozenset[str]
    same_size_suffixes: frozenset[str]
    unit_seconds: dict[str, float]
    bits: dict[int, str]  # 4 → "int4": what "N-bit" means as a precision

    def match(self, tokens: list[str], i: int) -> tuple[Entry, int] | None:
        """The longest lexicon phrase starting at tokens[i], with the index after it."""
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            entry = self.phrases.get(tuple(tokens[i : i + n]))
            if entry is not None:
                return entry, i + n
        return None

    def fuzzy_pair(self, first: str, second: str) -> Entry | None:
        """A two-word phrase whose second word is misspelled: "how lnog" → "how long"."""
        choices = self.second_words.get(first)
        if not choices or len(second) < 3 or second in self.known or not second.isalpha():
            return None
        from rapidfuzz import process  # ~8 ms to import: only once a word is unknown
        from rapidfuzz.distance import OSA

        found = process.extractOne(second, choices, scorer=OSA.distance, score_cutoff=1)
        if found and not _typo(second, found[0]):
            return None
        return self.phrases[(first, found[0])] if found else None

    def fuzzy(self, word: str) -> Entry | None:
        """A keyword within one or two edits of a misspelled word (see module docstring)."""
        if len(word) < FUZZY_MIN_LENGTH or word in self.known or not word.isalpha():
            return None
        choices = self.fuzzy_targets.get(word[0])
        if not choices:
            return None
        from rapidfuzz import process  # ~8 ms to import: only once a word is unknown
        from rapidfuzz.distance import OSA

        limit = 2 if len(word) >= FUZZY_LONG_WORD else 1
        best = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=2)
        best = [b for b in best if _typo(word, b[0])]
        if not best:
            return None
        if len(best) == 2 and best[1][1] == best[0][1]:
            a, b = (self.phrases[(best[k][0],)] for k in (0, 1))
            if a != b:  # two different keywords equally close: do not guess
                return None
        return self.phrases[(best[0][0],)]


def _typo(word: str, target: str) -> bool:
    """Whether a word within the edit limit of a keyword may be a typo of it: in a short word a
    changed consonant makes another word more likely than a typo ("lagao"/"lagat"), a changed
    vowel does not ("yeer"/"year"); see the module docstring."""
    if len(word) >= FUZZY_SUBSTITUTION_LENGTH or len(word) != len(target):
        return True
    changed = [(a, b) for a, b in zip(word, target, strict=True) if a != b]
    return sorted(word) == sorted(target) or all(a in VOWELS and b in VOWELS for a, b in changed)


def _fold(spelling: str) -> tuple[str, ...]:
    return tuple(tokenize(clean(spelling)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, from the cache (grammar/tables.py) or built."""
    return cached_table("lexicon", build_lexicon)


def build_lexicon() -> Lexicon:
    raw = data_file("lexicon.toml")
    phrases: dict[tuple[str, ...], Entry] = {}
    for terminal, table in raw["terminals"].items():
        for value, spellings in table.items():
            for spelling in spellings:
                key = _fold(spelling)
                if key:
                    phrases.setdefault(key, Entry(terminal, value))
    for spelling in raw["fillers"]["phrases"]:
        phrases.setdefault(_fold(spelling), Entry(FILLER, "filler"))
    for value, spellings in raw["instead"].items():
        for spelling in spellings:
            phrases.setdefault(_fold(spelling), Entry(INSTEAD, value))
    fillers = frozenset(w for s in raw["fillers"]["words"] for w in _fold(s))
    markers = {
        name: frozenset(w for s in words for w in _fold(s))
        for name, words in raw["markers"].items()
    }
    numbers = number_words()
    known = (
        {w for key, entry in phrases.items() if entry.terminal != FILLER for w in key}
        | fillers
        | set(numbers.units)
        | set(numbers.scales)
        | set(numbers.fractions)
        | set(numbers.ambiguous)
        | markers["hinglish_strong"]
        | markers["hinglish_weak"]
    )
    targets: dict[str, list[str]] = {}
    # Only content keywords are worth correcting; a misspelled filler changes nothing.
    for key, entry in phrases.items():
        word = key[0]
        if len(key) == 1 and len(word) >= FUZZY_MIN_LENGTH and entry.terminal not in ("LANG",):
            targets.setdefault(word[0], []).append(word)
    second_words: dict[str, list[str]] = {}
    for key in phrases:
        if len(key) == 2 and len(key[1]) >= 3:
            second_words.setdefault(key[0], []).append(key[1])
    return Lexicon(
        phrases=phrases,
        second_words=second_words,
        longest=max(len(k) for k in phrases),
        fillers=fillers,
        known=frozenset(known),
        fuzzy_targets=targets,
        hinglish_strong=markers["hinglish_strong"],
        hinglish_weak=markers["hinglish_weak"],
        english=markers["english"],
        vague=markers["vague"],
        relative=markers["relative"],
        deadline_before=markers["deadline_before"],
        deadline_after=markers["deadline_after"],
        months=markers["months"],
        negation=frozenset(_fold(s) for s in raw["markers"]["negation"]),
        follow_first=markers["follow_first"],
        same_size_suffixes=markers["same_size_suffixes"],
        unit_seconds={k: float(v) for k, v in raw["unit_seconds"].items()},
        bits={int(k): v for k, v in raw["bits"].items()},
    )

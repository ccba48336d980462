"""Normalization: the text of a question → a list of plain word tokens, before any parsing.

Three steps, each usable (and tested) on its own:

- `clean(text)`: Unicode NFKC, invisible and control characters and emoji dropped, case folded,
  Devanagari digits and spelled-out Latin names turned into Latin (`knowledge.names.latinize`:
  जीपीटी-३.५ → gpt-3.5), nukta dropped and चन्द्रबिन्दु read as अनुस्वार (हफ़्ते = हफ्ते,
  पाँच = पांच), digit grouping removed (1,024 → 1024, 2 048 → 2048), a Hugging Face owner
  dropped (meta-llama/Llama-2-7b-hf → Llama-2-7b-hf), shorthand spelled out (t/s → tokens per
  second, fp-16 → fp16, ×/* → x).
- `tokenize(text)`: words, numbers (with their dots: 3.5, 1.4t, gpt3.5), Devanagari runs and the
  symbols that mean something (% $ ₹ € £ ¢ @).
- `read_numbers(tokens)`: number words to digits (eight → 8, twenty four → 24, चार → 4,
  पांच सौ बारह → 512, do hazaar adtalis → 2048, सौ → 100, डेढ़ → 1.5, साढ़े तीन → 3.5,
  half a → 0.5, two dozen → 24, teen → 3), magnitudes joined to the number in the suffix form
  the lexer reads (70 billion → 70b, 7 अरब → 7b, 1.4 ट्रिलियन → 1.4t, 5 करोड़ → 50m).

`normalize(text)` runs all three and joins the tokens with spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from grammar.tables import cached_table
from knowledge.names import latinize

DATA_DIR = Path(__file__).parent / "data"

NUKTA = "\u093c"
CHANDRABINDU, ANUSVARA = "\u0901", "\u0902"
# Characters kept outside letters, digits and marks: they carry meaning in a question.
KEPT_SYMBOLS = frozenset("%$₹€£@×*+/.,-'’_=~")
_TOKEN = re.compile(
    r"[a-z0-9]+(?:\.[0-9]+[a-z0-9]*)*"  # words and numbers, keeping 3.5 / gpt3.5 / 1.4t whole
    r"|[\u0900-\u0963\u0971-\u097f]+"  # a Devanagari run (dandas and digits excluded)
    r"|[%$₹€£¢@]"
    r"|[^\W\d_]+"  # letters of any other script
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# Discord markup and links carry numbers that are not quantities: <@123>, <:emoji:456>
_MARKUP = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|https?://\S+", re.IGNORECASE)


def _fraction(m: re.Match[str]) -> str:
    return f" {format_number(int(m.group(1)) / int(m.group(2)))} "


_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"[’‘`´]"), "'"),
    (re.compile(r"(?<=[a-z])'s\b"), ""),  # what's → what, openai's → openai
    (re.compile(r"'"), ""),
    # a Hugging Face repo id names the model after its owner: meta-llama/Llama-2-7b-hf
    (re.compile(r"(?<![\w./-])[a-z][a-z_.-]*/(?=[a-z][a-z0-9_.]*-[a-z0-9_.-]*\d)"), " "),
    (re.compile(r"(?<=\d),(?=\d\d,\d)"), ""),  # Indian grouping: 1,00,000
    (re.compile(r"(?<=\d),(?=\d{3}(?!\d))"), ""),  # 1,024 and 1,000,000
    # "2 048": a space between digit groups, when the group cannot be a number of its own
    (re.compile(r"(?<![\d.])(\d{1,3}(?:\d{3})*) (?=0\d\d(?![\d.]))"), r"\1"),
    (re.compile(r"\b(?:tok(?:en)?s?|t)\s*/\s*(?:s|sec|second)\b"), " tokens per second "),
    (re.compile(r"\b(fp|bf|tf|int)[\s_-]+(\d{1,2})\b"), r"\1\2"),
    (re.compile(r"\b(\d{1,2})\s*/\s*([1-9]\d?)\b"), _fraction),  # "1/2 year"
    (re.compile(r"/"), " per "),
    (re.compile(r"[×*]"), " x "),
    (re.compile(r"_"), " "),
)


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LNMZ" or ch in KEPT_SYMBOLS or cat in ("Pd", "Po", "Ps", "Pe", "Sc")


def clean(text: str) -> str:
    """Fold a question's spelling without changing its words (see module docstring)."""
    text = _MARKUP.sub(" ", unicodedata.normalize("NFKC", text))
    if not text.isascii():
        text = "".join(ch if _keep(ch) else " " for ch in text)
        text = text.replace(NUKTA, "").replace(CHANDRABINDU, ANUSVARA)
    text = latinize(text.casefold())
    for pattern, repl in _REWRITES:
        text = pattern.sub(repl, text)
    return text


def tokenize(text: str) -> list[str]:
    """Split cleaned text into tokens; punctuation other than the kept symbols separates."""
    return _TOKEN.findall(text)


# --- number words ------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, float]
    ambiguous: dict[str, float]
    scales: dict[str, float]
    letter_scales: dict[str, float]
    fractions: dict[str, float]
    offsets: dict[str, float]
    offset_alone: dict[str, float]
    countable: frozenset[str]  # words a number can count: units, GPUs, %, tokens...
    compound: frozenset[str]  # English number words that join a word-number before them
    time_units: frozenset[str]
    ambiguous_not_after: frozenset[str]  # "ke saath" is "with", never sixty
    ambiguous_after: frozenset[str]  # "इनमें से दो": two of these, with nothing after it
    bare_scales: frozenset[str]  # "सौ दिन" = 100 days: a scale standing for one of itself


def _fold(word: str) -> str:
    return " ".join(tokenize(clean(word)))


@cache
def data_file(name: str) -> dict:
    """One of `data/*.toml`, read once per process (treat the result as read-only)."""
    import tomllib  # the tables built from these files are cached (grammar/tables.py)

    with open(DATA_DIR / name, "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    """The number-word tables, from the cache (grammar/tables.py) or built."""
    return cached_table("number-words", build_number_words)


def build_number_words() -> NumberWords:
    raw = data_file("numbers.toml")
    terminals = data_file("lexicon.toml")["terminals"]

    def table(name: str) -> dict[str, float]:
        return {_fold(k): float(v) for k, v in raw[name].items()}

    def words(name: str) -> frozenset[str]:
        return frozenset(_fold(w) for w in raw[name]["words"])

    def spellings(*names: str) -> set[str]:
        return {_fold(s) for n in names for group in terminals[n].values() for s in group}

    time_units = spellings("UNIT")
    countable = time_units | spellings("GPU", "PCT", "TOKENS", "PARAMS", "BIT", "MODELWORD", "THEM")
    countable |= set(table("scales")) | {"rtx", "gtx", "nvidia", "geforce", "radeon", "tpu", "tpus"}
    return NumberWords(
        units=table("units"),
        ambiguous=table("ambiguous"),
        scales=table("scales"),
        letter_scales=table("letter_scales"),
        fractions=table("fractions"),
        offsets=table("offsets"),
        offset_alone=table("offset_alone"),
        countable=frozenset(countable),
        compound=frozenset(_fold(w) for w in raw["compound"]["words"]),
        time_units=frozenset(time_units),
        ambiguous_not_after=words("ambiguous_not_after"),
        ambiguous_after=words("ambiguous_after"),
        bare_scales=words("bare_scales"),
    )


def format_number(value: float, big: bool = False) -> str:
    """Digits for a value; with `big`, millions and up keep a magnitude suffix (7e9 → 7b)."""
    if big:
        for suffix, scale in (("t", 1e12), ("b", 1e9), ("m", 1e6)):
            if value >= scale:
                return format_number(value / scale) + suffix
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".12g")


class _Reader:
    """Reads number phrases out of a token list, left to right."""

    def __init__(
        self, tokens: list[str], hinglish: bool, names: Callable[[str], bool] | None = None
    ) -> None:
        self.t = tokens
        self.w = number_words()
        self.hinglish = hinglish
        self.names = names or (lambda _: False)

    def at(self, i: int) -> str:
        return self.t[i] if 0 <= i < len(self.t) else ""

    def countable(self, i: int) -> bool:
        """Whether token i can be counted (so a number word before it is a number)."""
        tok = self.at(i)
        return bool(tok) and (
            any(c.isdigit() for c in tok)
            or tok in self.w.countable
            or tok in self.w.units
            or tok in self.w.fractions
        )

    def number_word(self, i: int) -> bool:
        """Whether token i is a number by itself (digits or a number word)."""
        tok = self.at(i)
        return bool(_NUMBER.match(tok)) or tok in self.w.units or tok in self.w.ambiguous

    def simple(self, i: int) -> float | None:
        """The value of a one-token number at i (digits, a number word, a fraction word)."""
        tok = self.at(i)
        if _NUMBER.match(tok):
            return float(tok)
        if tok in self.w.units:
            return self.w.units[tok]
        if tok in self.w.fractions and tok != "half":
            return self.w.fractions[tok]
        if tok in self.w.ambiguous and self._ambiguous_is_number(i):
            return self.w.ambiguous[tok]
        return None

    def _ambiguous_is_number(self, i: int) -> bool:
        """दो/do/saath: a number only in Hindi text, before something it can count.

        A number never counts a count: in "do 8 H100s" the 8 counts. But a device named by
        its number is counted: "दो 4090", "do 4090 teen mahine".
        """
        tok = self.at(i)
        if not (self.hinglish or not tok.isascii()) or self.at(i - 1) in self.w.ambiguous_not_after:
            return False
        if {self.at(i - 1), self.at(i - 2)} & self.w.ambiguous_after:
            return True  # "inme se do": two of these
        if not self.countable(i + 1):
            return False
        if self.names(self.at(i + 1)):
            return True
        counts = self.number_word(i + 1)
        counted = self.countable(i + 2) and not self.number_word(i + 2)
        return not (counts and counted)

    def read(self, i: int) -> tuple[float, int, bool] | None:
        """A number phrase starting at i: (value, index after it, has a big magnitude)."""
        tok, start = self.at(i), i
        offset = 0.0
        if tok in self.w.offsets:
            if self.simple(i + 1) is not None:
                offset, i = self.w.offsets[tok], i + 1
            elif tok in self.w.offset_alone and self.countable(i + 1):
                return self.w.offset_alone[tok], i + 1, False
            else:
                return None
        if self.at(i) == "half":
            j = i + 1 + (self.at(i + 1) in ("a", "an"))
            if self.at(j) in self.w.time_units:
                return 0.5, j, False
            if self.at(j) not in self.w.scales:
                return None
            value, i = 0.5, j  # "half a dozen", "half a million"
        elif self.at(i) in ("a", "an") and (
            self.at(i + 1) in self.w.scales or self.at(i + 1) in ("couple", "pair")
        ):
            value, i = 1.0, i + 1
            if self.at(i) in self.w.units:
                value, i = self.w.units[self.at(i)], i + 1
        elif self.at(i) in self.w.bare_scales and (
            self.countable(i + 1) or self.number_word(i + 1)
        ):
            value = 1.0  # "सौ दिन", "sau H100": the scale's own size
        else:
            first = self.simple(i)
            if first is None:
                return None
            value, i = first + offset, i + 1
        # only a number written as words continues with words: "twenty four", not "3090 ek"
        value, i, big = self._more(
            value, i, words=self.at(i - 1) in self.w.compound or i - start > 1
        )
        if i == start:
            return None
        return value, i, big

    def _more(self, value: float, i: int, words: bool) -> tuple[float, int, bool]:
        """Extend a number: twenty four, two hundred and five, 70 billion, डेढ़ सौ, पांच सौ बारह."""
        total, big = 0.0, False
        last_scale = 0.0  # the scale just read: a Hindi number word after it adds to it
        while True:
            tok = self.at(i)
            if tok in self.w.scales:
                scale = self.w.scales[tok]
                if scale >= 1000:
                    total, value = total + value * scale, 0.0
                else:
                    value *= scale
                big |= scale >= 1e6
                last_scale = scale
                i += 1
            elif tok in self.w.letter_scales and total == 0:
                total, value = total + value * self.w.letter_scales[tok], 0.0
                big |= self.w.letter_scales[tok] >= 1e6
                i += 1
                break
            elif tok == "and" and self.at(i + 1) in self.w.units and (total or value >= 100):
                i += 1
            elif words and tok in self.w.compound and _adds(value, total, self.w.units[tok]):
                value += self.w.units[tok]
                i += 1
            elif last_scale and self._adds_after_scale(i, value, last_scale):
                value += self.simple(i) or 0.0
                last_scale = 0.0
                i += 1
            else:
                break
        return total + value, i, big

    def _adds_after_scale(self, i: int, value: float, scale: float) -> bool:
        """ "पांच सौ बारह", "do hazaar adtalis", "ek sau atthais": a number word (not digits,
        not an English word, which `compound` reads) below the scale just read adds to it."""
        tok = self.at(i)
        if _NUMBER.match(tok) or tok in self.w.compound or tok in self.w.fractions:
            return False
        unit = self.simple(i)
        whole = unit is not None and unit == int(unit)
        return whole and unit < min(scale, 100) and value % 100 == 0  # type: ignore[operator]


def _adds(value: float, total: float, unit: float) -> bool:
    """Whether an English number word continues a number: twenty FOUR, hundred (and) TEN."""
    if value == 0:
        return total > 0  # two thousand FORTY
    if unit < 10 and value >= 20 and value % 10 == 0 and value % 100 != 0:
        return True
    return unit < 100 and value >= 100 and value % 100 == 0


def read_numbers(
    tokens: list[str], hinglish: bool = False, names: Callable[[str], bool] | None = None
) -> list[str]:
    """Replace number words and magnitudes with digits (see module docstring).

    `hinglish`: the question is romanized Hindi, so "do" before a countable word is 2.
    `names`: whether a token is a device named by its number ("4090"), which "दो" can count.
    """
    reader = _Reader(tokens, hinglish, names)
    units = reader.w.time_units
    out: list[str] = []
    i = 0
    while i < len(tokens):
        # "a year and a half", "one and a half years", "2 months and a half"
        if tokens[i] in ("a", "an") and reader.at(i + 1) in units and _and_a_half(tokens, i + 2):
            out += ["1.5", tokens[i + 1]]
            i += 5
            continue
        found = reader.read(i)
        if found is None:
            out.append(tokens[i])
            i += 1
            continue
        value, i, big = found
        if _and_a_half(tokens, i):
            value, i = value + 0.5, i + 3
        elif reader.at(i) in units and _and_a_half(tokens, i + 1):
            out += [format_number(value + 0.5), tokens[i]]
            i += 4
            continue
        out.append(format_number(value, big))
    return out


def _and_a_half(tokens: list[str], i: int) -> bool:
    return tokens[i : i + 3] == ["and", "a", "half"]


def normalize(text: str, hinglish: bool = False) -> str:
    """clean → tokenize → read_numbers, joined with spaces (for tests and debugging)."""
    return " ".join(read_numbers(tokenize(clean(text)), hinglish))

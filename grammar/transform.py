"""The parse tree → facts: one small value per phrase the question contains.

`ToFacts` runs inside the LALR parser (each rule's method is called as the rule is reduced),
so the parser's result is already the list of facts. A fact says what a phrase stated
("8 × H100", "18 months", "40% utilization"); deciding what the question asks is
`grammar.decide`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grammar.entities import EntityRef
from grammar.lexer import Tagged
from grammar.lexicon import lexicon


@dataclass(frozen=True)
class Count:
    n: int | None
    article: bool = False  # "a"/"an": one, unless a number elsewhere says how many


@dataclass(frozen=True)
class Device:
    ref: EntityRef | None  # None: a generic device word ("8 GPUs", "my GPU")
    count: int | None = None  # None: no count was written
    mine: bool = False  # "my GPU": the asker's device, which we cannot know
    article: bool = False  # the count is an article ("a TPU v4 pod of 256 chips")


@dataclass(frozen=True)
class Them:
    """ "them"/"those" ("8 of them"): the devices of the previous question."""

    count: int | None = None


@dataclass(frozen=True)
class LoneCount:
    count: int | None


@dataclass(frozen=True)
class ModelFact:
    ref: EntityRef | None  # None: a model named by its size ("a 7B model")
    params: float | None = None


@dataclass(frozen=True)
class Tokens:
    count: float
    per_param: bool = False  # "20 tokens per parameter": the count is a ratio to the model's size


@dataclass(frozen=True)
class Duration:
    seconds: float


@dataclass(frozen=True)
class Utilization:
    value: float | None  # 0..1; None when the figure cannot be a utilization (150%)
    text: str = field(default="", compare=False)  # as written, to say what was rejected


@dataclass(frozen=True)
class PrecisionFact:
    code: str | None  # None: "3-bit" and the like, which no device runs
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Price:
    per: str  # "kwh" or "device_hour"
    value: float
    currency: str | None = None


@dataclass(frozen=True)
class Batch:
    size: int


@dataclass(frozen=True)
class Context:
    length: int


@dataclass(frozen=True)
class Ask:
    """A "how many"/"how much" and what it asks about: time, tokens, params, devices, amount."""

    what: str


@dataclass(frozen=True)
class Cue:
    name: str  # the terminal: TRAIN, FIT, VS, ...
    value: str


Fact = (
    Device
    | Them
    | LoneCount
    | ModelFact
    | Tokens
    | Duration
    | Utilization
    | PrecisionFact
    | Price
    | Batch
    | Context
    | Ask
    | Cue
)


def _count(value: float) -> int | None:
    """A device count: a positive whole number ("1.5 GPUs" is not one)."""
    return int(value) if value >= 1 and value == int(value) and value < 1e7 else None


def _utilization(value: float) -> float | None:
    return value if 0 < value <= 1 else None


def _said(*tokens: Tagged) -> str:
    """The words of a phrase, for saying which one was not used ("150 %" → "150%")."""
    return " ".join(str(t) for t in tokens).replace(" %", "%")


def _context_length(num: Tagged) -> int | None:
    """A context length: "32k" is 32,768 and "128k" 131,072, for context sizes are powers of
    two (Llama 3.1's "128K" is 131,072 tokens); "100k" stays 100,000."""
    thousands = num.payload / 1000
    if str(num).endswith("k") and thousands == int(thousands) and int(thousands).bit_count() == 1:
        return int(thousands) * 1024
    return _count(num.payload)


class ToFacts:
    """One method per alternative of question.lark; each returns a fact.

    The parser (grammar/lalr.py) calls a rule's method with the rule's children as arguments,
    as Lark does for a `Transformer` under `v_args(inline=True)`.
    """

    def start(self, items: list[Fact], lone: LoneCount | None = None) -> list[Fact]:
        return items if lone is None else [*items, lone]

    def items(self, earlier: list[Fact] | None = None, fact: Fact | None = None) -> list[Fact]:
        if earlier is None:
            return []
        return earlier if fact is None else [*earlier, fact]  # a new list: see question.lark

    # --- devices
    def count_number(self, num: Tagged, _x: Tagged | None = None) -> Count:
        return Count(_count(num.payload))

    def count_one(self, _art: Tagged) -> Count:
        return Count(1, article=True)

    def device(self, hw: Tagged) -> Device:
        return Device(hw.payload)

    def counted_device(self, count: Count, hw: Tagged) -> Device:
        return Device(hw.payload, count.n, article=count.article)

    def device_times(self, hw: Tagged, _x: Tagged, num: Tagged) -> Device:
        return Device(hw.payload, _count(num.payload))

    def gpus(self, _gpu: Tagged) -> Device:
        return Device(None)

    def counted_gpus(self, count: Count, _gpu: Tagged) -> Device:
        return Device(None, None if count.article else count.n)

    def my_gpu(self, _my: Tagged, _gpu: Tagged) -> Device:
        return Device(None, mine=True)

    def counted_them(self, num: Tagged, _them: Tagged) -> Them:
        return Them(_count(num.payload))

    def them(self, _them: Tagged) -> Them:
        return Them()

    def lone_count(self, num: Tagged) -> LoneCount:
        return LoneCount(_count(num.payload))

    # --- models
    def named_model(self, model: Tagged) -> ModelFact:
        return ModelFact(model.payload)

    def sized_model(self, *parts: Tagged) -> ModelFact:
        size = next(p for p in parts if p.type in ("SIZE", "NUM"))
        return ModelFact(None, size.payload)

    def tokens(self, size: Tagged, _tokens: Tagged) -> Tokens:
        return Tokens(size.payload)

    def tokens_per_param(self, num: Tagged, _tokens: Tagged, _per: Tagged, _p: Tagged) -> Tokens:
        return Tokens(num.payload, per_param=True)

    # --- quantities
    def duration(self, num: Tagged, unit: Tagged) -> Duration:
        return Duration(num.payload * lexicon().unit_seconds[unit.payload])

    def one_unit(self, _art: Tagged, unit: Tagged) -> Duration:
        return Duration(lexicon().unit_seconds[unit.payload])

    def percent(self, num: Tagged, pct: Tagged) -> Utilization:
        return Utilization(_utilization(num.payload / 100), _said(num, pct))

    def fraction_or_percent(self, num: Tagged, util: Tagged) -> Utilization:
        # "0.4 MFU" is a fraction, "40 MFU" a percentage
        value = num.payload if num.payload <= 1 else num.payload / 100
        return Utilization(_utilization(value), _said(num, util))

    def fraction_or_percent_after(self, util: Tagged, num: Tagged) -> Utilization:
        return self.fraction_or_percent(num, util)

    def percent_after(self, _util: Tagged, num: Tagged, pct: Tagged) -> Utilization:
        return self.percent(num, pct)

    def precision(self, prec: Tagged) -> PrecisionFact:
        return PrecisionFact(prec.payload, str(prec))

    def bits(self, num: Tagged, bit: Tagged) -> PrecisionFact:
        code = lexicon().bits.get(int(num.payload)) if num.payload == int(num.payload) else None
        return PrecisionFact(code, _said(num, bit))

    def money(self, cur: Tagged, num: Tagged) -> tuple[float, str]:
        currency, _, cent = cur.payload.partition("_")
        return (num.payload / 100 if cent else num.payload), currency  # "15 cents" = 0.15 USD

    def money_after(self, num: Tagged, cur: Tagged) -> tuple[float, str]:
        return self.money(cur, num)

    def price_kwh(self, money: tuple[float, str], *rest: Tagged) -> Price:
        return Price("kwh", money[0], money[1])

    def price_kwh_bare(self, num: Tagged, *rest: Tagged) -> Price:
        return Price("kwh", num.payload)

    def price_device_time(self, money: tuple[float, str], *rest: Tagged) -> Price:
        unit = rest[-1].payload
        per_hour = money[0] * lexicon().unit_seconds["hour"] / lexicon().unit_seconds[unit]
        return Price("device_hour", per_hour, money[1])

    def batch(self, _batch: Tagged, num: Tagged) -> Batch | None:
        size = _count(num.payload)
        return Batch(size) if size else None

    def context(self, _ctx: Tagged, num: Tagged) -> Context | None:
        length = _context_length(num)
        return Context(length) if length else None

    def context_before(self, num: Tagged, ctx: Tagged) -> Context | None:
        return self.context(ctx, num)

    # --- what is asked
    def ask_time(self, _qty: Tagged, _unit: Tagged) -> Ask:
        return Ask("time")

    def ask_tokens(self, _qty: Tagged, _tokens: Tagged) -> Ask:
        return Ask("tokens")

    def ask_params(self, _qty: Tagged, _params: Tagged) -> Ask:
        return Ask("params")

    def ask_count(self, qty: Tagged) -> Ask:
        # "how many A100s" / "A100 kitne" count devices; "how much memory", "how many TFLOPS"
        # ask for an amount of something
        return Ask("devices" if qty.payload.counts_devices else "amount")

    def cue(self, word: Tagged) -> Cue:
        return Cue(word.type, str(word.payload))

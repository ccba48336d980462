"""What every reply shares: the rows a query names, citation numbering, names, assembly.

`Ctx` carries one reply's language, catalog, question, estimate and citations, so the
renderers per intent stay short: they pick locale keys and fill them with figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from bot import numbers
from bot.render import locale
from bot.render.assumptions import word_all
from bot.reply import Citation, Reply
from core.types import Assumption, Estimate, Hardware, HardwareRef, Model, Query
from grammar.parsed import Parsed
from knowledge import Catalog

# Discord's limit on an embed field's value.
FIELD_VALUE_LIMIT = 1024


class Cites:
    """Numbers sources in the order figures use them: the first cited key is [1]."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.order: list[str] = []

    def number(self, key: str) -> int | None:
        if key not in self.catalog.sources:
            return None
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1

    def mark(self, *keys: str | None) -> str:
        """The citation marks for the known keys among `keys`, e.g. " [1][3]" (or "")."""
        numbers_ = dict.fromkeys(n for k in keys if k for n in [self.number(k)] if n)
        return (" " + "".join(f"[{n}]" for n in numbers_)) if numbers_ else ""

    def ref(self, key: str | None) -> str:
        """A short reference for inline use: "Brown et al. (OpenAI), 2020"."""
        src = self.catalog.sources.get(key or "")
        if src is None:
            return "—"
        who = src.authors or src.title
        return f"{who}, {src.year}" if src.year else who

    def citations(self) -> list[Citation]:
        out = []
        for i, key in enumerate(self.order, start=1):
            src = self.catalog.sources[key]
            title = src.title
            if src.authors or src.year:
                who = ", ".join(str(x) for x in (src.authors, src.year) if x)
                title = f"{title} ({who})"
            out.append(Citation(number=i, key=key, title=title, url=src.url, where=src.where))
        return out


@dataclass
class Ctx:
    """One reply being built."""

    lang: str
    catalog: Catalog
    parsed: Parsed | None = None
    estimate: Estimate | None = None
    cites: Cites = field(init=False)

    def __post_init__(self) -> None:
        self.cites = Cites(self.catalog)

    def t(self, key: str, **values: object) -> str:
        return locale.t(self.lang, key, **values)

    def has(self, key: str) -> bool:
        return locale.has(self.lang, key)

    # --- what the question names --------------------------------------------------------

    @property
    def query(self) -> Query:
        return self.parsed.query if self.parsed else Query()

    @cached_property
    def hw(self) -> Hardware | None:
        ref = self.query.hardware
        return self.catalog.hardware.get(ref.id) if ref else None

    @cached_property
    def model(self) -> Model | None:
        ref = self.query.model
        return self.catalog.models.get(ref.id) if ref and ref.id else None

    @cached_property
    def figures_model(self) -> Model | None:
        """The row whose figures the arithmetic used: the proxy for an undisclosed model."""
        if self.model is None:
            return None
        return self.catalog.proxies.get(self.model.id, self.model)

    @property
    def count(self) -> int:
        """How many of the asked device the question is about."""
        return self.query.hardware.count if self.query.hardware else 1

    def assumption(self, code: str) -> Assumption | None:
        est = self.estimate
        return next((a for a in est.assumptions if a.code == code), None) if est else None

    # --- names ----------------------------------------------------------------------------

    def hardware_name(self, ref: HardwareRef | str | None = None) -> str:
        ref = ref if ref is not None else self.query.hardware
        if ref is None:
            return self.t("word.hardware")
        hid = ref if isinstance(ref, str) else ref.id
        row = self.catalog.hardware.get(hid)
        return row.name if row else (ref if isinstance(ref, str) else ref.name)

    def devices(self, ref: HardwareRef | None = None, count: int | None = None) -> str:
        """The devices asked about, e.g. "one GeForce RTX 4070 Ti" or "8 × A100 80GB SXM4"."""
        ref = ref or self.query.hardware
        n = count if count is not None else (ref.count if ref else 1)
        key = "phrase.device_one" if n == 1 else "phrase.device_many"
        return self.t(key, name=self.hardware_name(ref), count=numbers.count(n))

    def model_name(self) -> str:
        ref = self.query.model
        if self.model is not None:
            return self.model.name
        if ref is not None and ref.params:
            return self.t("phrase.model_by_size", params=numbers.short(ref.params))
        return ref.name if ref else self.t("word.model")

    def name_of(self, value: object) -> str:
        """A catalog id as its display name (hardware or model); anything else as is."""
        text = str(value)
        row = self.catalog.models.get(text) or self.catalog.hardware.get(text)
        return row.name if row else text

    def precision(self, p: str | None, long: bool = False) -> str:
        if not p:
            return "—"
        key = f"precision_long.{p}" if long else f"precision.{p}"
        return self.t(key) if self.has(key) else p.upper()

    def duration(self, seconds: float | None, oblique: bool = False) -> str:
        """A time span; `oblique` where the wording puts a postposition after it (Hindi)."""
        if seconds is None:
            return "—"
        return numbers.duration(seconds, self.lang, oblique)

    # --- assembly ---------------------------------------------------------------------------

    def reply(
        self,
        title: str,
        lines: Iterable[str | None],
        fields: Iterable[tuple[str, str]] = (),
        math: Iterable[str] = (),
    ) -> Reply:
        """The finished reply: assumptions worded and cited after the body, then any source
        the arithmetic used that no line has cited yet."""
        body = [*self._preamble(), *(line for line in lines if line)]
        assumptions = word_all(self)
        for key in self.estimate.sources if self.estimate else ():
            self.cites.number(key)
        return Reply(
            language=self.lang,
            title=_capitalized(title),
            lines=[_capitalized(line) for line in body],
            fields=[(label, value[:FIELD_VALUE_LIMIT]) for label, value in fields if value],
            assumptions=assumptions,
            math=[step for step in math if step],
            citations=self.cites.citations(),
            headings=locale.heading_map(self.lang),
        )

    def _preamble(self) -> list[str]:
        """Notes about the reading of the question itself (follow-up, cut-off input)."""
        out = []
        if self.parsed is not None and self.parsed.too_long:
            out.append(self.t("note.too_long"))
        if self.parsed is not None and self.parsed.follow_up:
            out.append(self.t("note.follow_up"))
        return out


def _capitalized(text: str) -> str:
    """A sentence that starts with a filled-in phrase ("one A100 …") starts with a capital."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text

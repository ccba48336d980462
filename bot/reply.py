"""A rendered reply in structured form, so every adapter can lay it out its own way.

The CLI prints `Reply.text()`; the Discord adapter builds an embed from the same parts
(title, lines, fields, assumptions, citations) and the "show the math" button shows `math`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    number: int
    key: str
    title: str
    url: str | None = None
    where: str | None = None


class Reply(BaseModel):
    language: str  # "en" | "hi" | "hi-Latn"
    title: str  # the verdict or the headline, one line
    lines: list[str] = Field(default_factory=list)  # the answer body, most important first
    fields: list[tuple[str, str]] = Field(default_factory=list)  # key figures: (label, value)
    assumptions: list[str] = Field(default_factory=list)
    math: list[str] = Field(default_factory=list)  # the full arithmetic, one step a line
    citations: list[Citation] = Field(default_factory=list)
    headings: dict[str, str] = Field(default_factory=dict)  # "assumptions"/"sources"/"math"

    def text(self, with_math: bool = False) -> str:
        """The plain-text reply: title, body, figures, assumptions, sources."""
        out = [self.title, *self.lines]
        if self.fields:
            out += [""] + [f"- {label}: {value}" for label, value in self.fields]
        if with_math and self.math:
            out += ["", self.headings.get("math", "Arithmetic") + ":"]
            out += [f"  {step}" for step in self.math]
        if self.assumptions:
            out += ["", self.headings.get("assumptions", "Assumptions") + ":"]
            out += [f"- {a}" for a in self.assumptions]
        if self.citations:
            out += ["", self.headings.get("sources", "Sources") + ":"]
            out += [
                f"[{c.number}] {c.title}" + (f" — {c.url}" if c.url else "") for c in self.citations
            ]
        return "\n".join(out).strip()

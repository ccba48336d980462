"""Errors a caller can act on. Each names the bad value."""

from __future__ import annotations


class CanitrainError(Exception):
    """Base class for every error canitrain raises on purpose."""


class UnknownName(CanitrainError, LookupError):
    """A hardware or model name that is not in the catalog."""

    kind = "name"

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = suggestions or []
        hint = f"; closest: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"unknown {self.kind} {name!r}{hint}")


class UnknownHardware(UnknownName):
    """A hardware name that is not in the catalog."""

    kind = "hardware"


class UnknownModel(UnknownName):
    """A model name that is not in the catalog."""

    kind = "model"


class MissingInput(CanitrainError, ValueError):
    """The query lacks a slot its intent needs (e.g. a model for can_train)."""

    def __init__(self, slots: list[str]) -> None:
        self.slots = slots
        super().__init__(f"missing: {', '.join(slots)}")

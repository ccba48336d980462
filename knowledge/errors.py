"""Errors in catalog data files."""

from __future__ import annotations

from core.errors import CanitrainError


class CatalogDataError(CanitrainError, ValueError):
    """A data file has a row that does not validate; the message names file and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

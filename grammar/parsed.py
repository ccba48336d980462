"""What the grammar makes of a question: the query plus what it could and could not read."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.types import Query

Language = Literal["en", "hi", "hi-Latn"]


class UnknownMention(BaseModel):
    """A name the asker used that is not in the catalog, with the closest catalog names."""

    kind: Literal["hardware", "model"]
    text: str
    suggestions: list[str] = Field(default_factory=list)


class Parsed(BaseModel):
    text: str  # the question as received
    language: Language  # the language and script the question was written in
    query: Query  # merged with the previous query when this is a follow-up
    understood: bool  # the intent and every slot it needs were read
    missing: list[str] = Field(default_factory=list)  # slots the intent needs but were not read
    unknown: list[UnknownMention] = Field(default_factory=list)
    reply_language: Language | None = None  # "reply in English" / "हिंदी में जवाब दो"
    follow_up: bool = False  # slots were taken from the previous query
    too_long: bool = False  # input over the length limit; only its start was read
    command: Literal["help", "sources", "language"] | None = None  # not a question
    unread: list[str] = Field(default_factory=list)  # words that were neither read nor fillers

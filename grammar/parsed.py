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


class Rejected(BaseModel):
    """Something the asker stated that was read but could not be used: a utilization over 100%
    ("150%"), a precision no device is rated for ("fp4"), a time too vague to compute with
    ("a few weeks"), or a second model or device where the question uses one ("llama 3 70b vs
    llama 2 70b training compute"). `slot` says what it was read as."""

    slot: Literal["utilization", "precision", "duration", "model", "hardware"]
    text: str  # as the asker wrote it, as near as it can be found


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
    rejected: list[Rejected] = Field(default_factory=list)  # read, but not used (see Rejected)

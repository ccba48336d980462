"""Per-conversation state: the previous query (for follow-ups) and a language override.

A conversation is a REPL session, a Discord channel or a DM. The store is bounded so a bot in
thousands of channels keeps only the most recent ones.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from core.types import Query

MAX_CONVERSATIONS = 10_000


@dataclass
class Conversation:
    previous: Query | None = None
    language: str | None = None  # "en" | "hi" | "hi-Latn", set by "reply in English" etc.


class Conversations:
    """An LRU map from a conversation key (channel id, DM id, "repl") to its state."""

    def __init__(self, limit: int = MAX_CONVERSATIONS) -> None:
        self.limit = limit
        self._items: OrderedDict[object, Conversation] = OrderedDict()

    def get(self, key: object) -> Conversation:
        conv = self._items.pop(key, None) or Conversation()
        self._items[key] = conv
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return conv

    def __len__(self) -> int:
        return len(self._items)

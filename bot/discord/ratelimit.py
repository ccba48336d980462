"""Per-user and per-channel rate limits: fixed windows that start with the first question.

A refused asker gets one polite reply per window (`Refusal.first`); further questions in
the same window are dropped silently, so a flood cannot make the bot flood the channel.
The clock is injectable so tests never sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.discord.settings import RateLimit

PURGE_EVERY = 1024  # windows created between sweeps of expired ones


@dataclass
class _Window:
    start: float
    used: int = 0
    warned: bool = False


@dataclass(frozen=True)
class Refusal:
    scope: str  # "user" | "channel"
    retry_after_s: float
    first: bool  # the first refusal in this window: worth a polite reply


class Limiter:
    """At most `limit.count` hits per key per `limit.seconds`."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._windows: dict[Hashable, _Window] = {}
        self._created = 0

    def _window(self, key: Hashable, now: float) -> _Window:
        window = self._windows.get(key)
        if window is None or now - window.start >= self.limit.seconds:
            window = self._windows[key] = _Window(now)
            self._created += 1
            if self._created % PURGE_EVERY == 0:
                self._purge(now)
        return window

    def _purge(self, now: float) -> None:
        expired = [k for k, w in self._windows.items() if now - w.start >= self.limit.seconds]
        for key in expired:
            del self._windows[key]

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` may be answered again; 0 when it may now."""
        now = self.clock()
        window = self._window(key, now)
        if window.used < self.limit.count:
            return 0.0
        return self.limit.seconds - (now - window.start)

    def consume(self, key: Hashable) -> None:
        self._window(key, self.clock()).used += 1

    def warn_once(self, key: Hashable) -> bool:
        """True the first time in a window; later calls in that window are False."""
        window = self._window(key, self.clock())
        first, window.warned = not window.warned, True
        return first

    def __len__(self) -> int:
        return len(self._windows)


class RateLimits:
    """The user and channel limits together; either may be off (None)."""

    def __init__(
        self,
        user: RateLimit | None,
        channel: RateLimit | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user = Limiter(user, clock) if user else None
        self.channel = Limiter(channel, clock) if channel else None

    def check(self, user_id: int, channel_id: int) -> Refusal | None:
        """Count one question, or say why it is refused (and count nothing)."""
        for scope, limiter, key in (
            ("user", self.user, user_id),
            ("channel", self.channel, channel_id),
        ):
            if limiter is not None and (wait := limiter.retry_after(key)) > 0:
                return Refusal(scope, wait, limiter.warn_once(key))
        for limiter, key in ((self.user, user_id), (self.channel, channel_id)):
            if limiter is not None:
                limiter.consume(key)
        return None

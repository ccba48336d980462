"""Rate limits: fixed windows per user and per channel, one polite refusal per window."""

from __future__ import annotations

from bot.discord.ratelimit import PURGE_EVERY, Limiter, RateLimits
from bot.discord.settings import RateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_user_gets_count_answers_per_window_then_one_refusal_notice():
    clock = Clock()
    limits = RateLimits(RateLimit(count=2, seconds=60), None, clock)
    assert limits.check(1, 100) is None
    clock.now += 10
    assert limits.check(1, 100) is None
    refusal = limits.check(1, 100)
    assert refusal is not None and refusal.scope == "user" and refusal.first
    assert refusal.retry_after_s == 50  # the window opened at t=1000 and lasts 60 s; now t=1010
    again = limits.check(1, 100)
    assert again is not None and not again.first  # no second notice in the same window
    assert limits.check(2, 100) is None  # another user is not affected
    clock.now += 50
    assert limits.check(1, 100) is None  # a new window


def test_the_channel_limit_counts_every_user_and_a_refusal_costs_nothing():
    clock = Clock()
    limits = RateLimits(RateLimit(count=1, seconds=60), RateLimit(count=2, seconds=60), clock)
    assert limits.check(1, 100) is None
    assert limits.check(1, 100).scope == "user"  # refused by the user limit...
    assert limits.check(2, 100) is None  # ...so the channel still had room for this one
    refusal = limits.check(3, 100)
    assert refusal is not None and refusal.scope == "channel"
    assert limits.check(3, 200) is None  # user 3 was not charged for the refused question


def test_expired_windows_are_swept_so_memory_stays_bounded():
    clock = Clock()
    limiter = Limiter(RateLimit(count=1, seconds=1), clock)
    for key in range(5000):
        limiter.consume(key)
        clock.now += 0.01  # 100 new keys a second, each window 1 s: ~100 are live at a time
    # Sweeps run every PURGE_EVERY (1024) new windows, so at most 1024 + ~100 are held.
    assert len(limiter) <= PURGE_EVERY + 100

"""A smaller version of benchmarks/discord_load.py: many askers at once, answered correctly.

200 questions from 40 users (5 each) over 10 channels, all sent at once, with a per-user limit
of 4 answers per hour: every question gets exactly one reply, replies keep each channel's
order, each user's first 4 questions are answered and the 5th gets the polite refusal.
Nothing here depends on wall-clock time (benchmarks/discord_load.py reports the latencies).
"""

from __future__ import annotations

from tests.discord_standin.harness import running_bot
from tests.discord_standin.load import drive, load_standin

ANSWERS_PER_USER = 4


async def test_many_concurrent_questions_are_each_answered_once_in_order_within_limits():
    async with (
        load_standin(channels=10) as standin,
        running_bot(
            standin=standin, rate_user=f"{ANSWERS_PER_USER}/3600", rate_channel="off"
        ) as run,
    ):
        result = await drive(run, questions=200, users=40)
    assert result.problems(ANSWERS_PER_USER) == []
    assert sum(1 for r in result.replies.values() if r[0].embeds) == 40 * ANSWERS_PER_USER
    assert len(result.latencies_s()) == 200

"""Many askers at once: drive the bot through the stand-in and check what came back.

Used by the load smoke test (tests/test_discord_load.py) and by benchmarks/discord_load.py.
Questions go to random channels from random users (a fixed seed; every user asks the same
number of questions), all sent at once. The checks: every question got exactly one reply;
within a channel, replies came in the order the gateway delivered the questions; no user got
more answers than the rate limit allows, and only questions beyond it got the refusal notice.
"""

from __future__ import annotations

import asyncio
import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from tests.discord_standin.server import Recorded, Sent, StandIn

# A mix of the three ways of writing, several intents, and follow-ups of each other.
QUESTIONS = (
    "can a 4070 Ti train GPT-3.5 in a year at 90%?",
    "how long would 8 H100 take to train Llama 2 7B?",
    "does Llama 2 70B fit on a 4090 for inference?",
    "क्या एक 4090 पर Llama 2 7B चल सकता है?",
    "kya 4 A100 par Llama 2 13B 30 din mein train ho sakta hai?",
    "how many tokens per second does Mistral 7B generate on an RTX 3090?",
    "Can 512 H100s train GPT-4 in 100 days at 35% MFU?",
    "and with 1000 of them?",
)
REPLY_ROUTE = "/channels/{channel_id}/messages"


@dataclass
class LoadRun:
    sent: list[Sent]
    user_of: dict[int, int]  # message id -> user id
    channel_of: dict[int, int]  # message id -> channel id
    delivered: list[int]  # message ids in the order the gateway delivered them
    burst_s: float  # from the first question sent to the last reply recorded
    replies: dict[int, list[Recorded]] = field(default_factory=dict)

    def latencies_s(self) -> list[float]:
        sent_at = {s.id: s.at for s in self.sent}
        return sorted(r[0].at - sent_at[mid] for mid, r in self.replies.items() if r)

    def problems(self, answers_per_user: int | None) -> list[str]:
        """Everything that broke the contract; empty when the run was right."""
        found = [f"{mid}: {len(r)} replies" for mid, r in self.replies.items() if len(r) != 1]
        position = {mid: i for i, mid in enumerate(self.delivered)}
        by_channel: dict[int, list[Recorded]] = defaultdict(list)
        for replies in self.replies.values():
            for reply in replies:
                by_channel[self.channel_of[reply.reply_to]].append(reply)
        for channel, replies in by_channel.items():
            order = [position[r.reply_to] for r in sorted(replies, key=lambda r: r.at)]
            if order != sorted(order):
                found.append(f"channel {channel}: replies out of order")
        if answers_per_user is not None:
            found += self._rate_problems(answers_per_user)
        return found

    def _rate_problems(self, limit: int) -> list[str]:
        asked: dict[int, list[int]] = defaultdict(list)
        for mid in self.delivered:
            asked[self.user_of[mid]].append(mid)
        found = []
        for user, mids in asked.items():
            for n, mid in enumerate(mids):
                replies = self.replies.get(mid) or []
                answered = bool(replies and replies[0].embeds)
                if answered != (n < limit):
                    found.append(f"user {user}: question {n + 1} answered={answered}")
        return found


def load_standin(channels: int) -> StandIn:
    """A stand-in whose guild has `channels` text channels."""
    return StandIn(channels=tuple(f"ch{i}" for i in range(channels)))


async def drive(run, questions: int, users: int, seed: int = 1, timeout_s: float = 300) -> LoadRun:  # noqa: ANN001
    """Send `questions` mentions at once over the guild's channels; wait for every reply."""
    standin: StandIn = run.standin
    rng = random.Random(seed)
    people = [run.user(f"user{i}") for i in range(users)]
    askers = [people[i % users] for i in range(questions)]
    rng.shuffle(askers)
    channels = standin.guild["channels"]
    plan = [
        (QUESTIONS[i % len(QUESTIONS)], askers[i], rng.choice(channels)) for i in range(questions)
    ]
    sent = await asyncio.gather(
        *(standin.send_message(q, author=a, channel=c, mention_bot=True) for q, a, c in plan)
    )
    ids = {s.id for s in sent}

    def is_reply(r: Recorded) -> bool:
        return r.route == REPLY_ROUTE and r.reply_to in ids

    replies = await run.wait_for(is_reply, timeout=timeout_s, count=questions)
    burst_s = max(r.at for r in replies) - min(s.at for s in sent)
    # One more question per channel: replies keep each channel's order, so once these are
    # answered any duplicate of an earlier reply would already have been recorded.
    closing = [
        await standin.send_message(
            QUESTIONS[0], author=run.user(f"closing{i}"), channel=channel, mention_bot=True
        )
        for i, channel in enumerate(channels)
    ]
    for sent_last in closing:
        await run.reply_to(sent_last)
    history = [p for s in standin.gateway.sessions.values() for p in s.history]
    delivered = [int(p["d"]["id"]) for p in history if p["t"] == "MESSAGE_CREATE"]
    result = LoadRun(
        sent=list(sent),
        user_of={s.id: int(s.payload["author"]["id"]) for s in sent},
        channel_of={s.id: int(s.payload["channel_id"]) for s in sent},
        delivered=[mid for mid in delivered if mid in ids],
        burst_s=burst_s,
        replies={s.id: [] for s in sent},
    )
    for reply in standin.find(is_reply):
        result.replies[reply.reply_to].append(reply)
    return result


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    index = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(latencies_s: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(latencies_s) * 1000,
        "p99_ms": percentile(latencies_s, 99) * 1000,
        "max_ms": latencies_s[-1] * 1000,
    }

"""The Discord bot under load: reply latency and memory for many askers at once.

The real discord.py bot logs in to the loopback Discord stand-in (tests/discord_standin) and is
sent N mentions at once from U users over C channels. It checks that every question got
exactly one reply, in order per channel, within the per-user rate limit, and prints the
median and 99th-percentile reply latency (question sent → reply received by the stand-in,
both in this process, so the stand-in's own work is included), throughput, and peak memory
(the process's maximum resident set size; with --trace-memory, also Python's allocations).
All questions arrive at once, so that latency is mostly time spent queued behind the others;
a second phase then sends questions one at a time, for the latency of a reply with no queue.

    python benchmarks/discord_load.py [--questions 1000] [--channels 50] [--users 200]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives in tests/, which is not an installed package


async def one_at_a_time(bot_run, count: int) -> list[float]:  # noqa: ANN001
    """Reply latency with no queue: each question sent after the previous reply arrived."""
    from tests.discord_standin.load import QUESTIONS

    standin = bot_run.standin
    latencies = []
    for i in range(count):
        asker = standin.add_user(f"patient{i}")  # fresh users: the rate limit stays out of it
        channel = standin.guild["channels"][i % len(standin.guild["channels"])]
        question = QUESTIONS[i % len(QUESTIONS)]
        sent = await standin.send_message(question, author=asker, channel=channel, mention_bot=True)
        reply = await bot_run.reply_to(sent)
        latencies.append(reply.at - sent.at)
    return sorted(latencies)


async def run(
    questions: int,
    channels: int,
    users: int,
    answers_per_user: int,
    trace_memory: bool,
    sequential: int,
) -> int:
    from tests.discord_standin.harness import running_bot
    from tests.discord_standin.load import drive, load_standin, summary

    if trace_memory:  # exact Python allocations, but it slows the run about threefold
        tracemalloc.start()
    async with (
        load_standin(channels) as standin,
        running_bot(
            standin=standin, rate_user=f"{answers_per_user}/3600", rate_channel="off"
        ) as bot_run,
    ):
        result = await drive(bot_run, questions, users)
        alone = await one_at_a_time(bot_run, sequential)
    _, peak_bytes = tracemalloc.get_traced_memory()
    if trace_memory:
        tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux reports kilobytes

    problems = result.problems(answers_per_user)
    answered = sum(1 for replies in result.replies.values() if replies and replies[0].embeds)
    stats = summary(result.latencies_s())
    print(f"questions {questions}, channels {channels}, users {users}")
    print(f"answered {answered}, refused by the rate limit {questions - answered}")
    print(f"all replied in {result.burst_s:.2f} s, {questions / result.burst_s:.0f} replies/s")
    print(
        f"reply latency: median {stats['median_ms']:.1f} ms, p99 {stats['p99_ms']:.1f} ms, "
        f"max {stats['max_ms']:.1f} ms"
    )
    traced = f", Python allocations {peak_bytes / 1e6:.1f} MB" if trace_memory else ""
    print(f"peak memory: max RSS {rss_kb / 1e3:.1f} MB{traced} (bot and stand-in together)")
    alone_stats = summary(alone)
    print(
        f"one question at a time ({sequential}): median {alone_stats['median_ms']:.1f} ms, "
        f"p99 {alone_stats['p99_ms']:.1f} ms"
    )
    print("problems: " + ("none" if not problems else "; ".join(problems[:10])))
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--answers-per-user",
        type=int,
        default=4,
        help="the per-user rate limit (per hour); 1,000 / 200 users = 5 each, so 1 is refused",
    )
    parser.add_argument("--trace-memory", action="store_true", help="also trace Python allocations")
    parser.add_argument(
        "--sequential", type=int, default=100, help="then this many questions one at a time"
    )
    args = parser.parse_args()
    os.environ.setdefault("CANITRAIN_DB", os.path.join(tempfile.mkdtemp(), "catalog.db"))
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(
        run(
            args.questions,
            args.channels,
            args.users,
            args.answers_per_user,
            args.trace_memory,
            args.sequential,
        )
    )


if __name__ == "__main__":
    sys.exit(main())

"""Answering speed in process: median / p99 latency, throughput, and where the time goes.

Runs `bot.answer.answer()` over `benchmarks/questions.txt` (English, Hindi and romanized
Hindi), timing the parse / estimate / render stages separately, then times
`canitrain ask --json` in JSON Lines mode over N questions.

Budgets (issue 7): median ≤ 1 ms, p99 ≤ 5 ms, ≥ 1,000 questions/s on one core; JSON Lines
over 1,000 questions ≤ 3 s in total.

    python benchmarks/answer_latency.py [--rounds 20] [--jsonl 1000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def stage_times(questions: list[str], rounds: int) -> dict[str, list[float]]:
    import grammar
    from bot import render
    from bot.answer import estimate_for
    from knowledge import default_catalog

    catalog = default_catalog()
    stages: dict[str, list[float]] = {"parse": [], "estimate": [], "render": [], "total": []}
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            parsed = grammar.parse(q, catalog)
            t1 = time.perf_counter()
            est = None
            if parsed.understood and parsed.command is None:
                try:
                    est = estimate_for(parsed.query, catalog)
                except Exception:  # noqa: BLE001 - a benchmark counts, it does not judge
                    est = None
            t2 = time.perf_counter()
            if est is not None:
                render.render(parsed, est, catalog, parsed.language)
            else:
                render.render_not_understood(parsed, catalog, parsed.language)
            t3 = time.perf_counter()
            for name, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                stages[name].append(dt)
    return stages


def end_to_end(questions: list[str], rounds: int) -> list[float]:
    from bot.answer import answer

    times = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            answer(q)
            times.append(time.perf_counter() - t0)
    return times


def jsonl_seconds(questions: list[str], n: int) -> float:
    lines = (questions * (n // len(questions) + 1))[:n]
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    assert len(out.stdout.splitlines()) == n, "JSON Lines mode must answer every line"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--jsonl", type=int, default=1000)
    args = parser.parse_args()
    questions = (HERE / "questions.txt").read_text(encoding="utf-8").splitlines()
    end_to_end(questions, 1)  # warm-up: catalog, parser tables, caches
    times = end_to_end(questions, args.rounds)
    print(f"answer() over {len(times)} questions:")
    print(f"  median {statistics.median(times) * 1e3:.3f} ms (budget 1 ms)")
    print(f"  p99    {percentile(times, 0.99) * 1e3:.3f} ms (budget 5 ms)")
    print(f"  throughput {len(times) / sum(times):,.0f} questions/s (budget ≥ 1,000)")
    stages = stage_times(questions, max(1, args.rounds // 4))
    print("  split (median per question):")
    for name, values in stages.items():
        print(f"    {name:8s} {statistics.median(values) * 1e3:.3f} ms")
    if args.jsonl:
        secs = jsonl_seconds(questions, args.jsonl)
        print(f"canitrain ask --json, JSON Lines over {args.jsonl} questions: {secs:.2f} s (≤ 3 s)")


if __name__ == "__main__":
    main()

"""Start-up: wall time of a cold `canitrain ask` process vs `python -c "import lark, pydantic"`.

Budget (issue 7): median ≤ 0.35 s on a 2-core machine and ≤ 1.5× the import baseline, with
no discord import and no database rebuild on the path. Also prints the peak resident set of
the CLI process (budget ≤ 80 MB), and for reference the time of a program that only defines
one pydantic model (what any start-up that builds a pydantic model cannot go below).

The first run is a warm-up, not measured: it builds the catalog database and the cached
tables beside it, and writes the project's bytecode (`__pycache__`) even where
PYTHONDONTWRITEBYTECODE is set, as a user's first run or `pip install` would. Without
bytecode every run compiles canitrain's ~50 modules from source (~45 ms more).

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


ONE_MODEL = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int = 0"


def warm_up(cmd: list[str]) -> None:
    """One run that builds the database and caches and writes bytecode (see docstring)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, check=True, capture_output=True, env=env)


def wall_times(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident set of one run of `cmd`, via a fresh child's rusage (Linux: KiB)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    ask = [sys.executable, "-m", "bot.cli", "ask", SEED]
    baseline = [sys.executable, "-c", "import lark, pydantic"]
    one_model = [sys.executable, "-c", ONE_MODEL]
    warm_up(ask)
    ask_s = statistics.median(wall_times(ask, args.runs))
    base_s = statistics.median(wall_times(baseline, args.runs))
    model_s = statistics.median(wall_times(one_model, args.runs))
    print(f"canitrain ask (median of {args.runs}): {ask_s * 1000:.0f} ms")
    print(f"python -c 'import lark, pydantic':  {base_s * 1000:.0f} ms")
    print(f"ratio: {ask_s / base_s:.2f}x (budget 1.5x; absolute budget 350 ms)")
    print(
        f"reference, a program defining one pydantic model: {model_s * 1000:.0f} ms "
        f"({model_s / base_s:.2f}x the baseline)"
    )
    print(f"peak RSS of canitrain ask: {peak_rss_mb(ask):.1f} MB (budget 80 MB)")


if __name__ == "__main__":
    main()

"""Memory: resident set of `canitrain ask` and of the Discord bot when idle.

The bot is the real `canitrain discord` process, logged in to the loopback Discord stand-in
(tests/discord_standin) and answered one question; then it idles and its resident set
(VmRSS) and peak (VmHWM) are read from /proc. Budgets (issue 7): CLI ≤ 80 MB, idle bot
≤ 120 MB.

    python benchmarks/memory.py [--idle 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives in tests/, which is not an installed package
SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


def proc_status_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def cli_peak_rss_mb() -> float:
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    cmd = [sys.executable, "-m", "bot.cli", "ask", SEED]
    subprocess.run(cmd, capture_output=True, cwd=ROOT)  # build the catalog first
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


async def idle_bot_mb(idle_s: float) -> dict[str, float]:
    from tests.discord_standin.server import StandIn

    async with StandIn() as standin:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "CANITRAIN_"))}
        env.update(
            DISCORD_TOKEN=standin.token,
            DISCORD_API_BASE=standin.api_base,
            DISCORD_GATEWAY_URL=standin.gateway_url,
            CANITRAIN_DB=os.environ["CANITRAIN_DB"],
            CANITRAIN_GUILD_READY_TIMEOUT_S="0.05",
            PYTHONPATH=str(ROOT),
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "discord", env=env, cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await standin.gateway.wait(lambda: bool(standin.gateway.live_sessions()), timeout=60)
            user = standin.add_user("asker")
            sent = await standin.send_message(SEED, author=user, mention_bot=True)
            await standin.wait_for(standin.is_reply_to(sent), timeout=30)
            await asyncio.sleep(idle_s)
            return proc_status_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=3.0, help="seconds to idle before reading")
    args = parser.parse_args()
    os.environ.setdefault("CANITRAIN_DB", str(Path(tempfile.mkdtemp()) / "catalog.db"))
    print(f"canitrain ask: peak RSS {cli_peak_rss_mb():.1f} MB (budget 80 MB)")
    bot = asyncio.run(idle_bot_mb(args.idle))
    print(
        f"canitrain discord, idle after one answer: RSS {bot['VmRSS']:.1f} MB, "
        f"peak {bot['VmHWM']:.1f} MB (budget 120 MB)"
    )


if __name__ == "__main__":
    main()

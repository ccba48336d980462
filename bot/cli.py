"""The `canitrain` command: ask, the REPL, the catalog (kb) and the Discord bot.

Start-up matters here (`canitrain ask` is a one-shot process), so heavy imports (the REPL's
line editor, discord.py, sqlite-utils) happen inside the sub-command that needs them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from bot.conversation import Conversation

EXAMPLE = 'canitrain ask "can a 4070 Ti train GPT-3.5 in a year at 90%?"'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="canitrain",
        description="Can this hardware train (or run) that model? Cited answers, English/Hindi.",
        epilog=f"example: {EXAMPLE}",
    )
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer one question (or one per line from stdin)")
    ask.add_argument("question", nargs="*", help="the question; none: read lines from stdin")
    ask.add_argument("--json", action="store_true", help="print the JSON contract (JSON Lines)")
    ask.add_argument("--lang", choices=["en", "hi", "hi-Latn"], help="reply language")
    ask.add_argument("--math", action="store_true", help="show the full arithmetic")
    repl = sub.add_parser("repl", help="ask questions interactively (the default on a terminal)")
    repl.add_argument("--lang", choices=["en", "hi", "hi-Latn"], help="reply language")
    repl.add_argument("--json", action="store_true", help="print JSON instead of text")
    from bot import kb

    kb.add_parser(sub)
    sub.add_parser("discord", help="run the Discord bot (see docs/discord.md)", add_help=False)
    return parser


def _print_answer(answer, as_json: bool, with_math: bool) -> None:  # noqa: ANN001
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
    else:
        print(answer.reply.text(with_math=with_math), flush=True)


def ask_lines(lines: Iterable[str], as_json: bool, lang: str | None, with_math: bool) -> int:
    """Answer each line as its own question (each stands alone, like separate invocations)."""
    from bot.answer import answer

    for i, line in enumerate(lines):
        question = line.rstrip("\n")
        if not as_json and i:
            print()
        _print_answer(answer(question, language=lang), as_json, with_math)
    return 0


def run_ask(args: argparse.Namespace) -> int:
    if args.question:
        return ask_lines([" ".join(args.question)], args.json, args.lang, args.math)
    if sys.stdin is None or sys.stdin.isatty() and not args.json:
        print(f"usage: {EXAMPLE}", file=sys.stderr)
        return 2
    return ask_lines(sys.stdin, args.json, args.lang, args.math)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["discord"]:
        from bot.discord.run import main as discord_main

        return discord_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "ask":
        return run_ask(args)
    if args.command == "kb":
        from bot import kb

        return kb.run(args)
    if args.command == "repl" or (args.command is None and sys.stdin.isatty()):
        from bot.repl import run_repl

        return run_repl(
            Conversation(language=getattr(args, "lang", None)), getattr(args, "json", False)
        )
    if args.command is None:
        return ask_lines(sys.stdin, False, None, False)
    return 2


if __name__ == "__main__":
    sys.exit(main())

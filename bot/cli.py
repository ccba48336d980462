"""The `canitrain` command: ask, the REPL, the catalog (kb) and the Discord bot.

Start-up matters here (`canitrain ask` is a one-shot process), so heavy imports (the REPL's
line editor, discord.py, sqlite-utils, and pydantic itself) happen inside the sub-command that
needs them, after `skip_pydantic_plugins()`. Measured figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import types
from collections.abc import Iterable

EXAMPLE = 'canitrain ask "can a 4070 Ti train GPT-3.5 in a year at 90%?"'


def skip_pydantic_plugins() -> None:
    """Load no pydantic plugins in this process, without importing `importlib.metadata`.

    pydantic looks for plugins among the installed packages' entry points when it builds its
    first model, and the import that lookup needs (`importlib.metadata`: email, zipfile, csv…)
    costs ~20 ms of every `canitrain ask`. canitrain uses no pydantic plugin. Setting
    `PYDANTIC_DISABLE_PLUGINS=__all__` skips only the lookup, not the import, so this puts in
    place a loader with what pydantic's own returns under that setting: no plugins. A user who
    sets PYDANTIC_DISABLE_PLUGINS to anything else gets pydantic's own loader and plugins.
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__") not in ("__all__", "1", "true"):
        return
    if "pydantic.plugin._loader" in sys.modules:  # too late: a model was already built
        return
    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]

    def real_attribute(name: str) -> object:
        # A later pydantic may want more from its loader than get_plugins: hand it the real
        # module rather than fail, so an upgrade costs start-up time, never a crash.
        import importlib

        if name.startswith("__"):  # the import system probing (__path__, __spec__…)
            raise AttributeError(name)
        sys.modules.pop(loader.__name__, None)
        return getattr(importlib.import_module(loader.__name__), name)

    loader.__getattr__ = real_attribute  # type: ignore[attr-defined]
    sys.modules[loader.__name__] = loader


def _parser(only_ask: bool = False) -> argparse.ArgumentParser:
    """The `canitrain` parser; `only_ask`: with the `ask` sub-command alone.

    Each sub-parser costs ~0.5 ms to build (argparse looks up gettext catalogs for its own
    wording each time), and `ask` is a one-shot command: it parses with `only_ask`, and falls
    back to the whole parser only to report an error in the usual words.
    """
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
    if only_ask:
        return parser
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


def _started() -> None:
    """Start-up is over: what it built (modules, classes, the catalog, the grammar's tables)
    lives until exit, so move it out of the cyclic collector's sight, then let it run again.

    Without this the collector would walk those objects again and again while questions are
    answered, and once more at exit: with the `gc.disable()` below, ~28 ms of every
    `canitrain ask` (benchmarks/README.md).
    """
    gc.freeze()
    gc.enable()


def ask_lines(lines: Iterable[str], as_json: bool, lang: str | None, with_math: bool) -> int:
    """Answer each line as its own question (each stands alone, like separate invocations)."""
    # Importing and loading make only long-lived objects: collecting during start-up finds no
    # garbage, only passes over them. Collection resumes after the first answer.
    gc.disable()
    try:
        from bot.answer import answer

        for i, line in enumerate(lines):
            question = line.rstrip("\n")
            if not as_json and i:
                print()
            _print_answer(answer(question, language=lang), as_json, with_math)
            if i == 0:
                _started()
    finally:
        _started()
    return 0


def run_ask(args: argparse.Namespace) -> int:
    if args.question:
        return ask_lines([" ".join(args.question)], args.json, args.lang, args.math)
    if sys.stdin is None or sys.stdin.isatty() and not args.json:
        print(f"usage: {EXAMPLE}", file=sys.stderr)
        return 2
    return ask_lines(sys.stdin, args.json, args.lang, args.math)


def main(argv: list[str] | None = None) -> int:
    skip_pydantic_plugins()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["discord"]:
        from bot.discord.run import main as discord_main

        return discord_main(argv[1:])
    if argv[:1] == ["ask"]:
        args, unknown = _parser(only_ask=True).parse_known_args(argv)
        if not unknown:
            return run_ask(args)
    args = _parser().parse_args(argv)
    if args.command == "ask":
        return run_ask(args)
    if args.command == "kb":
        from bot import kb

        return kb.run(args)
    if args.command == "repl" or (args.command is None and sys.stdin.isatty()):
        from bot.conversation import Conversation
        from bot.repl import run_repl

        return run_repl(
            Conversation(language=getattr(args, "lang", None)), getattr(args, "json", False)
        )
    if args.command is None:
        return ask_lines(sys.stdin, False, None, False)
    return 2


if __name__ == "__main__":
    sys.exit(main())

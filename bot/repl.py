"""The interactive REPL: one conversation, follow-ups, history across runs, Tab completion.

Commands start with a colon: `:lang en|hi|hi-Latn`, `:json`, `:math`, `:help`, `:quit`.
prompt_toolkit is used on a terminal; piped input falls back to plain `input()`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bot.conversation import Conversation

PROMPT = "canitrain> "
COMMANDS = (":lang", ":json", ":math", ":help", ":quit")


def history_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "canitrain" / "history"


def completion_words() -> list[str]:
    """Every hardware and model name and alias the catalog knows, plus the REPL commands."""
    from knowledge import default_catalog

    catalog = default_catalog()
    names = sorted(row.name for row in [*catalog.hardware.values(), *catalog.models.values()])
    aliases = sorted(
        {a for row in [*catalog.hardware.values(), *catalog.models.values()] for a in row.aliases}
    )
    return [*COMMANDS, *names, *aliases]  # display names first: completion prefers them


def completion_matches(names: list[str], fragment: str, limit: int = 20) -> list[str]:
    """Names that start with what was typed, ignoring case (at most `limit`)."""
    folded = fragment.casefold()
    found: dict[str, str] = {}  # one spelling per name: the catalog's own comes first
    for name in names:
        if name.casefold().startswith(folded):
            found.setdefault(name.casefold(), name)
    return list(found.values())[:limit]


def _reader():  # noqa: ANN202 - returns a callable prompt
    if not sys.stdin.isatty():
        return lambda: input()
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.history import FileHistory

    class NameCompleter(Completer):
        """Complete a catalog name from the last one to three words typed ("rtx 40" → …)."""

        def __init__(self, names: list[str]) -> None:
            self.names = names

        def get_completions(self, document, complete_event):  # noqa: ANN001, ANN201
            words = document.text_before_cursor.split(" ")
            seen: set[str] = set()
            for n in (3, 2, 1):
                fragment = " ".join(words[-n:])
                if len(words) < n or not fragment.strip():
                    continue
                for name in completion_matches(self.names, fragment):
                    if name not in seen:
                        seen.add(name)
                        yield Completion(name, start_position=-len(fragment))

    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    completer = NameCompleter(completion_words())
    session: PromptSession[str] = PromptSession(history=FileHistory(str(path)), completer=completer)
    return lambda: session.prompt(PROMPT)


class ReplState:
    def __init__(self, conversation: Conversation, as_json: bool) -> None:
        self.conversation = conversation
        self.as_json = as_json
        self.math = False

    def command(self, line: str) -> str | None:
        """Run a `:command`; return text to print, or None to quit."""
        word, _, arg = line.partition(" ")
        if word == ":quit":
            return None
        if word == ":json":
            self.as_json = not self.as_json
            return f"json {'on' if self.as_json else 'off'}"
        if word == ":math":
            self.math = not self.math
            return f"math {'on' if self.math else 'off'}"
        if word == ":lang" and arg.strip() in ("en", "hi", "hi-Latn", "auto"):
            self.conversation.language = None if arg.strip() == "auto" else arg.strip()
            return f"language: {arg.strip()}"
        usage = "commands: :lang en|hi|hi-Latn|auto, :json, :math, :help, :quit"
        if word == ":help":
            from bot import render
            from knowledge import default_catalog

            lang = self.conversation.language or "en"
            return render.command_reply("help", default_catalog(), lang).text() + "\n\n" + usage
        return usage

    def ask(self, line: str) -> str:
        from bot.answer import answer

        result = answer(line, self.conversation)
        if self.as_json:
            return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        return result.reply.text(with_math=self.math)


def run_repl(conversation: Conversation, as_json: bool = False) -> int:
    state = ReplState(conversation, as_json)
    read = _reader()
    while True:
        try:
            line = read().strip()
        except (EOFError, KeyboardInterrupt):
            return 0
        if not line:
            continue
        out = state.command(line) if line.startswith(":") else state.ask(line)
        if out is None:
            return 0
        print(out, flush=True)

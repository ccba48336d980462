"""The REPL: one conversation with follow-ups, its commands, and plain stdin when piped."""

from __future__ import annotations

import json
import subprocess
import sys

from bot.conversation import Conversation
from bot.repl import ReplState, completion_words, history_path


def test_follow_up_reuses_the_previous_question(catalog):
    state = ReplState(Conversation(), as_json=True)
    first = json.loads(state.ask("how many A100s to train Llama 2 7B in 30 days?"))
    again = json.loads(state.ask("and in 60 days?"))
    assert first["query"]["intent"] == again["query"]["intent"] == "devices_needed"
    assert again["query"]["model"]["id"] == "llama-2-7b"
    assert again["query"]["duration_s"] == 60 * 86400
    # Twice the time needs no more devices (the count scales with 1 / time).
    assert again["result"]["devices_needed"] <= first["result"]["devices_needed"]


def test_lang_command_switches_the_reply_language(catalog):
    state = ReplState(Conversation(), as_json=False)
    assert state.command(":lang hi") == "language: hi"
    reply = state.ask("can a 4090 train GPT-2 XL in a month?")
    assert any("\u0900" <= ch <= "\u097f" for ch in reply)
    state.command(":lang auto")
    assert state.conversation.language is None


def test_json_and_math_toggle(catalog):
    state = ReplState(Conversation(), as_json=False)
    assert state.command(":json") == "json on"
    assert json.loads(state.ask("how big is Mixtral 8x7B?"))["query"]["intent"] == "model_info"
    state.command(":json")
    state.command(":math")
    assert "×" in state.ask("How many FLOPs to train GPT-3?")


def test_help_lists_questions_and_commands(catalog):
    text = ReplState(Conversation(), as_json=False).command(":help")
    assert text is not None and ":quit" in text and "4070 Ti" in text


def test_quit_ends_the_loop():
    assert ReplState(Conversation(), as_json=False).command(":quit") is None


def test_tab_completion_offers_catalog_names_and_aliases(catalog):
    words = completion_words()
    assert "GeForce RTX 4070 Ti" in words and "4070ti" in words and "Llama 2 7B" in words


def test_history_lives_under_xdg_state_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert history_path() == tmp_path / "canitrain" / "history"


def test_piped_repl_answers_each_line_in_one_conversation():
    lines = "can 8 A100s train Llama 2 7B in 30 days?\nwhat about 16 of them?\n:quit\n"
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "repl", "--json"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    decoder = json.JSONDecoder()
    answers, text = [], out.stdout.strip()
    while text:
        obj, end = decoder.raw_decode(text)
        answers.append(obj)
        text = text[end:].strip()
    assert [a["query"]["hardware"]["count"] for a in answers] == [8, 16]


def test_completion_matches_names_from_the_words_typed(catalog):
    from bot.repl import completion_matches

    names = completion_words()
    assert "GeForce RTX 4070 Ti" in completion_matches(names, "geforce rtx 407")
    assert all(n.casefold().startswith("h1") for n in completion_matches(names, "H1"))
    assert completion_matches(names, "H1")

"""The README stays true: its set-up commands, its example questions and its command table.

In the spirit of sqlite-utils' tests/test_docs.py: documentation that can drift is tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answer import answer
from core.types import INTENTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")


def readme_examples() -> list[str]:
    block = README.split("<!-- examples:start -->")[1].split("<!-- examples:end -->")[0]
    return [line for line in block.splitlines() if line and not line.startswith("```")]


def test_readme_starts_with_the_two_setup_commands():
    first_block = README.split("```sh")[1].split("```")[0].strip().splitlines()
    assert len(first_block) == 2
    install, test = first_block
    assert "pip install" in install and "canitrain ask" in install
    assert test.strip() == ".venv/bin/python -m pytest"
    assert test.strip() in CI, "CI must run the README's test command"


@pytest.mark.parametrize("question", readme_examples())
def test_every_readme_example_is_understood(catalog, question):
    result = answer(question, catalog=catalog)
    assert result.understood, result.reply.text()
    assert result.estimate is not None


def test_readme_examples_cover_all_three_ways_of_writing():
    examples = readme_examples()
    devanagari = [q for q in examples if re.search("[\u0900-\u097f]", q)]
    romanized = [q for q in examples if re.search(r"\b(kya|kitne|chalega|mein)\b", q)]
    assert len(devanagari) >= 3 and len(romanized) >= 3


def test_readme_names_every_intent_and_kb_command():
    for intent in INTENTS:
        assert f"`{intent}`" in README, intent
    for sub in ("hardware", "models", "sources", "check", "build", "path"):
        assert f"canitrain kb {sub}" in README, sub

"""`canitrain ask`: one question, --json, and JSON Lines over stdin (DESIGN.md contract)."""

from __future__ import annotations

import json
import subprocess
import sys

SEED_EN = "can a 4070 Ti train GPT-3.5 in a year at 90%?"
SEED_HI = "क्या एक 4070 Ti एक साल में 90% उपयोग पर GPT-3.5 को प्रशिक्षित कर सकता है?"
YEAR_S = 365 * 86400  # DESIGN.md: year = 365 days


def canitrain(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ask_json_seed_question_has_the_seed_figures():
    out = canitrain("ask", "--json", SEED_EN)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    result = answer["result"]
    # 40.09 TFLOPS FP32 (TechPowerUp) × 0.90 × 365 d = 1.138e21 (the seed's 1.14e21)
    assert result["available_by_precision"]["fp32"] == pytest_approx(40.09e12 * 0.9 * YEAR_S)
    # 80.2 TFLOPS BF16 dense with FP32 accumulate (Ada whitepaper ratio) × 0.90 × 365 d
    assert result["available_by_precision"]["bf16"] == pytest_approx(80.2e12 * 0.9 * YEAR_S)
    # GPT-3 175B as GPT-3.5's proxy: 3.14e23 FLOP (Brown et al. 2020, Table D.1)
    assert result["compute_required_flops"] == pytest_approx(3.14e23)
    assert result["verdict"] == "no"
    assert result["memory"]["fits"] is False
    assert len(result["citations"]) >= 3
    assert answer["language"] == "en"
    assert answer["understood"] is True


def test_ask_json_hindi_seed_question_answers_in_hindi_with_the_same_numbers():
    out = canitrain("ask", "--json", SEED_HI)
    answer = json.loads(out.stdout)
    assert answer["language"] == "hi"
    assert answer["result"]["available_by_precision"]["fp32"] == pytest_approx(
        40.09e12 * 0.9 * YEAR_S
    )
    assert answer["result"]["verdict"] == "no"
    assert any("\u0900" <= ch <= "\u097f" for ch in answer["reply"])


def test_json_lines_mode_answers_each_stdin_line_in_order():
    questions = [SEED_EN, "hello there", "How many FLOPs to train GPT-3.5?"]
    out = canitrain("ask", "--json", stdin="\n".join(questions) + "\n")
    lines = out.stdout.splitlines()
    assert len(lines) == 3
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    assert answers[1]["understood"] is False
    assert answers[1]["reply"]  # a helpful reply, not silence


def test_human_reply_is_text_with_readable_numbers():
    out = canitrain("ask", SEED_EN)
    assert out.returncode == 0
    assert "× 10²¹" in out.stdout
    assert "e+21" not in out.stdout


def pytest_approx(x: float):
    import pytest

    return pytest.approx(x, rel=0.01)


def test_the_pydantic_plugin_shortcut_hands_anything_else_to_pydantics_own_loader():
    code = (
        "import sys; from bot.cli import skip_pydantic_plugins; skip_pydantic_plugins();"
        "stub = sys.modules['pydantic.plugin._loader']; assert stub.get_plugins() == ();"
        "stub._plugins;"  # a name the stub lacks: pydantic's real loader must answer it
        "print(sys.modules['pydantic.plugin._loader'].__file__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("_loader.py")

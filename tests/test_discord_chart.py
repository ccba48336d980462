"""The optional chart: which answers get one, and a real PNG when matplotlib is installed."""

from __future__ import annotations

import pytest

from bot.answer import Answer
from bot.discord import chart
from bot.reply import Reply
from core.types import DeviceResult, Estimate, HardwareRef, Query
from tests.discord_standin.harness import running_bot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def an_answer(intent: str, estimate: Estimate, compare: list[HardwareRef] | None = None) -> Answer:
    query = Query(intent=intent, hardware=HardwareRef(id="rtx-4070-ti", name="RTX 4070 Ti"))
    query.compare_with = compare or []
    reply = Reply(language="en", title="t")
    return Answer(
        question="q", language="en", understood=True, query=query, estimate=estimate, reply=reply
    )


# The seed question's figures (facts.md): 3.14e23 FLOPs needed; 1.14e21 available at FP32.
SEED = Estimate(
    compute_required_flops=3.14e23,
    compute_available_flops=2.28e21,
    precision_used="bf16",
    available_by_precision={"fp32": 1.14e21, "bf16": 2.28e21},
)


def test_can_train_compares_needed_with_available_at_each_precision():
    bars, axis = chart.bars_for(an_answer("can_train", SEED))
    assert bars == [
        ("needed", 3.14e23),
        ("available (bf16)", 2.28e21),
        ("available (fp32)", 1.14e21),
    ]
    assert "log" in axis


def test_compare_shows_days_per_device():
    estimate = Estimate(
        compare=[
            DeviceResult(
                hardware_id="rtx-4070-ti",
                count=1,
                precision_used="bf16",
                peak_flops=8e13,
                time_needed_s=86_400 * 365,
            ),
            DeviceResult(
                hardware_id="h100",
                count=8,
                precision_used="bf16",
                peak_flops=9.9e14,
                time_needed_s=86_400 * 3,
            ),
        ]
    )
    answer = an_answer("compare", estimate, [HardwareRef(id="h100", name="H100", count=8)])
    bars, _ = chart.bars_for(answer)
    assert bars == [("1× RTX 4070 Ti", 365.0), ("8× H100", 3.0)]


@pytest.mark.parametrize("intent", ["fits", "inference_speed", "hardware_info"])
def test_other_answers_get_no_chart(intent):
    assert chart.bars_for(an_answer(intent, SEED)) is None
    assert chart.chart_png(an_answer(intent, SEED)) is None


def test_the_chart_is_a_png_when_matplotlib_is_installed():
    pytest.importorskip("matplotlib")
    png = chart.chart_png(an_answer("can_train", SEED))
    assert png is not None and png.startswith(PNG_SIGNATURE)


def test_without_matplotlib_there_is_simply_no_chart(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    assert chart.chart_png(an_answer("can_train", SEED)) is None


async def test_a_can_train_answer_on_discord_carries_the_chart_as_an_attachment():
    pytest.importorskip("matplotlib")
    question = "can a 4070 Ti train GPT-3.5 in a year at 90%?"
    async with running_bot(chart=True) as run:
        sent = await run.standin.send_message(question, author=run.user(), mention_bot=True)
        reply = await run.reply_to(sent)
        other = await run.standin.send_message(
            "does Llama 2 7B fit on a 4090?", author=run.user(), mention_bot=True
        )
        plain = await run.reply_to(other)
    [(name, data)] = reply.files
    assert name == chart.FILENAME and data.startswith(PNG_SIGNATURE)
    assert reply.embeds[0]["image"]["url"] == f"attachment://{chart.FILENAME}"
    assert not plain.files and "image" not in plain.embeds[0]

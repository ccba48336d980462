"""Answers laid out as embeds within Discord's limits, however long the reply."""

from __future__ import annotations

from bot.discord import embeds as layout
from bot.reply import Citation, Reply


def limits_hold(embed) -> None:
    assert len(embed) <= layout.EMBED_TOTAL_CHARS
    assert len(embed.title or "") <= layout.TITLE_CHARS
    assert len(embed.description or "") <= layout.DESCRIPTION_CHARS
    assert len(embed.fields) <= layout.FIELDS_PER_EMBED
    for field in embed.fields:
        assert 0 < len(field.name) <= layout.FIELD_NAME_CHARS
        assert 0 < len(field.value) <= layout.FIELD_VALUE_CHARS


def text_of(embeds) -> str:
    parts = []
    for e in embeds:
        parts += [e.title or "", e.description or ""]
        parts += [f"{f.name}\n{f.value}" for f in e.fields]
    return "\n".join(parts)


def huge_reply() -> Reply:
    return Reply(
        language="en",
        title="T" * 300,
        lines=[f"line {i} " + "x" * 110 for i in range(60)],  # ~7,000 characters of body
        fields=[(f"figure {i}", f"{i}e21 FLOPs") for i in range(30)],
        assumptions=[f"assumption {i} " + "a" * 140 for i in range(30)],
        citations=[
            Citation(
                number=i, key=f"k{i}", title=f"Source {i} " + "s" * 90, url=f"https://e.org/{i}"
            )
            for i in range(1, 41)
        ],
        headings={"assumptions": "Assumptions", "sources": "Sources"},
    )


def test_a_short_reply_is_one_embed_with_fields_assumptions_and_linked_sources():
    reply = Reply(
        language="en",
        title="No — one RTX 4070 Ti can't train GPT-3.5 in a year.",
        lines=["Needed: 3.14 × 10²³ FLOPs [1]"],
        fields=[("Needed", "3.14 × 10²³ FLOPs")],
        assumptions=["Utilization: 40% MFU."],
        citations=[
            Citation(
                number=1, key="brown2020", title="GPT-3", url="https://arxiv.org/abs/2005.14165"
            )
        ],
    )
    [embed] = layout.answer_embeds(reply, "no", "(continued)")
    assert embed.title == reply.title and embed.colour == layout.COLOUR_NO
    assert embed.description == "Needed: 3.14 × 10²³ FLOPs [1]"
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Needed", "3.14 × 10²³ FLOPs", True),
        ("Assumptions", "• Utilization: 40% MFU.", False),
        ("Sources", "[1] [GPT-3](https://arxiv.org/abs/2005.14165)", False),
    ]


def test_a_huge_reply_is_split_into_embeds_that_each_keep_the_limits_and_lose_nothing():
    reply = huge_reply()
    embeds = layout.answer_embeds(reply, None, "(continued)")
    assert len(embeds) > 1
    for embed in embeds:
        limits_hold(embed)
    text = text_of(embeds)
    for line in reply.lines:
        assert line in text
    for label, value in reply.fields:
        assert label in text and value in text
    for c in reply.citations:
        assert f"[{c.number}] [{c.title}]({c.url})" in text
    assert embeds[0].title == "T" * 255 + "…"


def test_messages_carry_at_most_6000_characters_of_embeds():
    groups = layout.per_message(layout.answer_embeds(huge_reply(), None, "(continued)"))
    for group in groups:
        assert sum(len(e) for e in group) <= layout.EMBED_TOTAL_CHARS
        assert len(group) <= layout.EMBEDS_PER_MESSAGE


def test_the_arithmetic_is_shown_in_code_blocks_within_the_limits():
    math = [
        f"step {i}: 40.09e12 FLOP/s × 0.9 × 31,536,000 s = 1.14 × 10²¹ FLOP" for i in range(200)
    ]
    reply = Reply(language="en", title="x", math=math)
    embeds = layout.math_embeds(reply, "The arithmetic", "(continued)")
    for embed in embeds:
        limits_hold(embed)
        assert embed.description.startswith("```\n") and embed.description.endswith("\n```")
    text = text_of(embeds)
    assert all(step in text for step in math)

"""A `Reply` laid out as Discord embeds, within Discord's limits.

Verdict in the title, the body as the description, key figures as inline fields, then the
assumptions and the numbered sources (as links) as fields. Whatever does not fit in one embed
flows into further embeds, each sent as its own message; a single overlong line is cut with
an ellipsis. Limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import discord

from bot.reply import Reply

TITLE_CHARS = 256
DESCRIPTION_CHARS = 4096
FIELD_NAME_CHARS = 256
FIELD_VALUE_CHARS = 1024
FIELDS_PER_EMBED = 25
EMBED_TOTAL_CHARS = 6000  # title + description + field names and values + footer + author
EMBEDS_PER_MESSAGE = 10

COLOUR_YES = discord.Colour.green()
COLOUR_NO = discord.Colour.red()
COLOUR_NEUTRAL = discord.Colour.blurple()
ZERO_WIDTH = "\u200b"  # a field name Discord accepts as "blank"


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(lines: Iterable[str], limit: int, sep: str = "\n") -> Iterator[str]:
    """Join lines into pieces of at most `limit` characters, breaking only between lines."""
    piece = ""
    for line in lines:
        line = cut(line, limit)
        joined = f"{piece}{sep}{line}" if piece else line
        if len(joined) > limit:
            yield piece
            joined = line
        piece = joined
    if piece:
        yield piece


def _citation_line(number: int, title: str, url: str | None, where: str | None) -> str:
    label = f"[{number}] " + (f"[{title}]({url})" if url else title)
    return label + (f" — {where}" if where else "")


class _Packer:
    """Fills embeds one after another, opening a new one when a limit would be crossed."""

    def __init__(self, title: str, colour: discord.Colour, continued: str) -> None:
        self.colour = colour
        self.continued = continued
        self.embeds = [discord.Embed(title=cut(title, TITLE_CHARS), colour=colour)]

    @property
    def current(self) -> discord.Embed:
        return self.embeds[-1]

    def _new(self) -> discord.Embed:
        self.embeds.append(discord.Embed(colour=self.colour))
        self.current.set_footer(text=self.continued)
        return self.current

    def description(self, lines: list[str]) -> None:
        for piece in chunks(lines, DESCRIPTION_CHARS):
            embed = self.current if not self.current.description else self._new()
            if len(embed) + len(piece) > EMBED_TOTAL_CHARS:
                embed = self._new()
            embed.description = piece

    def field(self, name: str, value: str, inline: bool) -> None:
        name, value = cut(name or ZERO_WIDTH, FIELD_NAME_CHARS), cut(value, FIELD_VALUE_CHARS)
        embed = self.current
        full = len(embed.fields) >= FIELDS_PER_EMBED
        if full or len(embed) + len(name) + len(value) > EMBED_TOTAL_CHARS:
            embed = self._new()
        embed.add_field(name=name, value=value, inline=inline)

    def block(self, heading: str, lines: list[str]) -> None:
        """A titled list as one field, or as several when it exceeds a field's 1024."""
        for i, piece in enumerate(chunks(lines, FIELD_VALUE_CHARS)):
            self.field(heading if i == 0 else f"{heading} {self.continued}", piece, False)


def answer_embeds(reply: Reply, verdict: str | None, continued: str) -> list[discord.Embed]:
    """The reply as one embed, or as a few when it exceeds one embed's limits."""
    colour = {"yes": COLOUR_YES, "no": COLOUR_NO}.get(verdict or "", COLOUR_NEUTRAL)
    packer = _Packer(reply.title, colour, continued)
    if reply.lines:
        packer.description(reply.lines)
    for label, value in reply.fields:
        packer.field(label, value, inline=True)
    if reply.assumptions:
        heading = reply.headings.get("assumptions", "Assumptions")
        packer.block(heading, [f"• {a}" for a in reply.assumptions])
    if reply.citations:
        heading = reply.headings.get("sources", "Sources")
        lines = [_citation_line(c.number, c.title, c.url, c.where) for c in reply.citations]
        packer.block(heading, lines)
    return packer.embeds


def math_embeds(reply: Reply, title: str, continued: str) -> list[discord.Embed]:
    """The full arithmetic, one step a line, as code blocks in embed descriptions."""
    fence = 8  # "```\n" + "\n```"
    packer = _Packer(title, COLOUR_NEUTRAL, continued)
    pieces = list(chunks(reply.math, DESCRIPTION_CHARS - fence))
    packer.description([f"```\n{piece}\n```" for piece in pieces])
    return packer.embeds


def per_message(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages: at most 10 a message and 6000 characters in total."""
    groups: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if (
            not groups
            or len(groups[-1]) >= EMBEDS_PER_MESSAGE
            or size + len(embed) > EMBED_TOTAL_CHARS
        ):
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += len(embed)
    return groups

"""Slash commands with named hardware and models: /train, /fits, /speed, /hardware, /model.

Each builds a `core.types.Query` from typed options and answers it with `answer_query`, so no
phrasing can be misread. Hardware and model options autocomplete from the catalog; a name
typed past the suggestions is resolved like any question's, and an unknown one gets a note
with the closest names (AnswerCog.cog_app_command_error).
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.autocomplete import catalog_choices, duration_choices
from bot.discord.cogs.base import AnswerCog
from bot.discord.i18n import interaction_language, lookup
from core.conventions import SECONDS_PER_DAY
from core.types import HardwareRef, ModelRef, Precision, Query, Task
from grammar import decide
from grammar.entities import EntityRef, Kind
from knowledge import Catalog

log = logging.getLogger(__name__)

Count = app_commands.Range[int, 1, 1_000_000]
Days = app_commands.Range[float, 0.001, 36_500.0]  # up to a century
Percent = app_commands.Range[float, 0.1, 100.0]

HARDWARE_HELP = "GPU, TPU or accelerator (start typing a name)"
MODEL_HELP = "Model (start typing a name)"


def _entity(catalog: Catalog, kind: Kind, typed: str) -> EntityRef:
    """A typed option resolved like a name in a question (raises UnknownHardware/UnknownModel)."""
    hit = catalog.resolve_hardware(typed) if kind == "hardware" else catalog.resolve_model(typed)
    rows = catalog.hardware if kind == "hardware" else catalog.models
    return EntityRef(kind, hit.id, rows[hit.id].name, hit.assumed_variant, typed)


def hardware_ref(catalog: Catalog, typed: str, count: int = 1) -> HardwareRef:
    return decide.hardware_ref(_entity(catalog, "hardware", typed), count, catalog)


def model_ref(catalog: Catalog, typed: str) -> ModelRef:
    # The grammar's own builder, so an undisclosed size comes from the proxy row as in questions.
    return decide.model_ref(_entity(catalog, "model", typed), catalog)


def command_text(interaction: discord.Interaction) -> str:
    """The command as the user typed it, for the answer's `question` field and the logs."""
    typed = " ".join(
        f"{name}:{value}" for name, value in interaction.namespace if value is not None
    )
    name = interaction.command.qualified_name if interaction.command else "?"
    return f"/{name} {typed}".strip()


class Estimate(AnswerCog):
    @property
    def catalog(self) -> Catalog:
        return self.answering.catalog

    @app_commands.command()
    @app_commands.describe(
        model=MODEL_HELP,
        hardware=HARDWARE_HELP,
        count="How many devices (default 1)",
        duration="Time available, in days (365 = a year); leave out to ask how long it takes",
        utilization="Utilization (MFU) in percent, e.g. 40",
        precision="Arithmetic precision",
    )
    async def train(
        self,
        interaction: discord.Interaction,
        model: str,
        hardware: str,
        count: Count = 1,
        duration: Days | None = None,
        utilization: Percent | None = None,
        precision: Precision | None = None,
    ) -> None:
        """Can this hardware train that model from scratch, and how long would it take?"""
        query = Query(
            intent="can_train" if duration is not None else "time_to_train",
            task="pretrain",
            hardware=hardware_ref(self.catalog, hardware, count),
            model=model_ref(self.catalog, model),
            duration_s=duration * SECONDS_PER_DAY if duration is not None else None,
            utilization=utilization / 100 if utilization is not None else None,
            precision=precision,
        )
        await self.answer_query(interaction, query, command_text(interaction))

    @app_commands.command()
    @app_commands.describe(
        model=MODEL_HELP,
        hardware=HARDWARE_HELP,
        task="Training from scratch, fine-tuning, LoRA, QLoRA or inference",
        precision="Precision of the weights",
    )
    async def fits(
        self,
        interaction: discord.Interaction,
        model: str,
        hardware: str,
        task: Task | None = None,
        precision: Precision | None = None,
    ) -> None:
        """Does this model fit in this hardware's memory?"""
        query = Query(
            intent="fits",
            task=task,
            hardware=hardware_ref(self.catalog, hardware),
            model=model_ref(self.catalog, model),
            precision=precision,
        )
        await self.answer_query(interaction, query, command_text(interaction))

    @app_commands.command()
    @app_commands.describe(
        model=MODEL_HELP, hardware=HARDWARE_HELP, precision="Precision of the weights"
    )
    async def speed(
        self,
        interaction: discord.Interaction,
        model: str,
        hardware: str,
        precision: Precision | None = None,
    ) -> None:
        """How many tokens per second would this hardware generate with this model?"""
        query = Query(
            intent="inference_speed",
            task="inference",
            hardware=hardware_ref(self.catalog, hardware),
            model=model_ref(self.catalog, model),
            precision=precision,
        )
        await self.answer_query(interaction, query, command_text(interaction))

    @app_commands.command(name="hardware")
    @app_commands.describe(name=HARDWARE_HELP)
    async def hardware_info(self, interaction: discord.Interaction, name: str) -> None:
        """The figures of one accelerator, with their sources."""
        query = Query(intent="hardware_info", hardware=hardware_ref(self.catalog, name))
        await self.answer_query(interaction, query, command_text(interaction))

    @app_commands.command(name="model")
    @app_commands.describe(name=MODEL_HELP)
    async def model_info(self, interaction: discord.Interaction, name: str) -> None:
        """The figures of one model, with their sources."""
        query = Query(intent="model_info", model=model_ref(self.catalog, name))
        await self.answer_query(interaction, query, command_text(interaction))

    def _choices(self, kind: str, current: str) -> list[app_commands.Choice[str]]:
        pairs = catalog_choices(self.catalog, kind, current)
        return [app_commands.Choice(name=label, value=value) for label, value in pairs]

    @train.autocomplete("hardware")
    @fits.autocomplete("hardware")
    @speed.autocomplete("hardware")
    @hardware_info.autocomplete("name")
    async def hardware_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("hardware", current)

    @train.autocomplete("model")
    @fits.autocomplete("model")
    @speed.autocomplete("model")
    @model_info.autocomplete("name")
    async def model_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("model", current)

    @train.autocomplete("duration")
    async def duration_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[float]]:
        lang = interaction_language(interaction, self.settings.language)
        names = lookup(lang, "durations") or lookup("en", "durations") or {}
        pairs = duration_choices(str(current), names)
        return [app_commands.Choice(name=label, value=value) for label, value in pairs]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Estimate(bot))  # type: ignore[arg-type]

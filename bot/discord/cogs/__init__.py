"""The bot's extensions, each loaded by name from `bot.discord.client.INITIAL_EXTENSIONS`."""

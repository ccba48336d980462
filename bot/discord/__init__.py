"""The Discord adapter: the only package that imports discord.py (`canitrain discord`).

Layout: settings (environment + TOML), client (the bot class, endpoints, intents), answering
(the shared answer() flow off the event loop, per channel in order), cogs/ (mentions and DMs,
slash commands), embeds/replying/views (how answers are posted), chart (optional PNG),
ratelimit, i18n (+ locales/*.toml), run (the command line).
"""

"""A loopback stand-in for Discord's REST API and gateway, for end-to-end tests of the adapter.

The real discord.py client logs in to it, connects to its gateway and answers what the tests
send through it; the tests then read what the bot posted. No network, no real token.

    async with running_bot() as run:
        sent = await run.standin.send_message("can a 4090 run Llama 2 7B?",
                                              author=run.user(), mention_bot=True)
        reply = await run.reply_to(sent)
"""

from tests.discord_standin.server import Recorded, Sent, StandIn

__all__ = ["Recorded", "Sent", "StandIn"]

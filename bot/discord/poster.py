"""Posting a briefing to a Discord channel: by the bot (channel id) or by a channel webhook.

Retries, backoff and the delivery log live in ``bot.delivery``; this module only sends and
turns every Discord or network failure into ``PostError``.
"""

from __future__ import annotations

import asyncio
import re

import aiohttp
import discord

from bot.delivery import PostContext, PostError
from bot.discord.render import briefing_messages
from briefings.config import ChannelSettings
from briefings.models import Briefing

_WEBHOOK = re.compile(r"/webhooks/(?P<id>\d+)/(?P<token>[\w-]+)/?$")


def webhook_parts(url: str) -> tuple[int, str]:
    """(id, token) of a channel webhook URL."""
    m = _WEBHOOK.search(url)
    if m is None:
        raise PostError("the discord webhook_url does not end in /webhooks/<id>/<token>",
                        retryable=False)
    return int(m["id"]), m["token"]


def _retry_after(e: discord.HTTPException) -> float | None:
    """Discord sends the wait in the JSON body and, rounded up, in ``Retry-After``; discord.py
    keeps only the response, so read the header."""
    header = e.response.headers.get("Retry-After") if e.response is not None else None
    try:
        return float(header) if header else None
    except ValueError:
        return None


def post_error(e: BaseException) -> PostError:
    """The PostError for a failure of discord.py or the network (never includes a token)."""
    if isinstance(e, PostError):
        return e
    if isinstance(e, discord.RateLimited):
        return PostError(f"rate limited by Discord for {e.retry_after:.1f}s",
                         retry_after=e.retry_after)
    if isinstance(e, discord.HTTPException):
        status = e.status
        why = f"Discord answered HTTP {status}" + (f": {e.text}" if e.text else "")
        if status == 429:
            return PostError(why, retry_after=_retry_after(e))
        return PostError(why, retryable=status >= 500)
    if isinstance(e, aiohttp.ClientError | OSError | asyncio.TimeoutError):
        return PostError(f"cannot reach Discord: {e!r}")
    return PostError(f"unexpected error while posting to Discord: {e!r}", retryable=False)


class DiscordPoster:
    """The Poster for ``platform = "discord"`` channels.

    A briefing may take several messages. Messages already sent for a delivery are not
    sent again when the delivery is retried, so a post that fails halfway never doubles.
    """

    platform = "discord"

    def __init__(self, client: discord.Client | None = None) -> None:
        self._client = client
        self._session: aiohttp.ClientSession | None = None
        self._sent: dict[str, int] = {}  # delivery id -> messages already posted

    async def post(self, briefing: Briefing, ctx: PostContext) -> None:
        messages = briefing_messages(briefing)
        done = self._sent.get(ctx.delivery_id, 0)
        for i in range(done, len(messages)):
            try:
                await self._send(ctx.channel, messages[i])
            except Exception as e:
                raise post_error(e) from e
            self._sent[ctx.delivery_id] = i + 1
        self._sent.pop(ctx.delivery_id, None)

    async def _send(self, channel: ChannelSettings, embeds: list[discord.Embed]) -> None:
        if channel.channel:
            if self._client is None or self._client.http.token is None:
                raise PostError("posting to a discord channel id needs [discord] token "
                                "(or use webhook_url)", retryable=False)
            target = self._client.get_partial_messageable(int(channel.channel))
            await target.send(embeds=embeds)
            return
        assert channel.webhook_url, "config validation guarantees channel or webhook_url"
        webhook_id, token = webhook_parts(channel.webhook_url)
        webhook = discord.Webhook.partial(webhook_id, token, session=self._webhook_session())
        await webhook.send(embeds=embeds, wait=True)

    def _webhook_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

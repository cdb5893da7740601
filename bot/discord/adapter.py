"""The Discord adapter: a discord.py client in the bot's event loop, its commands and poster.

With a token: log in, connect to the gateway, wait for READY and sync the commands. Without
one, only channel webhooks can be posted to, and no gateway connection is made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
import yarl

from bot.discord.commands import build_tree
from bot.discord.poster import DiscordPoster
from bot.service import BriefService
from briefings.config import DiscordSettings, Settings
from briefings.errors import BriefbotError

log = logging.getLogger("briefbot.discord")


class DiscordStartError(BriefbotError):
    """The Discord client could not log in, connect or sync its commands."""


def intents() -> discord.Intents:
    """Only guild events: slash commands need no privileged intent (no message content)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    return wanted


class _Endpoints:
    """Points discord.py at another API host and gateway, and back.

    discord.py has no option for this; its URLs are class attributes. Only meant for
    testing against a local stand-in (``[discord] api_base`` / ``gateway_url``).
    """

    def __init__(self, settings: DiscordSettings | None) -> None:
        self.api_base = settings.api_base.rstrip("/") if settings and settings.api_base else None
        self.gateway = settings.gateway_url if settings else None
        self._saved: tuple[str, yarl.URL] | None = None

    def apply(self) -> None:
        if not (self.api_base or self.gateway):
            return
        ws = discord.gateway.DiscordWebSocket
        self._saved = (discord.http.Route.BASE, ws.DEFAULT_GATEWAY)
        if self.api_base:
            discord.http.Route.BASE = self.api_base
            log.warning("event=discord_endpoint api_base=%s (testing only)", self.api_base)
        if self.gateway:
            ws.DEFAULT_GATEWAY = yarl.URL(self.gateway)

    def restore(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None


class DiscordAdapter:
    """Start/stop the Discord side of briefbot; ``poster`` posts scheduled briefings."""

    platform = "discord"

    def __init__(self, settings: Settings, service: BriefService, *,
                 ready_timeout: float = 30.0, guild_ready_timeout: float = 2.0) -> None:
        self.settings = settings
        self.discord = settings.discord
        self.service = service
        self.ready_timeout = ready_timeout
        self._endpoints = _Endpoints(self.discord)
        self.client: discord.Client | None = None
        self.tree: discord.app_commands.CommandTree | None = None
        self._connection: asyncio.Task[None] | None = None
        if self.discord is not None and self.discord.token:
            # briefbot has no voice: silence discord.py's warnings about voice libraries.
            discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
            self.client = discord.Client(intents=intents(),
                                         guild_ready_timeout=guild_ready_timeout,
                                         max_ratelimit_timeout=60.0)
            self.tree = build_tree(self.client, service, ephemeral=self.discord.ephemeral)
        self.poster = DiscordPoster(self.client)

    async def start(self) -> None:
        """Log in, connect and sync commands; returns once the client is ready."""
        self._endpoints.apply()
        if self.client is None or self.discord is None or not self.discord.token:
            log.info("event=discord_webhook_only")
            return
        try:
            await self.client.login(self.discord.token)
        except discord.LoginFailure:
            raise DiscordStartError("Discord rejected the token ([discord] token): "
                                    "check DISCORD_TOKEN") from None
        except (discord.HTTPException, OSError) as e:
            raise DiscordStartError(f"cannot log in to Discord: {e}") from e
        self._connection = asyncio.create_task(self._connect(), name="discord-gateway")
        await self._wait_ready()
        await self._sync()
        user = self.client.user
        log.info("event=discord_ready user=%s guilds=%d", user.name if user else "?",
                 len(self.client.guilds))

    async def _connect(self) -> None:
        assert self.client is not None
        try:
            await self.client.connect(reconnect=True)
        except Exception:
            log.exception("event=discord_gateway_failed")
            raise

    async def _wait_ready(self) -> None:
        assert self.client is not None and self._connection is not None
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait({ready, self._connection}, timeout=self.ready_timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready in done:
            return
        ready.cancel()
        if self._connection in done:
            e = self._connection.exception()
            raise DiscordStartError(f"the Discord gateway connection ended: {e!r}") from e
        raise DiscordStartError(f"Discord was not ready after {self.ready_timeout:.0f}s")

    async def _sync(self) -> None:
        assert self.tree is not None and self.discord is not None
        try:
            if self.discord.guild_ids:
                for gid in self.discord.guild_ids:
                    guild = discord.Object(id=gid)
                    self.tree.copy_global_to(guild=guild)
                    synced = await self.tree.sync(guild=guild)
                    log.info("event=discord_commands_synced guild=%d commands=%d", gid,
                             len(synced))
            else:
                synced = await self.tree.sync()
                log.info("event=discord_commands_synced scope=global commands=%d",
                         len(synced))
        except discord.HTTPException as e:
            raise DiscordStartError(f"cannot sync the slash commands: {e}") from e

    async def stop(self) -> None:
        """Close the gateway connection and HTTP sessions."""
        await self.poster.close()
        if self.client is not None and not self.client.is_closed():
            await self.client.close()
        if self._connection is not None:
            self._connection.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connection
            self._connection = None
        self._endpoints.restore()

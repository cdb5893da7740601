"""The Slack side of briefbot: a Bolt AsyncApp in the bot's event loop, reached over
Socket Mode (no public URL) or HTTP (Slack POSTs to ``http_path``), plus the poster for
scheduled briefings.

Everything runs in the caller's loop: ``start()`` connects or binds and returns; it never
blocks like ``AsyncApp.start()``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.service import BriefService
from bot.slack.commands import register
from bot.slack.poster import SlackPoster
from briefings.config import Settings, SlackSettings
from briefings.errors import BriefbotError

log = logging.getLogger("briefbot.slack")
CONNECT_TIMEOUT = 15.0


class SlackStartError(BriefbotError):
    """Slack could not be reached or refused our tokens at start-up."""


class SlackAdapter:
    """Slash commands in, scheduled briefings out, for one Slack workspace."""

    platform = "slack"

    def __init__(self, settings: Settings, service: BriefService) -> None:
        if settings.slack is None:
            raise ValueError("SlackAdapter needs a [slack] section")
        self.settings: SlackSettings = settings.slack
        self.service = service
        # No built-in retry handlers: bot.delivery owns retries and their logging.
        self.client = AsyncWebClient(token=self.settings.bot_token,
                                     base_url=self.settings.api_url, retry_handlers=[])
        http = self.settings.mode == "http"
        self.app = AsyncApp(
            client=self.client,
            signing_secret=self.settings.signing_secret or "",
            request_verification_enabled=http,
            ssl_check_enabled=http,
            url_verification_enabled=http,
            name="briefbot",
            logger=logging.getLogger("briefbot.slack.bolt"),
        )
        register(self.app, service, self.settings.response_type)
        self.poster = SlackPoster(self.client)
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self.http_port: int | None = None

    async def start(self) -> None:
        """Check the bot token, then connect the socket or start the web server."""
        identity = await self._call("auth.test", self.client.auth_test())
        log.info("event=slack_connected team=%s bot_user=%s mode=%s", identity.get("team"),
                 identity.get("user"), self.settings.mode)
        if self.settings.mode == "socket":
            await self._start_socket()
        else:
            await self._start_http()

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _start_socket(self) -> None:
        app_token = self.settings.app_token or ""
        # Open the first connection ourselves: a bad app token then fails start() at once,
        # where the SDK would retry it forever.
        opened = await self._call("apps.connections.open",
                                  self.client.apps_connections_open(app_token=app_token))
        handler = AsyncSocketModeHandler(self.app, app_token, web_client=self.client)
        handler.client.wss_uri = opened["url"]
        self._socket = handler
        try:
            await asyncio.wait_for(handler.connect_async(), CONNECT_TIMEOUT)
        except TimeoutError:
            await self.stop()
            raise SlackStartError(f"Slack Socket Mode: no websocket connection within "
                                  f"{CONNECT_TIMEOUT:.0f}s") from None

    async def _start_http(self) -> None:
        web_app = web.Application()
        web_app.add_routes([web.post(self.settings.http_path, self._handle)])
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.http_host, self.settings.http_port)
        try:
            await site.start()
        except OSError as e:
            await runner.cleanup()
            raise SlackStartError(f"cannot listen on {self.settings.http_host}:"
                                  f"{self.settings.http_port}: {e}") from e
        self._runner = runner
        self.http_port = int(runner.addresses[0][1])
        log.info("event=slack_http_listening host=%s port=%d path=%s", self.settings.http_host,
                 self.http_port, self.settings.http_path)

    async def _handle(self, request: web.Request) -> web.Response:
        bolt_response = await self.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def _call(self, method: str, call: Any) -> Any:
        try:
            return await call
        except SlackApiError as e:
            data = e.response.data if isinstance(e.response.data, dict) else {}
            raise SlackStartError(f"Slack {method} failed: {data.get('error') or e.response.status_code}"
                                  f" (api_url {self.settings.api_url})") from None
        except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as e:
            raise SlackStartError(f"cannot reach Slack at {self.settings.api_url}: "
                                  f"{type(e).__name__}: {e}") from None

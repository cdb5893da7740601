"""A local stand-in for Slack: the Web API methods briefbot calls, a response_url endpoint
and the Socket Mode websocket. The real slack_bolt / slack_sdk talk to it over HTTP.

Every request is recorded; failures can be scripted per method (HTTP 429 with
Retry-After, 5xx).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-test-app-token"
SIGNING_SECRET = "test-signing-secret"


@dataclass
class Failure:
    """One scripted failure for the next call of a method."""

    status: int
    retry_after: float | None = None
    error: str = "internal_error"


@dataclass
class SlackStandIn:
    api_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # response_url POSTs
    acks: list[dict[str, Any]] = field(default_factory=list)  # Socket Mode acks
    failures: dict[str, list[Failure | None]] = field(default_factory=dict)
    port: int = 0
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> SlackStandIn:
        app = web.Application()
        app.add_routes([
            web.post("/api/{method}", self._api),
            web.get("/link", self._websocket),
            web.post("/response/{hook}", self._response),
        ])
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/response/{uuid.uuid4().hex[:8]}"

    def fail_next(self, method: str, *failures: Failure | None) -> None:
        """Script the next calls of ``method``; ``None`` lets that call succeed."""
        self.failures.setdefault(method, []).extend(failures)

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [body for m, body in self.api_calls if m == method]

    # -- Web API -----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _body(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        scripted = self.failures.get(method)
        failure = scripted.pop(0) if scripted else None
        if failure is not None:
            self.api_calls.append((method + "!failed", body))
            headers = {"Retry-After": str(int(failure.retry_after))} if failure.retry_after else {}
            error = "ratelimited" if failure.status == 429 else failure.error
            if failure.status >= 500:
                return web.Response(status=failure.status, text="upstream trouble", headers=headers)
            return web.json_response({"ok": False, "error": error}, status=failure.status,
                                     headers=headers)
        self.api_calls.append((method, body))
        if method == "auth.test":
            if not token.startswith("xoxb-"):
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": "https://standin.slack.com/",
                                      "team": "Stand-in", "user": "briefbot",
                                      "team_id": "T0001", "user_id": "U0BOT", "bot_id": "B0BOT"})
        if method == "apps.connections.open":
            if not token.startswith("xapp-"):
                return web.json_response({"ok": False, "error": "not_allowed_token_type"})
            return web.json_response(
                {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link?ticket={uuid.uuid4().hex}"})
        if method == "chat.postMessage":
            if not body.get("channel"):
                return web.json_response({"ok": False, "error": "channel_not_found"})
            ts = f"1700000000.{next(self._ts):06d}"
            return web.json_response({"ok": True, "channel": body["channel"], "ts": ts,
                                      "message": {"type": "message", "text": body.get("text"),
                                                  "ts": ts, "blocks": body.get("blocks", [])}})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _response(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.Response(text="ok")

    # -- Socket Mode -------------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A0001"}})
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.acks.append(json.loads(msg.data))
        return ws

    async def send_slash_command(self, payload: dict[str, Any]) -> str:
        """Deliver a slash command over the newest socket; returns its envelope id."""
        await wait_for(lambda: bool(self._sockets))
        envelope_id = uuid.uuid4().hex
        await self._sockets[-1].send_json({"envelope_id": envelope_id, "type": "slash_commands",
                                           "accepts_response_payload": True, "payload": payload})
        return envelope_id

    # -- helpers for HTTP mode -------------------------------------------------------------

    def slash_payload(self, text: str, command: str = "/brief") -> dict[str, str]:
        return {"token": "legacy", "team_id": "T0001", "team_domain": "standin",
                "channel_id": "C0001", "channel_name": "news", "user_id": "U0001",
                "user_name": "reader", "command": command, "text": text,
                "api_app_id": "A0001", "response_url": self.response_url(),
                "trigger_id": "1.2.3"}


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return data if isinstance(data, dict) else {}
    return dict(await request.post())


def signed_headers(body: str, secret: str = SIGNING_SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack sends with a request: timestamp and v0 HMAC-SHA256 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def form(payload: dict[str, str]) -> str:
    return urllib.parse.urlencode(payload)


async def wait_for(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll until ``check()`` is true; the bot's later calls arrive after its HTTP answer."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the stand-in")
        await asyncio.sleep(0.02)

"""A local stand-in for Discord: the gateway websocket and the REST routes briefbot uses.

The real discord.py talks to it (point ``Route.BASE`` at ``api_base`` and
``DiscordWebSocket.DEFAULT_GATEWAY`` at ``gateway``). Every REST request is recorded;
failures (429, 5xx, 403) can be scripted per route.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web

from briefings.models import Briefing, Bullet, BulletKind, Position, Source, Story, Topic

APP_ID = "1000000000000000001"
BOT_ID = "1000000000000000002"
GUILD_ID = "1000000000000000003"
CHANNEL_ID = "1000000000000000004"
USER_ID = "1000000000000000005"
OWNER_ID = "1000000000000000006"


@dataclass
class Request:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    headers: dict[str, str]


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly application/json: with a charset discord.py reads the body as text.
    return web.Response(status=status, body=json.dumps(data).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


class DiscordStandIn:
    """Start with ``await standin.start()``; stop with ``await standin.stop()``."""

    def __init__(self, *, token: str = "fake-token", guild_id: str = GUILD_ID) -> None:
        self.token = token
        self.guild_id = guild_id
        self.requests: list[Request] = []
        self.failures: dict[tuple[str, str], list[Failure | None]] = {}
        self.identified = asyncio.Event()
        self._ids = itertools.count(2_000_000_000_000_000_000)
        self._seq = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        await self.start_on(0)

    async def start_on(self, port: int) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> str:
        return str(next(self._ids))

    # -- scripting and assertions ----------------------------------------------------------

    def fail(self, method: str, path_prefix: str, *failures: Failure | None) -> None:
        """The next requests matching (method, path prefix) get these answers, in order
        (None: the normal answer)."""
        self.failures.setdefault((method, path_prefix), []).extend(failures)

    def rate_limit(self, method: str, path_prefix: str, retry_after: float) -> None:
        self.fail(method, path_prefix, Failure(
            429, {"message": "You are being rate limited.", "retry_after": retry_after,
                  "global": False},
            # Discord's real 429s come through its proxy; discord.py checks for Via.
            {"Retry-After": str(max(1, round(retry_after))), "Via": "1.1 google",
             "X-RateLimit-Scope": "user"}))

    def matching(self, method: str, path_prefix: str) -> list[Request]:
        return [r for r in self.requests
                if r.method == method and r.path.startswith(path_prefix)]

    async def wait_for(self, predicate: Callable[[Request], bool], *, count: int = 1,
                       timeout: float = 5.0) -> list[Request]:
        """Wait until ``count`` recorded requests satisfy ``predicate``."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(
                lambda: len([r for r in self.requests if predicate(r)]) >= count), timeout)
        return [r for r in self.requests if predicate(r)]

    # -- gateway ---------------------------------------------------------------------------

    async def send(self, op: int, d: Any = None, t: str | None = None) -> None:
        assert self._ws is not None, "no gateway connection"
        frame: dict[str, Any] = {"op": op, "d": d, "t": t, "s": None}
        if op == 0:
            frame["s"] = next(self._seq)
        await self._ws.send_str(json.dumps(frame))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.send(0, data, event)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self.send(10, {"heartbeat_interval": 45000})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await self.send(11)
            elif frame["op"] == 2:
                await self._identify(frame["d"])
        return ws

    async def _identify(self, d: dict[str, Any]) -> None:
        assert d["token"] in (self.token, f"Bot {self.token}"), "wrong token in IDENTIFY"
        self.intents = d.get("intents")
        await self.dispatch("READY", {
            "v": 10, "user": self.bot_user(), "guilds": [{"id": self.guild_id,
                                                          "unavailable": True}],
            "session_id": "standin-session", "resume_gateway_url": self.gateway,
            "application": {"id": APP_ID, "flags": 0}})
        await self.dispatch("GUILD_CREATE", self.guild())
        self.identified.set()

    def bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "username": "briefbot", "discriminator": "0", "global_name": None,
                "avatar": None, "bot": True, "verified": True, "mfa_enabled": False, "flags": 0}

    def guild(self) -> dict[str, Any]:
        return {"id": self.guild_id, "name": "Stand-in guild", "icon": None, "owner_id": OWNER_ID,
                "unavailable": False, "member_count": 2, "large": False, "features": [],
                "roles": [{"id": self.guild_id, "name": "@everyone", "permissions": "0",
                           "position": 0, "color": 0, "hoist": False, "managed": False,
                           "mentionable": False}],
                "emojis": [], "stickers": [], "members": [], "voice_states": [],
                "presences": [], "threads": [], "stage_instances": [],
                "guild_scheduled_events": [], "soundboard_sounds": [],
                "channels": [{"id": CHANNEL_ID, "type": 0, "name": "news", "position": 0,
                              "permission_overwrites": [], "guild_id": self.guild_id}],
                "verification_level": 0, "default_message_notifications": 0,
                "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0,
                "premium_tier": 0, "preferred_locale": "en-US", "system_channel_flags": 0}

    def user(self) -> dict[str, Any]:
        return {"id": USER_ID, "username": "reader", "discriminator": "0", "global_name": "Reader",
                "avatar": None}

    async def interaction(self, itype: int, data: dict[str, Any]) -> str:
        """Dispatch an INTERACTION_CREATE; returns its token."""
        token = f"itoken-{self.next_id()}"
        await self.dispatch("INTERACTION_CREATE", {
            "id": self.next_id(), "application_id": APP_ID, "type": itype, "token": token,
            "version": 1, "attachment_size_limit": 8 * 1024 * 1024,
            "guild_id": self.guild_id, "channel_id": CHANNEL_ID,
            "channel": {"id": CHANNEL_ID, "type": 0, "name": "news", "guild_id": self.guild_id,
                        "position": 0, "permission_overwrites": []},
            "member": {"user": self.user(), "roles": [], "joined_at": "2026-01-01T00:00:00+00:00",
                       "deaf": False, "mute": False, "flags": 0, "permissions": "2248473465835073"},
            "app_permissions": "2248473465835073", "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": self.guild_id},
            "context": 0, "data": {**data, **self._command_guild()},
        })
        return token

    def _command_guild(self) -> dict[str, str]:
        """Discord names the guild in ``data`` only for commands registered to a guild."""
        synced = [r for r in self.requests if r.method == "PUT" and r.path.endswith("/commands")]
        if synced and "/guilds/" in synced[-1].path:
            return {"guild_id": self.guild_id}
        return {}

    async def slash(self, name: str, **options: Any) -> str:
        """A slash command, as Discord sends it for a command synced to this guild."""
        opts = [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
                for k, v in options.items()]
        return await self.interaction(2, {"id": self.command_id(name), "name": name, "type": 1,
                                          "options": opts})

    async def autocomplete(self, name: str, option: str, typed: str) -> str:
        return await self.interaction(4, {
            "id": self.command_id(name), "name": name, "type": 1,
            "options": [{"name": option, "type": 3, "value": typed, "focused": True}]})

    def command_id(self, name: str) -> str:
        for r in reversed(self.requests):
            if r.method == "PUT" and r.path.endswith("/commands"):
                for c in r.body:
                    if c["name"] == name:
                        return str(c.get("id") or APP_ID)
        return APP_ID

    # -- REST ------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        rec = Request(request.method, path, dict(request.query), body, dict(request.headers))
        async with self._changed:
            self.requests.append(rec)
            self._changed.notify_all()
        for (method, prefix), queue in self.failures.items():
            if method == request.method and path.startswith(prefix) and queue:
                f = queue.pop(0)
                if f is not None:
                    return _json(f.body, f.status, f.headers)
                break
        return self._answer(rec)

    def _answer(self, r: Request) -> web.Response:
        auth = r.headers.get("Authorization")
        parts = r.path.strip("/").split("/")
        if r.path == "/users/@me":
            if auth != f"Bot {self.token}":
                return _json({"message": "401: Unauthorized", "code": 0}, 401)
            return _json(self.bot_user())
        if r.path == "/oauth2/applications/@me":
            return _json({"id": APP_ID, "name": "briefbot", "description": "", "icon": None,
                          "bot_public": False, "bot_require_code_grant": False,
                          "owner": {**self.user(), "id": OWNER_ID}, "verify_key": "00" * 32,
                          "flags": 0})
        if r.method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return _json([{**c, "id": self.next_id(), "application_id": APP_ID,
                           "version": self.next_id()} for c in r.body])
        if r.method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return _json(self.message(parts[1], r.body))
        if r.method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], r.body)
        if r.method == "POST" and parts[0] == "webhooks" and len(parts) == 3:
            return _json(self.message(CHANNEL_ID, r.body, webhook_id=parts[1]))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def message(self, channel_id: str, body: dict[str, Any] | None,
                webhook_id: str | None = None) -> dict[str, Any]:
        body = body or {}
        msg = {"id": self.next_id(), "channel_id": channel_id, "type": 0,
               "content": body.get("content") or "", "embeds": body.get("embeds") or [],
               "author": self.bot_user(), "attachments": [], "mentions": [],
               "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
               "timestamp": "2026-05-04T08:00:00+00:00", "edited_timestamp": None,
               "flags": body.get("flags") or 0, "components": []}
        if webhook_id:
            msg["webhook_id"] = webhook_id
        return msg

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> web.Response:
        rtype = body["type"]
        flags = (body.get("data") or {}).get("flags") or 0
        data: dict[str, Any] = {"interaction": {
            "id": interaction_id, "type": 2, "response_message_loading": rtype == 5,
            "response_message_ephemeral": bool(flags & 64)}}
        if rtype in (4, 5):
            data["resource"] = {"type": rtype,
                                "message": self.message(CHANNEL_ID, body.get("data"))}
        else:
            data["resource"] = {"type": rtype}
        return _json(data)

    # -- what the bot answered to an interaction --------------------------------------------

    def callbacks(self, token: str) -> list[Request]:
        return [r for r in self.requests
                if r.path.startswith("/interactions/") and r.path.split("/")[3] == token]

    def followups(self, token: str) -> list[Request]:
        return [r for r in self.requests if r.method == "POST" and r.path ==
                f"/webhooks/{APP_ID}/{token}"]


# -- test data: a small store and a config pointing at the stand-in ----------------------------

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
WEBHOOK_URL = "https://discord.com/api/webhooks/1000000000000000009/" + "w" * 68

ARTICLES = [
    ("nato-1", "NATO ministers expand air defence support for Ukraine", "Example Wire",
     "NATO defence ministers agreed on Tuesday to expand air defence support for Ukraine. "
     "Secretary General Mark Rutte said the alliance would not allow Russia to outlast "
     "Kyiv's partners. Allies have pledged $175 billion in military aid since 2022. "
     "The ministers will meet again on Friday in Brussels to agree a delivery schedule."),
    ("nato-2", "Kyiv asks NATO allies for more Patriot systems", "Daily Ledger",
     "Ukraine's foreign minister Andrii Sybiha said Kyiv needed at least seven more Patriot "
     "systems before winter. The request follows strikes that damaged 40 percent of the "
     "country's generating capacity. Officials will present the list at the NATO summit "
     "in The Hague next month."),
]


def settings_toml(standin: DiscordStandIn, store_path: Path, *, ephemeral: bool = True,
                  token: bool = True, guild: bool = True) -> str:
    discord_section = "\n".join([
        "[discord]",
        'token = "${DISCORD_TOKEN}"' if token else "",
        f"guild_ids = [{standin.guild_id}]" if token and guild else "",
        f"ephemeral = {'true' if ephemeral else 'false'}",
        f'api_base = "{standin.api_base}"',
        f'gateway_url = "{standin.gateway}"',
    ])
    channel = (f'[[channels]]\nplatform = "discord"\nchannel = "{CHANNEL_ID}"\n'
               f'topics = ["ukraine-nato"]\n') if token else ""
    return f"""
[storage]
path = "{store_path}"

[[feeds]]
url = "https://wire.example/feed.xml"
name = "Example Wire"

[topics.ukraine-nato]
title = "Ukraine & NATO"
any = ["ukraine", "nato", "kyiv"]

[topics.climate]
title = "Climate"
any = ["climate"]

{discord_section}

{channel}
[[channels]]
platform = "discord"
webhook_url = "{WEBHOOK_URL}"
topics = ["ukraine-nato"]
"""


def fill_store(store: Any, now: datetime = NOW) -> None:
    """Store the invented articles as the pipeline would after a poll."""
    by_outlet: dict[str, list[SimpleNamespace]] = {}
    for uid, title, outlet, text in ARTICLES:
        by_outlet.setdefault(outlet, []).append(SimpleNamespace(
            uid=uid, url=f"https://news.example/{uid}", title=title, text=text,
            published=now - timedelta(hours=2), author=None))
    for outlet, entries in by_outlet.items():
        result = SimpleNamespace(url=f"https://{outlet.replace(' ', '').lower()}.example/feed",
                                 status="ok", entries=tuple(entries), title=outlet, etag=None,
                                 last_modified=None, error=None)
        store.record_poll(result, now=now - timedelta(hours=1), name=outlet)


def long_briefing(stories: int = 12, bullets: int = 6, words: int = 25) -> Briefing:
    """A briefing far over one message's limits, each bullet numbered to find it again."""
    topic = Topic(slug="ukraine-nato", title="Ukraine & NATO")
    out = []
    for s in range(stories):
        sources = tuple(Source(article_id=f"a{s}-{i}", outlet=f"Outlet {i}",
                               title=f"Story {s} report {i} [live]",
                               url=f"https://news.example/{s}/{i}?a=(b)")
                        for i in range(3))

        def make(kind: BulletKind, n: int, s: int = s, sources: tuple[Source, ...] = sources
                 ) -> tuple[Bullet, ...]:
            item = Position(who="Mark Rutte", stance="x", evidence="x")
            return tuple(Bullet(kind=kind, text=f"<{kind} {s}.{i}> " + " ".join(
                ["NATO *allies* said_more"] * words) + f" </{kind} {s}.{i}>",
                sources=sources, evidence="x", item=item) for i in range(n))

        out.append(Story(title=f"Story {s}: NATO and Ukraine", sources=sources,
                         positions=make("position", bullets), figures=make("figure", bullets),
                         events=make("event", bullets)))
    return Briefing(topic=topic, since=NOW - timedelta(days=1), until=NOW, stories=tuple(out))


async def _serve(port: int, brief: str | None) -> None:
    """Run the stand-in by hand: log what the bot sends; optionally try /brief once ready."""
    standin = DiscordStandIn(token=os.environ.get("DISCORD_TOKEN", "fake-token"))
    await standin.start_on(port)
    print(f"api_base = {standin.api_base}\ngateway_url = {standin.gateway}", flush=True)
    seen = 0
    while True:
        await asyncio.sleep(0.2)
        for r in standin.requests[seen:]:
            body = r.body if isinstance(r.body, dict) else {}
            titles = [e.get("title") for e in body.get("embeds") or []]
            print(f"{r.method} {r.path} {titles or body.get('content') or ''}", flush=True)
            if brief and r.method == "PUT" and r.path.endswith("/commands"):
                await standin.slash("brief", topic=brief)
        seen = len(standin.requests)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=_serve.__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--brief", metavar="TOPIC", help="send /brief topic:TOPIC once synced")
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.port, args.brief))
    except KeyboardInterrupt:
        pass


@pytest.fixture
async def discord_standin(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordStandIn]:
    """A running stand-in. The adapter points discord.py at it itself (api_base /
    gateway_url); monkeypatch guarantees the class attributes are restored whatever
    happens."""
    s = DiscordStandIn()
    await s.start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(s.gateway))
    yield s
    await s.stop()

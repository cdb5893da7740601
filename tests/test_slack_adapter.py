"""SlackAdapter end to end: /brief over HTTP (signed requests) and over Socket Mode, with
the real slack_bolt / slack_sdk against the local Slack stand-in and a real store."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest

from bot import messages
from bot.service import BriefService
from bot.slack import SlackAdapter, SlackStartError
from briefings.config import Settings, parse_settings
from briefings.store import Store
from tests.slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    form,
    signed_headers,
    wait_for,
)

NOW = datetime(2025, 2, 17, 12, 0, tzinfo=UTC)
CONFIG = """
[storage]
path = "STORE"

[[feeds]]
url = "https://wire.example/feed.xml"
name = "Kyiv Wire"

[topics.ukraine-nato]
title = "Ukraine & NATO"
any = ["Ukraine", "NATO"]

[topics.energy]
title = "Energy"
any = ["gas"]

[slack]
bot_token = "${SLACK_BOT_TOKEN}"
mode = "MODE"
app_token = "${SLACK_APP_TOKEN}"
signing_secret = "${SLACK_SIGNING_SECRET}"
http_host = "127.0.0.1"
http_port = 0
api_url = "API_URL"
"""
ENV = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN,
       "SLACK_SIGNING_SECRET": SIGNING_SECRET}
ARTICLES = [
    ("a1", "NATO allies pledge more aid to Ukraine",
     "NATO Secretary General Mark Rutte said that support for Ukraine must continue. "
     "Allies have pledged $175 billion in military aid since 2022. "
     "NATO defence ministers will meet in Brussels on Friday to discuss air defence."),
    ("a2", "Ukraine asks allies for air defence",
     "Ukrainian Foreign Minister Andrii Sybiha said Kyiv needs more air defence systems. "
     "The European Union approved €50 billion for Ukraine last year."),
]


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                 "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    s = await SlackStandIn().start()
    yield s
    await s.stop()


def make_settings(standin: SlackStandIn, tmp_path: Path, mode: str, extra: str = "") -> Settings:
    text = (CONFIG.replace("STORE", str(tmp_path / "s.sqlite3"))
            .replace("MODE", mode).replace("API_URL", standin.api_url)) + extra
    return parse_settings(text, env=ENV)


def make_service(settings: Settings) -> BriefService:
    store = Store(settings.storage.path)
    entries = [SimpleNamespace(uid=uid, url=f"https://wire.example/{uid}", title=title,
                               text=text, published=NOW - timedelta(hours=2))
               for uid, title, text in ARTICLES]
    result = SimpleNamespace(url="https://wire.example/feed.xml", status="ok", entries=entries,
                             title="Kyiv Wire", etag=None, last_modified=None, error=None)
    store.record_poll(result, now=NOW - timedelta(hours=1), name="Kyiv Wire")
    return BriefService(settings, store, clock=lambda: NOW)


@pytest.fixture
async def http_bot(standin: SlackStandIn, tmp_path: Path) -> AsyncIterator[SlackAdapter]:
    settings = make_settings(standin, tmp_path, "http")
    service = make_service(settings)
    adapter = SlackAdapter(settings, service)
    await adapter.start()
    yield adapter
    await adapter.stop()
    service.store.close()


async def post_command(adapter: SlackAdapter, body: str,
                       headers: dict[str, str]) -> tuple[int, str, float]:
    url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
    started = time.monotonic()
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body.encode(), headers=headers) as resp:
            return resp.status, await resp.text(), time.monotonic() - started


def block_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def test_http_signed_brief_acks_fast_then_responds_with_blocks(
        standin: SlackStandIn, http_bot: SlackAdapter) -> None:
    body = form(standin.slash_payload("ukraine-nato"))
    status, text, elapsed = await post_command(http_bot, body, signed_headers(body))
    assert status == 200 and elapsed < 3
    assert text == messages.PREPARING
    await wait_for(lambda: bool(standin.responses))
    [response] = standin.responses
    assert response["response_type"] == "ephemeral"
    blocks = response["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"].startswith("Ukraine & NATO — Mon 17 Feb 2025")
    for label in ("*Positions*", "*Figures*", "*Next events*"):
        assert label in block_text(blocks)
    assert "$175 billion" in block_text(blocks)
    # The bot token was checked at start; chat.postMessage is not used for /brief.
    assert standin.calls("auth.test") and not standin.calls("chat.postMessage")


async def test_http_wrong_signature_is_401(standin: SlackStandIn, http_bot: SlackAdapter) -> None:
    body = form(standin.slash_payload("ukraine-nato"))
    status, _, _ = await post_command(http_bot, body, signed_headers(body, secret="wrong"))
    assert status == 401
    assert not standin.responses


async def test_http_stale_timestamp_is_401(standin: SlackStandIn, http_bot: SlackAdapter) -> None:
    body = form(standin.slash_payload("ukraine-nato"))
    old = int(time.time()) - 6 * 60
    status, _, _ = await post_command(http_bot, body, signed_headers(body, timestamp=old))
    assert status == 401


@pytest.mark.parametrize("text, expected", [
    ("nosuchtopic", "Unknown topic “nosuchtopic”"),
    ("ukraine-nato soon", "hours must be a number"),
    ("", "Usage: /brief &lt;topic&gt; [hours]"),
    ("help", "Usage: /brief"),
])
async def test_http_helpful_ephemeral_answers(standin: SlackStandIn, http_bot: SlackAdapter,
                                              text: str, expected: str) -> None:
    body = form(standin.slash_payload(text))
    status, answer, _ = await post_command(http_bot, body, signed_headers(body))
    assert status == 200
    assert expected in answer
    assert "ukraine-nato — Ukraine &amp; NATO" in answer and "energy — Energy" in answer
    assert not standin.responses  # answered in the ack (ephemeral by default)


async def test_http_status_lists_feed_health(standin: SlackStandIn,
                                             http_bot: SlackAdapter) -> None:
    body = form(standin.slash_payload("status"))
    status, _, _ = await post_command(http_bot, body, signed_headers(body))
    assert status == 200
    await wait_for(lambda: bool(standin.responses))
    [response] = standin.responses
    assert response["response_type"] == "ephemeral"
    assert "1 polled, 0 failing" in response["text"]
    assert "Kyiv Wire: ok, last success 60 min ago" in response["text"]


async def test_http_failure_is_a_polite_ephemeral(standin: SlackStandIn,
                                                  http_bot: SlackAdapter,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    http_bot.service.store.close()  # a real failure: the briefing cannot be read
    body = form(standin.slash_payload("ukraine-nato"))
    status, text, _ = await post_command(http_bot, body, signed_headers(body))
    assert status == 200 and text == messages.PREPARING
    await wait_for(lambda: bool(standin.responses))
    assert standin.responses == [{"text": messages.FAILED, "response_type": "ephemeral"}]
    assert sum("slack_command_failed" in r.getMessage() for r in caplog.records) == 1


async def test_socket_mode_slash_command(standin: SlackStandIn, tmp_path: Path) -> None:
    settings = make_settings(standin, tmp_path, "socket", 'response_type = "in_channel"\n')
    service = make_service(settings)
    adapter = SlackAdapter(settings, service)
    await adapter.start()
    try:
        assert standin.calls("apps.connections.open")
        envelope_id = await standin.send_slash_command(standin.slash_payload("ukraine-nato"))
        await wait_for(lambda: any(a.get("envelope_id") == envelope_id for a in standin.acks))
        [ack] = [a for a in standin.acks if a.get("envelope_id") == envelope_id]
        assert ack["payload"] == {"text": messages.PREPARING}
        await wait_for(lambda: bool(standin.responses))
        assert standin.responses[0]["response_type"] == "in_channel"
        blocks = standin.responses[0]["blocks"]
        assert blocks[0]["type"] == "header"
        for label in ("*Positions*", "*Figures*", "*Next events*"):
            assert label in block_text(blocks)
    finally:
        await adapter.stop()
        service.store.close()


async def test_start_fails_fast_on_a_refused_app_token(standin: SlackStandIn,
                                                       tmp_path: Path) -> None:
    settings = make_settings(standin, tmp_path, "socket")
    service = make_service(settings)
    bad = settings.model_copy(update={"slack": settings.slack.model_copy(  # type: ignore[union-attr]
        update={"app_token": "xoxb-not-an-app-token"})})
    adapter = SlackAdapter(bad, service)
    with pytest.raises(SlackStartError, match="not_allowed_token_type"):
        await adapter.start()
    await adapter.stop()
    service.store.close()


def test_manifest_declares_what_the_adapter_uses() -> None:
    manifest = (Path(__file__).resolve().parents[1] / "config" / "slack-app-manifest.yaml"
                ).read_text(encoding="utf-8")
    assert "- command: /brief" in manifest
    assert "- chat:write" in manifest and "- commands" in manifest
    assert "socket_mode_enabled: true" in manifest

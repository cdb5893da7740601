"""The "done when" of the platform issues, as a new user would try it: `briefbot run` on the
example config plus a [slack] section (HTTP mode) and a [discord] section, both pointed at
local stand-ins. It answers /brief on both and posts the scheduled briefing once to each."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from tests.conftest import REPO, free_port
from tests.discord_standin import CHANNEL_ID, DiscordStandIn
from tests.slack_standin import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    form,
    signed_headers,
    wait_for,
)


async def test_briefbot_run_answers_and_posts_on_slack_and_discord(
        tmp_path: Path, example_toml: str, discord_standin: DiscordStandIn) -> None:
    slack = await SlackStandIn().start()
    port = free_port()
    # One slot, a few seconds after start, in UTC.
    slot = (datetime.now(UTC) + timedelta(seconds=12)).replace(microsecond=0)
    cron = f"{slot.second} {slot.minute} {slot.hour} * * *"
    cfg = tmp_path / "briefbot.toml"
    cfg.write_text(example_toml + f"""
[slack]
bot_token = "${{SLACK_BOT_TOKEN}}"
mode = "http"
signing_secret = "${{SLACK_SIGNING_SECRET}}"
http_host = "127.0.0.1"
http_port = {port}
api_url = "{slack.api_url}"

[discord]
token = "${{DISCORD_TOKEN}}"
guild_ids = [{discord_standin.guild_id}]
api_base = "{discord_standin.api_base}"
gateway_url = "{discord_standin.gateway}"

[[channels]]
platform = "slack"
channel = "C0NEWS"
topics = ["ukraine-nato"]
schedule = "{cron}"
timezone = "UTC"

[[channels]]
platform = "discord"
channel = "{CHANNEL_ID}"
topics = ["ukraine-nato"]
schedule = "{cron}"
timezone = "UTC"
""")
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "DISCORD_TOKEN": discord_standin.token}
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--config", str(cfg)],
                                cwd=REPO, env=env, stdout=out, stderr=out)
    try:
        # Slack HTTP mode: a signed /brief is answered within 3 s, the briefing follows.
        await wait_for(lambda: b"event=running" in log.read_bytes(), timeout=30)
        body = form(slack.slash_payload("ukraine-nato"))
        started = time.monotonic()
        async with aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                                 headers=signed_headers(body)) as resp:
                assert resp.status == 200
        assert time.monotonic() - started < 3
        await wait_for(lambda: any(r.get("blocks") for r in slack.responses), timeout=15)
        blocks = json.dumps([r["blocks"] for r in slack.responses if r.get("blocks")])
        for section in ("Positions", "Figures", "Next events"):
            assert section in blocks

        # Discord: /brief topic:ukraine-nato is deferred, then followed up with embeds.
        token = await discord_standin.slash("brief", topic="ukraine-nato")
        await discord_standin.wait_for(
            lambda r: r.method == "POST" and r.path.endswith(token), timeout=15)
        follow = json.dumps([r.body for r in discord_standin.followups(token)])
        for section in ("Positions", "Figures", "Next events"):
            assert section in follow

        # The scheduled slot: exactly one post to each platform's channel.
        await wait_for(lambda: slack.calls("chat.postMessage"), timeout=40)
        await discord_standin.wait_for(
            lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages",
            timeout=20)
        await asyncio.sleep(2)
        assert [c["channel"] for c in slack.calls("chat.postMessage")] == ["C0NEWS"]
        assert len(discord_standin.matching("POST", f"/channels/{CHANNEL_ID}/messages")) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = await asyncio.to_thread(proc.wait, 30)
        await slack.stop()
    assert rc == 0, log.read_text()[-3000:]

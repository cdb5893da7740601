"""Operations: /healthz and /metrics, `briefbot status`, and no secret in any log line."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.app import BriefbotApp
from bot.cli import main
from bot.scheduling import cron_check
from briefings.config import parse_settings
from tests.conftest import REPO, free_port
from tests.feedserver import FeedServer
from tests.slack_standin import SlackStandIn

SAMPLES = REPO / "config" / "samples"


async def test_healthz_and_metrics(tmp_path: Path) -> None:
    port = free_port()
    s = parse_settings(f"""
[storage]
path = "{tmp_path / 's.sqlite3'}"
[[feeds]]
url = "{SAMPLES / 'world.xml'}"
[[feeds]]
url = "{tmp_path / 'missing.xml'}"
[health]
port = {port}
""", env={}, cron_check=cron_check)
    app = BriefbotApp(s)
    await app.open()
    try:
        await app.start_background()
        await app.poll()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 200 and (await r.text()).strip() == "ok"
            async with http.get(f"http://127.0.0.1:{port}/metrics") as r:
                assert r.status == 200
                assert r.headers["Content-Type"].startswith("text/plain; version=")
                text = await r.text()
        assert 'briefbot_feeds_polled_total{outcome="ok"} 1.0' in text
        assert 'briefbot_feeds_polled_total{outcome="error"} 1.0' in text
        assert "briefbot_articles_stored_total 3.0" in text
        assert "briefbot_poll_cycle_seconds_count 1.0" in text
        assert "briefbot_failing_feeds 1.0" in text
        app.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 503
    finally:
        await app.close()


def test_status_names_a_failing_feed_and_its_reason(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with FeedServer() as server:
        bad = server.fail("/down.xml", 503)
        cfg = tmp_path / "c.toml"
        cfg.write_text(f"""
[storage]
path = "{tmp_path / 's.sqlite3'}"
[[feeds]]
url = "{SAMPLES / 'wire.xml'}"
name = "Wire"
[[feeds]]
url = "{bad}"
name = "Flaky host"
[topics.t]
any = ["NATO"]
[[channels]]
platform = "console"
channel = "stdout"
topics = ["t"]
""")
        assert main(["poll", "--config", str(cfg)]) == 0
        out = capsys.readouterr().out
        assert "broken: Flaky host: HTTP 503" in out
    assert main(["status", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "Feeds: 2 configured, 2 polled, 1 failing" in out
    assert "Flaky host: FAILING since" in out and "HTTP 503" in out
    assert "Wire: ok, last success" in out
    assert "console:stdout [t]: no delivery yet" in out


async def test_no_secret_in_the_logs_of_a_full_run(tmp_path: Path) -> None:
    standin = await SlackStandIn().start()
    secrets = {"SLACK_BOT_TOKEN": "xoxb-test-bot-token", "SLACK_SIGNING_SECRET": "sigsecret-0042",
               "FEED_KEY": "sk-very-secret-key-1234"}
    try:
        cfg = tmp_path / "c.toml"
        cfg.write_text(f"""
[storage]
path = "{tmp_path / 's.sqlite3'}"
[[feeds]]
url = "{SAMPLES / 'world.xml'}"
[[feeds]]
url = "http://127.0.0.1:9/${{FEED_KEY}}/feed.xml"
[topics.ukraine-nato]
any = ["NATO"]
[[channels]]
platform = "slack"
channel = "C0NEWS"
topics = ["ukraine-nato"]
[slack]
bot_token = "${{SLACK_BOT_TOKEN}}"
mode = "http"
signing_secret = "${{SLACK_SIGNING_SECRET}}"
http_host = "127.0.0.1"
http_port = 0
api_url = "{standin.api_url}"
[logging]
level = "DEBUG"
""")
        import os
        env = {**os.environ, **secrets}
        proc = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "run", "--once", "--config", str(cfg)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    finally:
        await standin.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert standin.calls("chat.postMessage"), proc.stderr[-3000:]
    log = proc.stdout + proc.stderr
    assert "level=DEBUG" in log and "event=posted" in log
    for value in secrets.values():
        assert value not in log


async def test_a_refused_token_at_start_is_a_clear_error(tmp_path: Path) -> None:
    from tests.slack_standin import Failure
    standin = await SlackStandIn().start()
    standin.fail_next("auth.test", Failure(200, error="invalid_auth"))
    try:
        cfg = tmp_path / "c.toml"
        cfg.write_text(f"""
[storage]
path = "{tmp_path / 's.sqlite3'}"
[slack]
bot_token = "${{SLACK_BOT_TOKEN}}"
app_token = "${{SLACK_APP_TOKEN}}"
api_url = "{standin.api_url}"
""")
        import os
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-revoked-000", "SLACK_APP_TOKEN": "xapp-1-x"}
        proc = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "run", "--once", "--config", str(cfg)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    finally:
        await standin.stop()
    assert proc.returncode == 1
    assert "Slack auth.test failed: invalid_auth" in proc.stderr
    assert "Traceback" not in proc.stderr and "xoxb-revoked-000" not in proc.stderr

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.scheduling import cron_check
from briefings.config import find_config, load_settings, parse_duration, parse_settings
from briefings.errors import ConfigError
from tests.conftest import EXAMPLE

BASE = """
[[feeds]]
url = "feed.xml"
[topics.ukraine-nato]
title = "Ukraine & NATO"
any = ["NATO"]
"""


def problems(text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as e:
        parse_settings(text, env=env or {}, cron_check=cron_check)
    return e.value.problems


def test_example_config_is_valid() -> None:
    s = load_settings(EXAMPLE, env={}, cron_check=cron_check)
    assert "ukraine-nato" in s.topics
    assert s.channels[0].platform == "console"
    assert s.channels[0].lookback == timedelta(hours=24)
    assert s.storage.path == "data/briefbot.sqlite3"


def test_every_problem_is_reported_at_once_with_its_key_path() -> None:
    found = problems(BASE + """
[storage]
path = "x.db"
colour = "blue"
[[channels]]
platform = "console"
channel = "stdout"
topics = ["ukraine-nato", "elections"]
schedule = "0 25 * * *"
timezone = "Europe/Atlantis"
""")
    text = "\n".join(found)
    assert "storage.colour: unknown key" in text
    assert "channels[0].schedule: bad cron string '0 25 * * *'" in text
    assert "channels[0].topics[1]: topic 'elections' is not defined" in text
    assert "channels[0].timezone: unknown timezone 'Europe/Atlantis'" in text
    assert len(found) == 4


def test_missing_env_var_and_literal_secret() -> None:
    found = problems(BASE + """
[slack]
bot_token = "${SLACK_BOT_TOKEN}"
app_token = "xapp-literal-secret"
""")
    assert "slack.bot_token: environment variable SLACK_BOT_TOKEN is not set" in found
    assert any(p.startswith("slack.app_token: secrets must not be written") for p in found)


def test_env_references_are_expanded() -> None:
    s = parse_settings(BASE + """
[slack]
bot_token = "${SLACK_BOT_TOKEN}"
app_token = "${SLACK_APP_TOKEN}"
""", env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert s.slack is not None and s.slack.bot_token == "xoxb-1"
    assert "xoxb-1" in s.secrets


@pytest.mark.parametrize("value,expected", [
    ("15m", timedelta(minutes=15)), ("24h", timedelta(hours=24)), ("1h30m", timedelta(minutes=90)),
    ("2d", timedelta(days=2)), (90, timedelta(seconds=90))])
def test_durations(value: object, expected: timedelta) -> None:
    assert parse_duration(value) == expected


@pytest.mark.parametrize("value", ["15x", "", "-1m", "0s", "h"])
def test_bad_durations(value: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_not_toml() -> None:
    assert problems("[storage\npath=")[0].startswith("not valid TOML")


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config(None, env={}) == Path("config/example.toml")
    (tmp_path / "briefbot.toml").write_text("")
    assert find_config(None, env={}) == Path("briefbot.toml")
    assert find_config(None, env={"BRIEFBOT_CONFIG": "/x.toml"}) == Path("/x.toml")
    assert find_config("given.toml", env={"BRIEFBOT_CONFIG": "/x.toml"}) == Path("given.toml")


def test_check_config_exit_2_names_all_three(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE + """
[[feeds]]
url = "other.xml"
speed = 3
[[channels]]
platform = "console"
channel = "stdout"
topics = ["nope"]
schedule = "every morning"
""")
    assert main(["check-config", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "feeds[1].speed: unknown key" in err
    assert "channels[0].schedule: bad cron string" in err
    assert "channels[0].topics[0]: topic 'nope' is not defined" in err
    assert "Traceback" not in err


def test_missing_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", "--config", str(tmp_path / "none.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_platform_sections() -> None:
    found = problems(BASE + """
[slack]
bot_token = "${T}"
mode = "http"
[[channels]]
platform = "discord"
channel = "general"
topics = ["ukraine-nato"]
[[channels]]
platform = "discord"
webhook_url = "https://example.com/hook"
topics = ["ukraine-nato"]
[[channels]]
platform = "webhook"
topics = ["ukraine-nato"]
""", env={"T": "xoxp-user-token"})
    text = "\n".join(found)
    assert "bot_token must be a bot token starting with 'xoxb-'" in text
    assert "http mode needs signing_secret" in text
    assert "channels[0]: Value error" not in text
    assert "numeric channel id" in text
    assert "webhook_url' must look like" in text
    assert "a webhook channel needs 'url'" in text


def test_a_feed_listed_twice() -> None:
    assert problems(BASE + '[[feeds]]\nurl = "feed.xml"\n') == [
        "feeds[1].url: the same feed as feeds[0]"]

"""The real discord.py client against the local Discord stand-in: login, READY, command sync,
/brief with its autocomplete, errors and feed status."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.discord import DiscordAdapter
from bot.service import BriefService
from briefings.config import parse_settings
from briefings.store import Store
from tests.discord_standin import (
    APP_ID,
    GUILD_ID,
    NOW,
    DiscordStandIn,
    fill_store,
    settings_toml,
)

EPHEMERAL = 64


@pytest.fixture
def standin(discord_standin: DiscordStandIn) -> DiscordStandIn:
    return discord_standin


@pytest.fixture
async def adapter(standin: DiscordStandIn, tmp_path: Path) -> AsyncIterator[DiscordAdapter]:
    settings = parse_settings(settings_toml(standin, tmp_path / "s.sqlite3"),
                              env={"DISCORD_TOKEN": standin.token})
    store = Store(settings.storage.path)
    fill_store(store)
    service = BriefService(settings, store, clock=lambda: NOW)
    a = DiscordAdapter(settings, service, ready_timeout=5, guild_ready_timeout=0.1)
    await a.start()
    yield a
    await a.stop()
    store.close()


async def test_login_ready_and_command_sync(adapter: DiscordAdapter,
                                            standin: DiscordStandIn) -> None:
    assert adapter.client is not None and adapter.client.is_ready()
    assert standin.matching("GET", "/users/@me")
    assert standin.intents == discord.Intents(guilds=True).value  # no privileged intents
    [sync] = standin.matching("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.body}
    assert set(commands) == {"brief", "brief-status"}
    options = {o["name"]: o for o in commands["brief"]["options"]}
    assert options["topic"]["autocomplete"] is True and options["topic"]["required"] is True
    assert options["hours"]["type"] == 4 and options["hours"]["required"] is False
    assert (options["hours"]["min_value"], options["hours"]["max_value"]) == (1, 336)
    assert not standin.matching("PUT", f"/applications/{APP_ID}/commands")  # guild sync only


async def test_brief_defers_then_follows_up_with_the_briefing(
        adapter: DiscordAdapter, standin: DiscordStandIn) -> None:
    token = await standin.slash("brief", topic="ukraine-nato")
    [followup] = await standin.wait_for(lambda r: r.path.endswith(f"/{token}"))
    [callback] = standin.callbacks(token)
    assert callback.body["type"] == 5  # deferred: "briefbot is thinking…"
    assert standin.requests.index(callback) < standin.requests.index(followup)
    assert callback.body["data"]["flags"] == EPHEMERAL
    assert callback.query == {"with_response": "1"}
    assert followup.body["flags"] == EPHEMERAL
    embeds = followup.body["embeds"]
    assert embeds[0]["title"].startswith("Ukraine & NATO — Mon 04 May 2026")
    fields = [f["name"] for e in embeds[1:] for f in e["fields"]]
    assert {"Positions", "Figures", "Next events", "Sources"} <= set(fields)
    values = "\n".join(f["value"] for e in embeds[1:] for f in e["fields"])
    assert "Mark Rutte" in values and "$175 billion" in values and "Friday" in values
    assert "](https://news.example/nato-1)" in values  # sources are links


async def test_autocomplete_matches_slug_and_title(adapter: DiscordAdapter,
                                                   standin: DiscordStandIn) -> None:
    token = await standin.autocomplete("brief", "topic", "ukr")
    [answer] = await standin.wait_for(lambda r: r.path.startswith("/interactions/")
                                      and f"/{token}/" in r.path)
    assert answer.body["type"] == 8
    values = [c["value"] for c in answer.body["data"]["choices"]]
    assert values == ["ukraine-nato"]
    token = await standin.autocomplete("brief", "topic", "clim")
    [answer] = await standin.wait_for(lambda r: f"/{token}/" in r.path)
    assert [c["value"] for c in answer.body["data"]["choices"]] == ["climate"]
    token = await standin.autocomplete("brief", "topic", "")
    [answer] = await standin.wait_for(lambda r: f"/{token}/" in r.path)
    assert [c["value"] for c in answer.body["data"]["choices"]] == [
        "ukraine-nato", "climate", "status"]


async def test_unknown_topic_is_an_ephemeral_error(adapter: DiscordAdapter,
                                                   standin: DiscordStandIn) -> None:
    token = await standin.slash("brief", topic="nosuchtopic")
    [answer] = await standin.wait_for(lambda r: f"/{token}/" in r.path)
    assert answer.body["type"] == 4
    assert answer.body["data"]["flags"] == EPHEMERAL
    text = answer.body["data"]["content"]
    assert "Unknown topic “nosuchtopic”" in text and "ukraine-nato" in text
    assert not standin.followups(token)


async def test_out_of_range_hours_is_an_ephemeral_error(adapter: DiscordAdapter,
                                                        standin: DiscordStandIn) -> None:
    token = await standin.slash("brief", topic="ukraine-nato", hours=1000)
    [answer] = await standin.wait_for(lambda r: f"/{token}/" in r.path)
    assert answer.body["data"]["flags"] == EPHEMERAL
    assert "hours must be between 1 and 336" in answer.body["data"]["content"]


async def test_status_as_topic_and_as_command(adapter: DiscordAdapter,
                                              standin: DiscordStandIn) -> None:
    for token in (await standin.slash("brief", topic="status"),
                  await standin.slash("brief-status")):
        [followup] = await standin.wait_for(lambda r, t=token: r.path.endswith(f"/{t}"))
        assert standin.callbacks(token)[0].body["type"] == 5
        assert followup.body["content"].startswith("Feeds: 1 configured")
        assert "Example Wire: not polled yet" in followup.body["content"]


async def test_global_commands_and_public_answers(standin: DiscordStandIn,
                                                  tmp_path: Path) -> None:
    """No guild_ids: commands are synced globally; ephemeral = false: answers are public."""
    toml = settings_toml(standin, tmp_path / "s.sqlite3", ephemeral=False, guild=False)
    settings = parse_settings(toml, env={"DISCORD_TOKEN": standin.token})
    with Store(settings.storage.path) as store:
        fill_store(store)
        a = DiscordAdapter(settings, BriefService(settings, store, clock=lambda: NOW),
                           ready_timeout=5, guild_ready_timeout=0.1)
        await a.start()
        try:
            [sync] = standin.matching("PUT", f"/applications/{APP_ID}/commands")
            assert {c["name"] for c in sync.body} == {"brief", "brief-status"}
            token = await standin.slash("brief", topic="ukraine-nato", hours=48)
            [followup] = await standin.wait_for(lambda r: r.path.endswith(f"/{token}"))
            assert not followup.body.get("flags")
            assert not standin.callbacks(token)[0].body.get("data", {}).get("flags")
        finally:
            await a.stop()


async def test_a_rejected_token_stops_start_with_a_clear_error(standin: DiscordStandIn,
                                                               tmp_path: Path) -> None:
    from bot.discord import DiscordStartError
    settings = parse_settings(settings_toml(standin, tmp_path / "s.sqlite3"),
                              env={"DISCORD_TOKEN": "not-the-token"})
    with Store(settings.storage.path) as store:
        a = DiscordAdapter(settings, BriefService(settings, store), ready_timeout=5)
        with pytest.raises(DiscordStartError, match="rejected the token") as info:
            await a.start()
        assert "not-the-token" not in str(info.value)
        await a.stop()

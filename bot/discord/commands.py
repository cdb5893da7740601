"""The application commands: ``/brief topic:<topic> hours:<int>`` and ``/brief-status``.

Handlers only translate between Discord interactions and ``BriefService``; every text the
user reads comes from ``bot.messages``.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot import messages
from bot.discord.render import briefing_messages, text_chunks
from bot.service import MAX_HOURS, BadArgument, BriefService, parse_hours
from briefings.errors import UnknownTopicError

log = logging.getLogger("briefbot.discord")

STATUS = "status"
MAX_CHOICES = 25  # Discord's limit for autocomplete answers


def topic_choices(service: BriefService, typed: str) -> list[app_commands.Choice[str]]:
    """Topics whose slug or title contains what was typed, best matches (prefixes) first."""
    needle = typed.strip().lower()
    scored: list[tuple[int, app_commands.Choice[str]]] = []
    for t in service.topics():
        slug, title = t.slug.lower(), t.title.lower()
        if needle and needle not in slug and needle not in title:
            continue
        rank = 0 if slug.startswith(needle) or title.startswith(needle) else 1
        name = t.title if t.title == t.slug else f"{t.title} ({t.slug})"
        scored.append((rank, app_commands.Choice(name=name[:100], value=t.slug)))
    if STATUS.startswith(needle):
        scored.append((2, app_commands.Choice(name="status — feed health", value=STATUS)))
    scored.sort(key=lambda pair: pair[0])
    return [choice for _, choice in scored[:MAX_CHOICES]]


async def _send_text(interaction: discord.Interaction, text: str, *, ephemeral: bool) -> None:
    """Answer with plain text: the first chunk as the response (or follow-up), then more."""
    for chunk in text_chunks(text):
        if interaction.response.is_done():
            await interaction.followup.send(chunk, ephemeral=ephemeral)
        else:
            await interaction.response.send_message(chunk, ephemeral=ephemeral)


async def _status(interaction: discord.Interaction, service: BriefService, *,
                  ephemeral: bool) -> None:
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    try:
        status = await service.status()
    except Exception:
        log.exception("event=command_failed command=brief-status")
        await _send_text(interaction, messages.FAILED, ephemeral=True)
        return
    await _send_text(interaction, messages.status_text(status, service.clock()),
                     ephemeral=ephemeral)


async def _brief(interaction: discord.Interaction, service: BriefService, topic: str,
                 hours: int | None, *, ephemeral: bool) -> None:
    slug = topic.strip().lower()
    if slug == STATUS:
        await _status(interaction, service, ephemeral=ephemeral)
        return
    # Argument errors are answered at once and only to the user who typed them.
    try:
        service.topic(slug)
        window = parse_hours(hours)
    except UnknownTopicError:
        await _send_text(interaction, messages.unknown_topic(topic, service.topics()),
                         ephemeral=True)
        return
    except BadArgument as e:
        await _send_text(interaction, messages.bad_argument(str(e), service.topics()),
                         ephemeral=True)
        return
    # Building a briefing may take longer than the 3 s Discord allows for a first answer.
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    try:
        briefing = await service.briefing(slug, window)
    except Exception:
        log.exception("event=command_failed command=brief topic=%s", slug)
        await _send_text(interaction, messages.FAILED, ephemeral=True)
        return
    for embeds in briefing_messages(briefing):
        await interaction.followup.send(embeds=embeds, ephemeral=ephemeral)


def build_tree(client: discord.Client, service: BriefService, *,
               ephemeral: bool) -> app_commands.CommandTree:
    """A command tree holding /brief (with topic autocomplete) and /brief-status."""
    tree = app_commands.CommandTree(client)

    @app_commands.command(name="brief", description="A briefing on a topic: positions, "
                                                    "figures and next events")
    @app_commands.describe(topic="A configured topic, or 'status' for feed health",
                           hours=f"How far back to look, in hours (1–{MAX_HOURS}, default 24)")
    async def brief(interaction: discord.Interaction, topic: str,
                    hours: app_commands.Range[int, 1, MAX_HOURS] | None = None) -> None:
        await _brief(interaction, service, topic, hours, ephemeral=ephemeral)

    @brief.autocomplete("topic")
    async def brief_topic(interaction: discord.Interaction,
                          current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(service, current)

    @app_commands.command(name="brief-status", description="Feed health: what was polled, "
                                                           "what is failing")
    async def brief_status(interaction: discord.Interaction) -> None:
        await _status(interaction, service, ephemeral=ephemeral)

    @tree.error
    async def on_error(interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        log.error("event=command_error command=%s error=%r",
                  interaction.command.name if interaction.command else "?", error)
        try:
            await _send_text(interaction, messages.FAILED, ephemeral=True)
        except discord.HTTPException:
            pass  # the interaction expired; the error is logged above

    tree.add_command(brief)
    tree.add_command(brief_status)
    return tree

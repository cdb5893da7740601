"""Discord: embeds, the /brief command with topic autocomplete, bot and webhook posting."""

from __future__ import annotations

from bot.discord.adapter import DiscordAdapter, DiscordStartError

__all__ = ["DiscordAdapter", "DiscordStartError"]

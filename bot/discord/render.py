"""Briefing -> Discord embeds, grouped into messages that stay within Discord's limits.

Pure: no I/O, no clock. A story becomes one embed (more when it is long), each category a
field of bullets; a bullet is never split across fields, embeds or messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

import discord

from briefings.models import Briefing, Bullet, Source, Story
from briefings.render import heading, story_sections

# Discord's documented limits.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000  # per message, summed over all its embeds
EMBEDS_PER_MESSAGE = 10
CONTENT_MAX = 2000

COLOUR = discord.Colour(0x3B82F6)
CONTINUED = " (continued)"


def escape(text: str) -> str:
    """Article text shown as-is: no accidental bold, links, headings or mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _shorten(text: str, limit: int) -> str:
    """For titles, names and links; a bullet only past 3,796 characters (see ``_bullet``)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(label: str, url: str | None) -> str:
    text = escape(label).replace("[", "\\[").replace("]", "\\]")
    if not url:
        return text
    # Parentheses and spaces would end the Markdown link early.
    return f"[{text}]({quote(url, safe=':/?#@!$&*+,;=%~.-_')})"


def _bullet(b: Bullet) -> str:
    # Longer than a field (a verbatim sentence of 1,000+ characters) goes into a description,
    # 4,096 characters; only beyond that is a bullet shortened.
    return _shorten(f"• {escape(b.text)} {escape(b.source_label)}", DESCRIPTION_MAX - 300)


def _source(s: Source) -> str:
    return _shorten(f"• {_link(s.title or s.outlet, s.url)} — {escape(s.outlet)}",
                    FIELD_VALUE_MAX)


def _pack(lines: Iterable[str], limit: int, sep: str = "\n") -> list[str]:
    """Join whole lines into chunks of at most ``limit`` characters; a longer line is a
    chunk of its own."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}{sep}{line}" if current else line
        if len(candidate) > limit and current:
            chunks.append(current)
            candidate = line
        current = candidate
    if current:
        chunks.append(current)
    return chunks


def _counts(articles: int, outlets: int) -> str:
    return (f"{articles} article{'s' * (articles != 1)} · "
            f"{outlets} outlet{'s' * (outlets != 1)}")


def _story_fields(story: Story) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for label, bullets in story_sections(story):
        for i, chunk in enumerate(_pack((_bullet(b) for b in bullets), FIELD_VALUE_MAX)):
            fields.append((label + (CONTINUED if i else ""), chunk))
    for i, chunk in enumerate(_pack((_source(s) for s in story.sources), FIELD_VALUE_MAX)):
        fields.append(("Sources" + (CONTINUED if i else ""), chunk))
    return fields


def story_embeds(story: Story) -> list[discord.Embed]:
    """One embed for a story, or several when its fields exceed one embed's limits."""
    title = _shorten(escape(story.title), TITLE_MAX - len(CONTINUED))
    footer = _counts(len(story.sources), len(story.outlets))
    embeds: list[discord.Embed] = []
    embed: discord.Embed | None = None

    def new_embed() -> discord.Embed:
        made = discord.Embed(title=title + (CONTINUED if embeds else ""), colour=COLOUR)
        made.set_footer(text=footer)
        embeds.append(made)
        return made

    for name, value in _story_fields(story):
        if len(value) > FIELD_VALUE_MAX:  # one bullet too long for a field
            new_embed().description = f"**{name}**\n{value}"
            embed = None
            continue
        if embed is None or len(embed.fields) >= FIELDS_MAX or (
                len(embed) + len(name) + len(value) > EMBED_TOTAL_MAX):
            embed = new_embed()
        embed.add_field(name=name, value=value, inline=False)
    return embeds


def header_embed(briefing: Briefing) -> discord.Embed:
    embed = discord.Embed(title=_shorten(escape(heading(briefing)), TITLE_MAX), colour=COLOUR,
                          timestamp=briefing.until)
    notices = [f"⚠ {escape(n)}" for n in briefing.notices]  # e.g. a feed that keeps failing
    if briefing.empty:
        summary = escape(briefing.empty_message)
    else:
        stories = len(briefing.stories)
        summary = (f"{stories} stor{'ies' if stories != 1 else 'y'} since "
                   f"{briefing.since:%a %d %b %H:%M} UTC")
        outlets = len({s.outlet for s in briefing.sources})
        embed.set_footer(text=_counts(len(briefing.sources), outlets))
    embed.description = _shorten("\n".join([*notices, summary]), DESCRIPTION_MAX)
    return embed


def briefing_embeds(briefing: Briefing) -> list[discord.Embed]:
    """The header embed, then each story's embeds."""
    embeds = [header_embed(briefing)]
    for story in briefing.stories:
        embeds += story_embeds(story)
    return embeds


def group_messages(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages: at most 10 embeds and 6,000 characters each."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        n = len(embed)
        if not messages or len(messages[-1]) >= EMBEDS_PER_MESSAGE or size + n > EMBED_TOTAL_MAX:
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += n
    return messages


def briefing_messages(briefing: Briefing) -> list[list[discord.Embed]]:
    """What to post for a briefing: a list of messages, each a list of embeds."""
    return group_messages(briefing_embeds(briefing))


def text_chunks(text: str) -> list[str]:
    """Plain message text (help, errors, feed status) escaped and cut at line ends."""
    lines = [_shorten(line, CONTENT_MAX) for line in escape(text).split("\n")]
    return _pack(lines, CONTENT_MAX) or [""]

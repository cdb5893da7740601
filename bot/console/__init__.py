"""The console channel: prints briefings to stdout — rich formatting in a terminal, plain
text when piped. The embedded default when no platform tokens are configured."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from bot.delivery import PostContext, PostError
from briefings.models import Briefing
from briefings.render import heading, story_header, story_sections, to_text


def render_rich(briefing: Briefing, console: Console) -> None:
    """Print a briefing with colours and links."""
    console.print(Panel(Text(heading(briefing), style="bold"), expand=False))
    for notice in briefing.notices:
        console.print(f"[yellow]⚠ {escape(notice)}[/]")
    if briefing.empty:
        console.print(escape(briefing.empty_message))
        return
    for story in briefing.stories:
        console.print(f"[bold cyan]{escape(story_header(story))}[/]")
        for label, bullets in story_sections(story):
            console.print(f"  [bold]{label}[/]")
            for b in bullets:
                console.print(f"    • {escape(b.text)} [dim]{escape(b.source_label)}[/]")
        links = ", ".join(
            f"[link={s.url}]{escape(s.outlet)}[/link]" if s.url else escape(s.outlet)
            for s in story.sources)
        console.print(f"  [dim]Sources: {links}[/]")
        console.print()


def print_briefing(briefing: Briefing, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if stream.isatty():
        render_rich(briefing, Console(file=stream, highlight=False))
    else:
        stream.write(to_text(briefing) + "\n")
        stream.flush()


class ConsolePoster:
    """Poster for ``platform = "console"`` (channel "stdout" or "stderr")."""

    platform = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    async def post(self, briefing: Briefing, ctx: PostContext) -> None:
        stream = self._stream or (sys.stderr if ctx.channel.channel == "stderr" else sys.stdout)
        try:
            print_briefing(briefing, stream)
        except OSError as e:  # a closed pipe
            raise PostError(f"cannot write to {ctx.channel.channel}: {e}", retryable=False) from e

"""The `briefbot` command. Only this module turns errors into exit codes and messages.

Exit codes: 0 ok, 1 a runtime failure (named, no traceback), 2 bad config or arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot import logs
from bot.scheduling import cron_check
from briefings.config import Settings, find_config, load_settings
from briefings.errors import BriefbotError, ConfigError, InputError, UnknownTopicError

log = logging.getLogger("briefbot.cli")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(find_config(args.config), cron_check=cron_check)


def _now() -> datetime:
    return datetime.now(UTC)


# -- commands ------------------------------------------------------------------------------


def cmd_check_config(args: argparse.Namespace) -> int:
    s = _settings(args)
    print(f"{s.source_path}: ok — {len(s.feeds)} feeds, {len(s.topics)} topics, "
          f"{len(s.channels)} channels")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_forever, run_once

    s = _settings(args)
    logs.setup(s.logging.level, s.secrets)
    if args.once:
        asyncio.run(run_once(s))
        return 0

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await run_forever(s, stop)

    asyncio.run(main())
    return 0


def cmd_poll(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from bot.app import BriefbotApp

    s = _settings(args)
    logs.setup("WARNING", s.secrets)
    console = Console(highlight=False)
    interactive = sys.stdout.isatty()

    async def main() -> list:
        app = BriefbotApp(s)
        await app.open()
        try:
            if not interactive:
                return await app.poll()
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Polling feeds", total=len(s.feeds))
                return await app.poll(on_outcome=lambda o: progress.advance(task))
        finally:
            await app.close()

    outcomes = asyncio.run(main())
    new = sum(o.new for o in outcomes)
    errors = [o for o in outcomes if o.result.status == "error"]
    not_modified = sum(1 for o in outcomes if o.result.status == "not_modified")
    if interactive:
        table = Table("feed", "result", "new", title="Poll summary")
        for o in outcomes:
            r = o.result
            result = {"ok": "ok", "not_modified": "not modified"}.get(r.status, f"[red]{r.error}[/]")
            if r.status == "ok" and r.warning:
                result = f"ok [yellow](warning: {r.warning})[/]"
            table.add_row(o.name or o.url, result, str(o.new))
        console.print(table)
    else:
        for o in outcomes:
            r = o.result
            what = {"ok": "ok", "not_modified": "not modified"}.get(r.status, f"ERROR: {r.error}")
            print(f"{o.name or o.url}\t{what}\tnew={o.new}")
    print(f"{len(outcomes)} feeds polled: {new} new entries, {not_modified} not modified, "
          f"{len(errors)} errors")
    for o in errors:
        print(f"  broken: {o.name or o.url}: {o.result.error}")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from bot.console import print_briefing
    from bot.service import BadArgument, parse_hours
    from briefings.pipeline import latest_briefing
    from briefings.render import to_dict, to_markdown
    from briefings.store import Store

    s = _settings(args)
    if args.topic not in s.topics:
        raise UnknownTopicError(args.topic, list(s.topics))
    try:
        hours = parse_hours(args.hours)
    except BadArgument as e:
        raise InputError(str(e)) from None
    with Store(s.storage.path) as store:
        briefing = latest_briefing(store, s, args.topic, hours=hours, now=_now())
    if args.format == "json":
        print(json.dumps(to_dict(briefing), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(to_markdown(briefing))
    else:
        print_briefing(briefing)
    return 0


def _load(paths: Sequence[str], published: str | None) -> list:
    from briefings.inputs import load_article, parse_published

    pub = parse_published(published) if published else None
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(x for x in p.iterdir() if x.suffix.lower() in (".json", ".txt", ".html",
                                                                        ".htm")) if p.is_dir() else [p]
    return [load_article(f, published=pub) for f in files]


def cmd_condense(args: argparse.Namespace) -> int:
    from briefings.condense import condense

    articles = _load(args.paths, args.published)
    now = _now()
    results = [condense(a, now=now) for a in articles]
    if args.format == "jsonl":
        for c in results:
            print(json.dumps(c.to_dict(), ensure_ascii=False))
    elif args.format == "json":
        print(json.dumps([c.to_dict() for c in results], indent=2, ensure_ascii=False))
    else:
        from briefings.compose import bullet_text
        for a, c in zip(articles, results, strict=True):
            print(f"{a.title or a.id}")
            for label, items in (("Positions", c.positions), ("Figures", c.figures),
                                 ("Next events", c.events)):
                if items:
                    print(f"  {label}")
                    for it in items:
                        print(f"    • {bullet_text(it)}")
            print()
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    from briefings.stories import cluster

    articles = _load(args.paths, None)
    groups = cluster(articles)
    if args.format == "json":
        print(json.dumps(groups))
    else:
        titles = {a.id: a.title for a in articles}
        for i, g in enumerate(groups, 1):
            print(f"Story {i}:")
            for aid in g:
                print(f"  {aid}: {titles.get(aid, '')}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from bot import scheduling
    from bot.delivery import delivery_key
    from bot.messages import status_text
    from bot.service import FeedStatus
    from briefings.store import Store

    s = _settings(args)
    now = _now()
    with Store(s.storage.path) as store:
        health = store.feed_health()
        status = FeedStatus(tuple((f.url, f.name, health.get(f.url)) for f in s.feeds),
                            store.article_count())
        print(status_text(status, now))
        for f in s.feeds:
            h = health.get(f.url)
            if h and h.next_poll:
                print(f"    {f.name or f.url}: next poll {h.next_poll:%Y-%m-%d %H:%M} UTC")
        print(f"Channels: {len(s.channels)}")
        for ch in s.channels:
            nxt = scheduling.trigger(ch).get_next_fire_time(None, now)
            for topic in ch.topics:
                last = store.last_delivered(delivery_key(ch, topic))
                latest = store.latest_delivery(delivery_key(ch, topic))
                failed = (f", last attempt {latest.status}: {latest.last_error}"
                          if latest and latest.status == "failed" else "")
                print(f"• {ch.label} [{topic}]: last delivery "
                      f"{last.slot:%Y-%m-%d %H:%M} UTC" if last else
                      f"• {ch.label} [{topic}]: no delivery yet", end="")
                print(f", next {nxt:%Y-%m-%d %H:%M %Z}{failed}" if nxt else failed)
        print(f"Store: {s.storage.path}, {store.size_bytes() / 1e6:.1f} MB, "
              f"{store.article_count()} articles")
    return 0


# -- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefbot",
        description="Self-hosted news briefings: feeds -> grounded positions, figures and "
                    "next events -> Slack, Discord or the console.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, fn, help: str, config: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        if config:
            sp.add_argument("--config", metavar="PATH",
                            help="config file (default: $BRIEFBOT_CONFIG, ./briefbot.toml, "
                                 "config/example.toml)")
        sp.set_defaults(fn=fn)
        return sp

    r = add("run", cmd_run, "run the bot: poll on schedule, post briefings per channel schedule")
    r.add_argument("--once", action="store_true",
                   help="poll now, post each channel's briefing now, exit")
    add("poll", cmd_poll, "poll all feeds once and print a per-feed summary")
    b = add("brief", cmd_brief, "print a topic's briefing from the store")
    b.add_argument("topic")
    b.add_argument("--hours", default=None, help="time window in hours (default 24)")
    b.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    c = add("condense", cmd_condense, "condense article files without storing them", False)
    c.add_argument("paths", nargs="+", metavar="PATH",
                   help=".txt (first line = title), .html or .json article files, or folders")
    c.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    c.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the articles")
    st = add("stories", cmd_stories, "group article files into news stories", False)
    st.add_argument("paths", nargs="+", metavar="PATH")
    st.add_argument("--format", choices=("text", "json"), default="text")
    add("check-config", cmd_check_config, "validate the config file and exit")
    add("status", cmd_status, "feed health, channel deliveries and store size")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.fn(args) or 0)
    except ConfigError as e:
        print(f"briefbot: invalid configuration{' in ' + e.path if e.path else ''}:",
              file=sys.stderr)
        for problem in e.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except (UnknownTopicError, InputError) as e:
        print(f"briefbot: {e}", file=sys.stderr)
        return 2
    except BriefbotError as e:
        print(f"briefbot: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug: say what happened; the traceback only on request
        if os.environ.get("BRIEFBOT_DEBUG"):
            raise
        print(f"briefbot: unexpected error: {type(e).__name__}: {e} "
              "(set BRIEFBOT_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

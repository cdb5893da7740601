"""Every user-facing command message, written once for all platforms (plain text;
adapters escape and format it for their platform)."""

from __future__ import annotations

from datetime import datetime

from bot.service import FeedStatus
from briefings.models import Topic


def topic_list(topics: list[Topic]) -> str:
    if not topics:
        return "No topics are configured yet."
    return "\n".join(f"• {t.slug} — {t.title}" for t in topics)


def help_text(topics: list[Topic], *, command: str = "/brief") -> str:
    return (f"Usage: {command} <topic> [hours]  (hours: 1–336, default 24)\n"
            f"{command} status — feed health\n\nTopics:\n{topic_list(topics)}")


def unknown_topic(slug: str, topics: list[Topic]) -> str:
    return f"Unknown topic “{slug}”. Try one of these:\n{topic_list(topics)}"


def bad_argument(why: str, topics: list[Topic]) -> str:
    return f"Sorry, {why}.\nTopics:\n{topic_list(topics)}"


PREPARING = "Preparing your briefing…"
FAILED = "Sorry, the briefing could not be built right now. The error has been logged."


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h ago" if hours < 48 else f"{hours // 24} days ago"


def status_text(status: FeedStatus, now: datetime) -> str:
    lines = [f"Feeds: {len(status.feeds)} configured, {status.polled} polled, "
             f"{len(status.failing)} failing. Articles stored: {status.articles}."]
    for url, name, h in status.feeds:
        label = name or url
        if h is None or not h.last_polled:
            lines.append(f"• {label}: not polled yet")
        elif h.failures:
            lines.append(f"• {label}: FAILING since {_ago(h.failing_since, now)} "
                         f"({h.failures}×): {h.last_error}")
        else:
            lines.append(f"• {label}: ok, last success {_ago(h.last_success, now)}")
    return "\n".join(lines)

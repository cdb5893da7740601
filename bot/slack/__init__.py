"""Slack: Block Kit rendering, the /brief command and scheduled posts."""

from bot.slack.adapter import SlackAdapter, SlackStartError
from bot.slack.poster import SlackPoster

__all__ = ["SlackAdapter", "SlackPoster", "SlackStartError"]

"""Scheduled briefings to Slack channels with chat.postMessage.

Retries belong to ``bot.delivery.post_with_retries``: this poster makes one attempt and
turns every failure into ``PostError``. A briefing split over several messages is posted
as a first message plus thread replies; when a later part fails, the retry resumes after
the parts already posted, so nothing appears twice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery import PostContext, PostError
from bot.slack.render import SlackMessage, render_messages
from briefings.models import Briefing

log = logging.getLogger("briefbot.slack")

# Slack's own "try again later" answers, sent with HTTP 200 or 5xx.
RETRYABLE_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                    "request_timeout", "team_added_to_org"}


def post_error(e: Exception) -> PostError:
    """Any failure of one Web API call as a PostError, retryable or not."""
    if isinstance(e, SlackApiError):
        resp = e.response
        status = resp.status_code
        data = resp.data if isinstance(resp.data, dict) else {}
        error = data.get("error") or f"HTTP {status}"
        if status == 429 or error == "ratelimited":
            retry_after = _retry_after(resp.headers)
            return PostError(f"rate limited by Slack (retry after {retry_after}s)",
                             retryable=True, retry_after=retry_after)
        retryable = status >= 500 or error in RETRYABLE_ERRORS
        return PostError(f"Slack refused the post: {error}", retryable=retryable)
    if isinstance(e, (aiohttp.ClientError, asyncio.TimeoutError, OSError, SlackClientError)):
        return PostError(f"cannot reach Slack: {type(e).__name__}: {e}", retryable=True)
    # A bug, not a Slack answer: keep the traceback, do not retry.
    log.error("event=slack_post_bug error=%r", e, exc_info=e)
    return PostError(f"unexpected error: {type(e).__name__}: {e}", retryable=False)


def _retry_after(headers: Any) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After", "1")))
    except (TypeError, ValueError):
        return 1.0


class SlackPoster:
    """Posts briefings to Slack channel ids (``channel`` of a ``platform = "slack"`` channel)."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        # delivery_id -> (thread ts, parts posted) of a split briefing still being posted.
        self._progress: dict[str, tuple[str | None, int]] = {}

    async def post(self, briefing: Briefing, ctx: PostContext) -> None:
        channel = ctx.channel.channel
        if not channel:
            raise PostError("this Slack channel has no channel id", retryable=False)
        messages = render_messages(briefing)
        thread_ts, done = self._progress.get(ctx.delivery_id, (None, 0))
        for i in range(done, len(messages)):
            ts = await self._send(channel, messages[i], thread_ts)
            thread_ts = thread_ts or ts
            self._progress[ctx.delivery_id] = (thread_ts, i + 1)
        self._progress.pop(ctx.delivery_id, None)

    async def _send(self, channel: str, message: SlackMessage, thread_ts: str | None) -> str:
        kwargs: dict[str, Any] = {"channel": channel, **message.payload(),
                                  "unfurl_links": False, "unfurl_media": False}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        try:
            resp = await self.client.chat_postMessage(**kwargs)
        except Exception as e:  # noqa: BLE001 - the Poster protocol raises PostError only
            raise post_error(e) from e
        return str(resp.get("ts") or "")

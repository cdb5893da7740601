"""The generic ``webhook`` channel: each briefing POSTed as JSON (Mattermost bridges, n8n,
archiving). The body is ``briefbot brief --format json`` plus channel, slot and a
delivery id; the same id goes in the ``Idempotency-Key`` header so a receiver can drop a
repeat sent after a crash."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from bot.delivery import PostContext, PostError
from briefings.models import Briefing
from briefings.render import to_dict


def payload(briefing: Briefing, ctx: PostContext) -> dict[str, Any]:
    return {**to_dict(briefing), "channel": ctx.channel.label, "slot": ctx.slot.isoformat(),
            "delivery_id": ctx.delivery_id}


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class WebhookPoster:
    platform = "webhook"

    def __init__(self, *, timeout: float = 20.0) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def post(self, briefing: Briefing, ctx: PostContext) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        url = ctx.channel.url
        assert url is not None
        body = json.dumps(payload(briefing, ctx), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Idempotency-Key": ctx.delivery_id,
                   "User-Agent": "briefbot"}
        try:
            async with self._session.post(url, data=body, headers=headers) as resp:
                if resp.status < 300:
                    return
                retryable = resp.status == 429 or resp.status >= 500
                raise PostError(f"webhook answered HTTP {resp.status}", retryable=retryable,
                                retry_after=_retry_after(resp.headers.get("Retry-After")))
        except (TimeoutError, aiohttp.ClientError) as e:
            raise PostError(f"webhook unreachable: {type(e).__name__}") from e

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

"""The /brief slash command.

Quick answers (help, an unknown topic, bad hours) go in the ack itself. A briefing is
acked at once with "Preparing…" and then sent through the command's response_url, so the
3-second deadline holds however long the briefing takes. Nothing raises back into Bolt:
a failure is logged once here and the user gets ``messages.FAILED``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp

from bot import messages
from bot.service import BadArgument, BriefService, parse_hours
from bot.slack.render import SlackMessage, escape, render_messages
from briefings.errors import UnknownTopicError

log = logging.getLogger("briefbot.slack")

COMMAND = "/brief"
ResponseType = Literal["ephemeral", "in_channel"]
Ack = Callable[..., Awaitable[Any]]
Respond = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Request:
    """What the user asked for: help, status, or a topic's briefing over some hours."""

    action: Literal["help", "status", "brief"]
    topic: str = ""
    hours: float = 0.0


def parse(text: str, service: BriefService) -> Request:
    """'', 'help', 'status', '<topic> [hours]'. Raises UnknownTopicError or BadArgument."""
    args = text.split()
    if not args or args[0].lower() == "help":
        return Request("help")
    if args[0].lower() == "status" and len(args) == 1:
        return Request("status")
    if len(args) > 2:
        raise BadArgument(f"{COMMAND} takes a topic and optional hours, "
                          f"as in “{COMMAND} <topic> [hours]”")
    slug = args[0].lower()
    service.topic(slug)
    return Request("brief", slug, parse_hours(args[1] if len(args) > 1 else None))


class BriefCommand:
    """Answers one /brief invocation; one instance serves every invocation."""

    def __init__(self, service: BriefService, response_type: ResponseType) -> None:
        self.service = service
        self.response_type = response_type

    async def __call__(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        acked = False
        try:
            topics = self.service.topics()
            try:
                req = parse(str(command.get("text") or ""), self.service)
            except UnknownTopicError as e:
                acked = True
                await ack(text=escape(messages.unknown_topic(e.slug, topics)))
                return
            except BadArgument as e:
                acked = True
                await ack(text=escape(messages.bad_argument(str(e), topics)))
                return
            if req.action == "help":
                acked = True
                await ack(text=escape(messages.help_text(topics, command=COMMAND)))
                return
            acked = True
            if req.action == "status":
                await ack()
                status = await self.service.status()
                await self._respond(respond, escape(messages.status_text(
                    status, self.service.clock())), "ephemeral")
                return
            await ack(text=escape(messages.PREPARING))
            briefing = await self.service.briefing(req.topic, req.hours)
            for message in render_messages(briefing):
                await self._respond(respond, message, self.response_type)
        except Exception:
            log.exception("event=slack_command_failed command=%s text=%r", COMMAND,
                          command.get("text"))
            await self._fail(ack, respond, acked)

    async def _respond(self, respond: Respond, message: SlackMessage | str,
                       response_type: ResponseType) -> None:
        payload = message.payload() if isinstance(message, SlackMessage) else {"text": message}
        resp = await respond(**payload, response_type=response_type)
        status = getattr(resp, "status_code", 200)
        if status >= 300:
            # respond() does not raise; a failed response_url post must not pass unseen.
            raise RuntimeError(f"response_url answered HTTP {status}: "
                               f"{str(getattr(resp, 'body', ''))[:200]}")

    async def _fail(self, ack: Ack, respond: Respond, acked: bool) -> None:
        try:
            if not acked:
                await ack(text=messages.FAILED)
            else:
                await respond(text=messages.FAILED, response_type="ephemeral")
        except Exception as e:  # noqa: BLE001 - already logged above; Slack may be away
            log.warning("event=slack_failure_notice_failed error=%r", e)


def register(app: AsyncApp, service: BriefService, response_type: ResponseType) -> None:
    handler = BriefCommand(service, response_type)

    async def brief(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        await handler(ack, command, respond)

    app.command(COMMAND)(brief)

"""Briefing -> Slack Block Kit messages. Pure: no I/O, no clock.

A briefing becomes one or more messages, each within Block Kit's limits (section text
≤ 3,000 chars, ≤ 50 blocks, header ≤ 150 chars). Splits fall between stories where
possible, else between blocks, and never inside a bullet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from briefings.models import Briefing, Bullet, Source, Story
from briefings.render import heading, story_header, story_sections

MAX_SECTION = 3000
MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
# Slack rejects very large messages (msg_too_long) well before 50 full sections.
MAX_MESSAGE_CHARS = 12000
MAX_TITLE = 200
MAX_FALLBACK = 300

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage / respond() payload: notification text plus blocks."""

    text: str
    blocks: tuple[Block, ...]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def escape(text: str) -> str:
    """Slack's three control characters; everything else is shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(url: str, label: str) -> str:
    # Inside <url|label> a '|' or '>' would end the label or the link.
    safe_url = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return f"<{safe_url}|{escape(label).replace('|', '¦')}>"


def header_block(text: str) -> Block:
    return {"type": "header",
            "text": {"type": "plain_text", "text": _shorten(text, MAX_HEADER), "emoji": True}}


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _text_len(block: Block) -> int:
    if "text" in block:
        return len(block["text"]["text"])
    return sum(len(e.get("text", "")) for e in block.get("elements", ()))


def bullet_line(bullet: Bullet) -> str:
    return f"• {escape(bullet.text)} {escape(bullet.source_label)}"


def _pieces(line: str, limit: int) -> list[str]:
    """A line longer than a whole section (pathological) is spread over several sections
    at word boundaries: shown in full, never dropped."""
    out: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        # Never split an escape such as '&amp;' in two.
        amp = line.rfind("&", max(0, cut - 5), cut)
        if amp != -1 and ";" not in line[amp:cut]:
            cut = amp
        out.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return [*out, line] if line else out


def category_sections(label: str, bullets: Sequence[Bullet], limit: int = MAX_SECTION) -> list[Block]:
    """A labelled list of bullets; continued in further sections when it is too long."""
    blocks: list[Block] = []
    current = f"*{label}*"
    for line in (bullet_line(b) for b in bullets):
        if len(current) + 1 + len(line) <= limit:
            current += "\n" + line
            continue
        if current:
            blocks.append(section(current))
        parts = _pieces(line, limit)
        blocks += [section(p) for p in parts[:-1]]
        current = parts[-1]
    if current:
        blocks.append(section(current))
    return blocks


def source_context(sources: Iterable[Source]) -> list[Block]:
    """The story's sources as links, in context blocks of at most ten elements."""
    elements = [
        {"type": "mrkdwn", "text": (
            _link(s.url, f"{s.outlet}: {_shorten(s.title, MAX_TITLE)}") if s.url
            else escape(f"{s.outlet}: {_shorten(s.title, MAX_TITLE)}"))}
        for s in sources
    ]
    return [{"type": "context", "elements": elements[i:i + MAX_CONTEXT_ELEMENTS]}
            for i in range(0, len(elements), MAX_CONTEXT_ELEMENTS)]


def story_blocks(story: Story) -> list[Block]:
    blocks = [section(f"*{escape(_shorten(story_header(story), MAX_SECTION - 2))}*")]
    for label, bullets in story_sections(story):
        blocks += category_sections(label, bullets)
    return blocks + source_context(story.sources)


def _fallback(briefing: Briefing) -> str:
    if briefing.empty:
        return escape(_shorten(f"{heading(briefing)}: {briefing.empty_message}", MAX_FALLBACK))
    titles = "; ".join(s.title for s in briefing.stories)
    return escape(_shorten(f"{heading(briefing)}: {titles}", MAX_FALLBACK))


def _pack(groups: list[list[Block]], max_blocks: int, max_chars: int) -> list[list[Block]]:
    """Fill messages with whole groups (stories); a group too big for any message is split
    between its blocks."""
    messages: list[list[Block]] = [[]]

    def size(blocks: list[Block]) -> int:
        return sum(_text_len(b) for b in blocks)

    def fits(extra: list[Block]) -> bool:
        cur = messages[-1]
        return len(cur) + len(extra) <= max_blocks and size(cur) + size(extra) <= max_chars

    for group in groups:
        if fits(group):
            messages[-1] += group
            continue
        if messages[-1] and len(group) <= max_blocks and size(group) <= max_chars:
            messages.append(list(group))
            continue
        for block in group:
            if not fits([block]):
                messages.append([])
            messages[-1].append(block)
    return [m for m in messages if m]


def _trim_dividers(blocks: list[Block]) -> list[Block]:
    """A divider is only useful between stories of the same message."""
    while blocks and blocks[0]["type"] == "divider":
        blocks = blocks[1:]
    while blocks and blocks[-1]["type"] == "divider":
        blocks = blocks[:-1]
    return blocks


def render_messages(briefing: Briefing, *, max_blocks: int = MAX_BLOCKS,
                    max_chars: int = MAX_MESSAGE_CHARS) -> list[SlackMessage]:
    """The briefing as one or more Block Kit messages, in posting order."""
    first: list[Block] = [header_block(heading(briefing))]
    if briefing.empty:
        return [SlackMessage(_fallback(briefing),
                             (*first, section(escape(briefing.empty_message))))]
    groups = [first]
    for i, story in enumerate(briefing.stories):
        groups.append(([{"type": "divider"}] if i else []) + story_blocks(story))
    packed = _pack(groups, max_blocks, max_chars)
    packed = [_trim_dividers(m) for m in packed]
    fallback = _fallback(briefing)
    total = len(packed)
    return [SlackMessage(fallback if i == 0 else
                         escape(_shorten(f"{heading(briefing)} (continued {i + 1}/{total})",
                                         MAX_FALLBACK)),
                         tuple(blocks))
            for i, blocks in enumerate(packed)]

"""Platform-neutral renderings of a Briefing: plain text, Markdown and a JSON-ready dict.

Pure functions. Platform adapters (Slack Block Kit, Discord embeds) live in ``bot/``.
"""

from __future__ import annotations

from typing import Any

from briefings.models import Briefing, Bullet, Event, Figure, Position, Story

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("positions", "Positions"),
    ("figures", "Figures"),
    ("events", "Next events"),
)


def heading(briefing: Briefing) -> str:
    return f"{briefing.topic.title} — {briefing.until:%a %d %b %Y}"


def story_sections(story: Story) -> list[tuple[str, tuple[Bullet, ...]]]:
    """(label, bullets) for each non-empty category, in display order."""
    return [(label, getattr(story, attr)) for attr, label in CATEGORIES if getattr(story, attr)]


def story_header(story: Story) -> str:
    n = len(story.sources)
    outlets = len(story.outlets)
    return f"{story.title} ({n} article{'s' * (n != 1)}, {outlets} outlet{'s' * (outlets != 1)})"


def to_text(briefing: Briefing) -> str:
    lines = [heading(briefing), ""]
    lines += [f"⚠ {n}" for n in briefing.notices]
    if briefing.empty:
        return "\n".join([*lines, briefing.empty_message])
    for story in briefing.stories:
        lines.append(story_header(story))
        for label, bullets in story_sections(story):
            lines.append(f"  {label}")
            lines += [f"    • {b.text} {b.source_label}" for b in bullets]
        lines.append("  Sources")
        lines += [f"    - {s.outlet}: {s.title}" + (f" <{s.url}>" if s.url else "")
                  for s in story.sources]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(briefing: Briefing) -> str:
    lines = [f"# {_md_escape(heading(briefing))}", ""]
    lines += [f"> ⚠ {_md_escape(n)}\n" for n in briefing.notices]
    if briefing.empty:
        return "\n".join([*lines, _md_escape(briefing.empty_message)]) + "\n"
    for story in briefing.stories:
        lines += [f"## {_md_escape(story_header(story))}", ""]
        for label, bullets in story_sections(story):
            lines += [f"**{label}**", ""]
            lines += [f"- {_md_escape(b.text)} {_md_escape(b.source_label)}" for b in bullets]
            lines.append("")
        lines.append("Sources: " + ", ".join(
            f"[{_md_escape(s.outlet)}]({s.url})" if s.url else _md_escape(s.outlet)
            for s in story.sources))
        lines.append("")
    return "\n".join(lines)


def _item(b: Bullet) -> dict[str, Any]:
    it = b.item
    base: dict[str, Any] = {"text": b.text, "evidence": b.evidence,
                            "sources": [s.article_id for s in b.sources],
                            "outlets": list(dict.fromkeys(s.outlet for s in b.sources))}
    if isinstance(it, Position):
        base.update(who=it.who, stance=it.stance)
    elif isinstance(it, Figure):
        base.update(figure=it.text, value=it.value, unit=it.unit, about=it.about)
    elif isinstance(it, Event):
        base.update(what=it.what, when=it.when, date=it.date.isoformat() if it.date else None)
    return base


def to_dict(briefing: Briefing) -> dict[str, Any]:
    """The JSON shape of ``briefbot brief --format json`` and of webhook posts."""
    return {
        "topic": briefing.topic.slug,
        "title": briefing.topic.title,
        "since": briefing.since.isoformat(),
        "until": briefing.until.isoformat(),
        "empty": briefing.empty,
        "message": briefing.empty_message if briefing.empty else None,
        "notices": list(briefing.notices),
        "stories": [
            {
                "title": s.title,
                "outlets": list(s.outlets),
                "articles": [
                    {"id": a.article_id, "outlet": a.outlet, "title": a.title, "url": a.url,
                     "published": a.published.isoformat() if a.published else None}
                    for a in s.sources
                ],
                **{attr: [_item(b) for b in getattr(s, attr)] for attr, _ in CATEGORIES},
            }
            for s in briefing.stories
        ],
    }

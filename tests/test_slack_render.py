"""Briefing -> Block Kit: sections, sources, escaping and the limits (pure, no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.slack.render import (
    MAX_BLOCKS,
    MAX_HEADER,
    MAX_SECTION,
    escape,
    render_messages,
)
from briefings.models import Briefing, Bullet, Event, Figure, Position, Source, Story, Topic

NOW = datetime(2025, 2, 17, 12, 0, tzinfo=UTC)
TOPIC = Topic(slug="ukraine-nato", title="Ukraine & NATO")


def source(n: int, outlet: str = "Kyiv Wire") -> Source:
    return Source(article_id=f"a{n}", outlet=outlet, title=f"Allies meet <{n}>",
                  url=f"https://news.example/{n}", published=NOW)


def position(text: str, src: Source) -> Bullet:
    item = Position(who="Stoltenberg", stance=text, evidence=text)
    return Bullet("position", f"Stoltenberg: {text}", (src,), text, item)


def figure(text: str, src: Source) -> Bullet:
    item = Figure(text="$175 billion", value=175e9, unit="USD", about=text, evidence=text)
    return Bullet("figure", f"$175 billion: {text}", (src,), text, item)


def event(text: str, src: Source) -> Bullet:
    item = Event(what=text, when="on Friday", date=date(2025, 2, 21), evidence=text)
    return Bullet("event", f"Fri 21 Feb: {text}", (src,), text, item)


def story(n: int, *, bullets: int = 1, length: int = 40) -> Story:
    src = source(n)
    filler = "x" * max(0, length - 20)
    return Story(
        title=f"Story {n}",
        sources=(src, source(n + 1000, "Brussels Daily")),
        positions=tuple(position(f"aid must continue {i} {filler}", src) for i in range(bullets)),
        figures=(figure("pledged for 2025", src),),
        events=(event("defence ministers will meet", src),),
    )


def briefing(*stories: Story) -> Briefing:
    return Briefing(topic=TOPIC, since=NOW - timedelta(hours=24), until=NOW, stories=stories)


def texts(blocks: Any) -> list[str]:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out += [e["text"] for e in b.get("elements", ())]
    return out


def test_header_sections_and_sources() -> None:
    [msg] = render_messages(briefing(story(1)))
    blocks = msg.blocks
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == "Ukraine & NATO — Mon 17 Feb 2025"  # plain_text: as is
    body = "\n".join(texts(blocks))
    for label in ("*Positions*", "*Figures*", "*Next events*"):
        assert label in body
    assert "• $175 billion: pledged for 2025 (Kyiv Wire)" in body
    context = [b for b in blocks if b["type"] == "context"]
    assert context and "<https://news.example/1|Kyiv Wire: Allies meet &lt;1&gt;>" in texts(context)
    assert msg.text.startswith("Ukraine &amp; NATO — Mon 17 Feb 2025: Story 1")


def test_article_text_is_escaped() -> None:
    src = source(1)
    s = Story(title="Tanks <b> & jets", sources=(src,),
              positions=(position("<!channel> says A&B > C", src),))
    [msg] = render_messages(briefing(s))
    body = "\n".join(texts(msg.blocks))
    assert "&lt;!channel&gt; says A&amp;B &gt; C" in body
    assert "Tanks &lt;b&gt; &amp; jets" in body
    assert "<!channel>" not in body


def test_empty_briefing_says_so() -> None:
    b = briefing()
    [msg] = render_messages(b)
    assert msg.blocks[0]["type"] == "header"
    assert msg.blocks[1]["text"]["text"] == escape(b.empty_message)


def test_long_header_is_shortened() -> None:
    topic = Topic(slug="t", title="T" * 400)
    b = Briefing(topic=topic, since=NOW, until=NOW)
    [msg] = render_messages(b)
    assert len(msg.blocks[0]["text"]["text"]) <= MAX_HEADER


def test_long_category_split_into_sections_without_cutting_a_bullet() -> None:
    s = story(1, bullets=40, length=300)  # ~12,000 chars of positions
    messages = render_messages(briefing(s))
    sections = [t for m in messages for t in texts(m.blocks)]
    assert all(len(t) <= MAX_SECTION for m in messages for t in texts(m.blocks))
    lines = [line for t in sections for line in t.split("\n") if line.startswith("• Stoltenberg")]
    expected = [f"• {escape(b.text)} {b.source_label}" for b in s.positions]
    assert lines == expected  # every bullet whole, in order


def test_many_stories_split_into_messages_within_limits() -> None:
    stories = tuple(story(i, bullets=3) for i in range(1, 21))
    messages = render_messages(briefing(*stories))
    assert len(messages) > 1
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    assert messages[0].blocks[0]["type"] == "header"
    assert all(m.blocks[0]["type"] != "divider" and m.blocks[-1]["type"] != "divider"
               for m in messages)
    assert "continued 2/" in messages[1].text
    # Every story appears exactly once, and whole within one message.
    for i in range(1, 21):
        holders = [m for m in messages if f"*Story {i} (2 articles, 2 outlets)*" in texts(m.blocks)]
        assert len(holders) == 1
        assert sum(t.count("aid must continue") for t in texts(holders[0].blocks)
                   if f"Story {i}" not in t) >= 3


def test_a_single_huge_bullet_is_kept_whole_across_sections() -> None:
    src = source(1)
    huge = " ".join(["escalation&deterrence"] * 400)  # ~ 10,000 chars once escaped
    s = Story(title="Big", sources=(src,), positions=(position(huge, src),))
    messages = render_messages(briefing(s))
    pieces = [t for m in messages for t in texts(m.blocks)]
    assert all(len(t) <= MAX_SECTION for t in pieces)
    joined = " ".join(t for t in pieces if "escalation" in t)
    assert joined.count("escalation&amp;deterrence") == 400

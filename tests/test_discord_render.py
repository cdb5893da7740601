"""Briefing -> embeds: Discord's limits, splitting without cutting a bullet, escaping."""

from __future__ import annotations

import re
from datetime import timedelta

import discord

from bot.discord.render import (
    briefing_embeds,
    briefing_messages,
    escape,
    group_messages,
    text_chunks,
)
from briefings.models import Briefing, Bullet, Figure, Source, Story, Topic
from tests.discord_standin import NOW, long_briefing

TOPIC = Topic(slug="ukraine-nato", title="Ukraine & NATO")


def _limits_ok(message: list[discord.Embed]) -> None:
    assert 1 <= len(message) <= 10
    assert sum(len(e) for e in message) <= 6000
    for e in message:
        assert len(e.title or "") <= 256 and len(e.description or "") <= 4096
        assert len(e.fields) <= 25
        assert all(len(f.name or "") <= 256 and 0 < len(f.value or "") <= 1024
                   for f in e.fields)


def test_long_briefing_is_split_within_limits_without_cutting_a_bullet() -> None:
    briefing = long_briefing()
    messages = briefing_messages(briefing)
    assert len(messages) > 1
    for message in messages:
        _limits_ok(message)
    text = "\n".join([f.value or "" for m in messages for e in m for f in e.fields] +
                     [e.description or "" for m in messages for e in m])
    for story_no, story in enumerate(briefing.stories):
        for bullet in (*story.positions, *story.figures, *story.events):
            # Every bullet appears whole, in one field, exactly once.
            assert text.count(escape(bullet.text)) == 1
            start = re.escape(escape(f"<{bullet.kind} {story_no}."))
            assert len(re.findall(start, text)) == len(story.positions)
    # Order is kept: story by story.
    titles = [e.title for m in messages for e in m]
    firsts = [titles.index(f"Story {i}: NATO and Ukraine") for i in range(12)]
    assert firsts == sorted(firsts)


def test_a_bullet_longer_than_a_field_is_kept_whole() -> None:
    briefing = long_briefing(stories=1, bullets=2, words=60)  # ~1,600 characters each
    messages = briefing_messages(briefing)
    for message in messages:
        _limits_ok(message)
    embeds = [e for m in messages for e in m]
    story = briefing.stories[0]
    for bullet in (*story.positions, *story.figures, *story.events):
        [holder] = [e for e in embeds if escape(bullet.text) in (e.description or "")]
        assert holder.description.startswith("**")


def test_a_short_briefing_is_one_message() -> None:
    briefing = long_briefing(stories=2, bullets=2, words=5)
    [message] = briefing_messages(briefing)
    _limits_ok(message)
    header, *stories = message
    assert header.title == "Ukraine & NATO — Mon 04 May 2026"
    assert header.footer.text == "6 articles · 3 outlets"
    assert header.timestamp == NOW
    assert [f.name for f in stories[0].fields] == ["Positions", "Figures", "Next events",
                                                    "Sources"]
    assert stories[0].footer.text == "3 articles · 3 outlets"


def test_sources_are_links_and_text_is_escaped() -> None:
    source = Source(article_id="a", outlet="Wire_Service", title="Rutte: *no* [deal] yet",
                    url="https://news.example/a (1)")
    bullet = Bullet(kind="figure", text="Allies pledged $175 billion **now** @everyone",
                    sources=(source,), evidence="e",
                    item=Figure(text="$175 billion", value=175e9, unit="USD", about="aid",
                                evidence="e"))
    story = Story(title="NATO _pledge_", sources=(source,), figures=(bullet,))
    briefing = Briefing(topic=TOPIC, since=NOW - timedelta(days=1), until=NOW, stories=(story,))
    _, embed = briefing_embeds(briefing)
    figures, sources = embed.fields
    assert "\\*\\*now\\*\\*" in figures.value and "@everyone" not in figures.value
    assert sources.value.startswith("• [Rutte: \\*no\\* \\[deal\\] yet]"
                                    "(https://news.example/a%20%281%29) — Wire\\_Service")
    assert embed.title == "NATO \\_pledge\\_"


def test_empty_briefing_says_so() -> None:
    briefing = Briefing(topic=TOPIC, since=NOW - timedelta(days=1), until=NOW)
    [[embed]] = briefing_messages(briefing)
    assert embed.description == escape(briefing.empty_message)
    assert embed.description.startswith("Nothing new on Ukraine & NATO since")


def test_notices_lead_the_header() -> None:
    briefing = Briefing(topic=TOPIC, since=NOW - timedelta(days=1), until=NOW,
                        notices=("feed Sample_Wire failing since Mon: HTTP 503",))
    [[embed]] = briefing_messages(briefing)
    first, second = embed.description.split("\n")
    assert first == "⚠ feed Sample\\_Wire failing since Mon: HTTP 503"
    assert second.startswith("Nothing new on Ukraine & NATO")


def test_messages_hold_at_most_ten_embeds() -> None:
    embeds = [discord.Embed(title=f"e{i}") for i in range(23)]
    assert [len(m) for m in group_messages(embeds)] == [10, 10, 3]


def test_text_chunks_cut_at_line_ends() -> None:
    text = "\n".join(f"line {i:04d} " + "x" * 90 for i in range(60))
    chunks = text_chunks(text)
    assert len(chunks) == 4 and all(len(c) <= 2000 for c in chunks)
    assert "\n".join(chunks) == text

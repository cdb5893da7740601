"""Shared fixtures: the repository paths and a store filled through the real pipeline."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.scheduling import cron_check
from briefings.config import Settings, parse_settings
from briefings.inputs import load_article
from briefings.models import Article

REPO = Path(__file__).resolve().parents[1]
ARTICLE_FIXTURES = REPO / "tests" / "fixtures" / "articles"

# The platform stand-ins' fixtures (discord_standin), for every test module.
pytest_plugins = ["tests.discord_standin"]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "config" / "example.toml"


def free_port() -> int:
    """A TCP port free on loopback now (for servers that need a port in their config)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sample_settings(tmp_path: Path, extra: str = "") -> Settings:
    """Two bundled sample feeds and the ukraine-nato topic, the store in ``tmp_path``;
    ``extra``: more TOML (channels, sections)."""
    samples = REPO / "config" / "samples"
    return parse_settings(f"""
[storage]
path = "{tmp_path / 's.sqlite3'}"
[[feeds]]
url = "{samples / 'world.xml'}"
name = "World"
[[feeds]]
url = "{samples / 'wire.xml'}"
name = "Wire"
[topics.ukraine-nato]
title = "Ukraine & NATO"
any = ["NATO"]
all = ["Ukrain"]
""" + extra, env={}, cron_check=cron_check)


def entry(uid: str, title: str, text: str, *, url: str | None = None,
          published: datetime | None = None) -> SimpleNamespace:
    """An entry as briefings.feeds.Entry has it (only what the store reads)."""
    return SimpleNamespace(uid=uid, url=url, title=title, text=text, published=published,
                           author=None)


def feed_result(url: str, entries: list, *, status: str = "ok", title: str | None = None,
                error: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(url=url, status=status, entries=tuple(entries), title=title,
                           etag=None, last_modified=None, error=error, http_status=None,
                           retry_after=None, warning=None)


@pytest.fixture
def fixed_now() -> datetime:
    return datetime(2025, 2, 17, 12, 0, tzinfo=UTC)


@pytest.fixture
def example_toml(tmp_path: Path) -> str:
    """The example config with the store in a temporary folder and absolute feed paths."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('path = "data/briefbot.sqlite3"',
                        f'path = "{tmp_path / "briefbot.sqlite3"}"')
    return text.replace('url = "config/samples/', f'url = "{REPO / "config" / "samples"}/')


@pytest.fixture
def fixture_articles() -> dict[str, Article]:
    """Our own fixture articles (tests/fixtures/articles), by file stem."""
    return {p.stem: load_article(p) for p in sorted(ARTICLE_FIXTURES.glob("*.json"))}

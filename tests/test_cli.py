"""The CLI end to end on the bundled sample config (no network)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO, SHARED


@pytest.fixture
def config(tmp_path: Path, example_toml: str) -> str:
    path = tmp_path / "briefbot.toml"
    path.write_text(example_toml, encoding="utf-8")
    return str(path)


def test_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True,
                         text=True, cwd=REPO, check=True).stdout
    for cmd in ("run", "poll", "brief", "condense", "stories", "status", "check-config"):
        assert cmd in out


def test_poll_then_brief_json(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["poll", "--config", config]) == 0
    out = capsys.readouterr().out
    assert "3 feeds polled: 7 new entries, 0 not modified, 0 errors" in out
    assert main(["brief", "ukraine-nato", "--config", config, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == "ukraine-nato" and not data["empty"]
    stories = data["stories"]
    for category in ("positions", "figures", "events"):
        assert any(s[category] for s in stories), category
    for s in stories:
        for category in ("positions", "figures", "events"):
            for bullet in s[category]:
                assert bullet["sources"] and bullet["outlets"] and bullet["evidence"]
    # The NATO ministers' meeting is covered by two outlets: one story, merged bullets.
    merged = [s for s in stories if len(s["outlets"]) >= 2]
    assert merged, [s["title"] for s in stories]
    assert any(len(b["outlets"]) >= 2 for s in merged for c in ("positions", "figures", "events")
               for b in s[c])


def test_brief_text_and_markdown(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["poll", "--config", config])
    capsys.readouterr()
    assert main(["brief", "oil", "--config", config]) == 0
    text = capsys.readouterr().out
    assert "Oil & OPEC+" in text and "Figures" in text
    assert main(["brief", "oil", "--config", config, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Oil & OPEC+")


def test_brief_empty_window_says_so(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "central-banks", "--config", config]) == 0
    assert "Nothing new on Central banks since" in capsys.readouterr().out


def test_unknown_topic_exit_2_lists_topics(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "nosuchtopic", "--config", config]) == 2
    err = capsys.readouterr().err
    assert "unknown topic 'nosuchtopic'" in err and "ukraine-nato" in err and "oil" in err


def test_bad_hours_exit_2(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "oil", "--hours", "lots", "--config", config]) == 2
    assert "hours must be a number" in capsys.readouterr().err


def test_condense_jsonl_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = REPO / "config" / "samples" / "src" / "zelenskyy-nato.txt"
    assert main(["condense", str(seed), "--format", "jsonl", "--published", "2025-02-17"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert line["id"] == "zelenskyy-nato"
    assert set(line) >= {"id", "positions", "figures", "events"}
    fig = next(f for f in line["figures"] if f["text"] == "$175 billion")
    assert fig["value"] == 175_000_000_000 and fig["unit"] == "USD"
    for e in line["events"]:
        assert e["date"] is None or e["date"] >= "2025-02-17"


def test_condense_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["condense", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["condense", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_stories_json(capsys: pytest.CaptureFixture[str]) -> None:
    src = REPO / "config" / "samples" / "src"
    assert main(["stories", str(src), "--format", "json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    together = [g for g in groups if "nato-ministers-world" in g][0]
    assert "nato-ministers-wire" in together
    assert sorted(i for g in groups for i in g) == sorted(p.stem for p in src.glob("*.txt"))


def test_run_once_prints_briefings(config: str) -> None:
    out = subprocess.run([sys.executable, "-m", "bot", "run", "--once", "--config", config],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Ukraine & NATO" in out.stdout and "Positions" in out.stdout
    assert "Figures" in out.stdout and "Next events" in out.stdout


@pytest.mark.skipif(not (SHARED / "feeds").is_dir(), reason="no shared feed corpus here")
def test_poll_every_shared_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = sorted(p for p in (SHARED / "feeds").iterdir() if p.name not in ("MANIFEST.tsv", "README.md"))
    cfg = tmp_path / "all.toml"
    cfg.write_text(f'[storage]\npath = "{tmp_path / "s.sqlite3"}"\n' + "".join(
        f'[[feeds]]\nurl = "{p}"\nname = "{p.name}"\n' for p in feeds))
    assert main(["poll", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert f"{len(feeds)} feeds polled" in out
    broken = [line for line in out.splitlines() if line.startswith("  broken: ")]
    for name in ("broken-empty.xml", "broken-binary-junk-2k.bin",
                 "html-instead-of-feed-daringfireball.html"):
        assert any(name in b for b in broken), name
    # Every entry of every good feed is stored (the parser's count, checked against
    # MANIFEST.tsv in test_feeds_corpus.py).
    from briefings.feeds import parse_bytes
    from briefings.store import Store
    manifest = {r.split("\t")[0]: r.split("\t") for r in
                (SHARED / "feeds" / "MANIFEST.tsv").read_text().splitlines()[1:] if r.strip()}
    with Store(tmp_path / "s.sqlite3") as store:
        health = store.feed_health()
    db = sqlite3.connect(tmp_path / "s.sqlite3")
    for p in feeds:
        parsed = parse_bytes(p.read_bytes(), url=str(p))
        if manifest[p.name][1] in ("rss2", "rss1", "atom", "jsonfeed"):
            assert health[str(p)].failures == 0, p.name
        for e in parsed.entries if parsed.status == "ok" else ():
            # Stored from this feed, or from another feed with the same canonical URL.
            found = db.execute("SELECT 1 FROM articles WHERE (feed_url=? AND uid=?) OR url=?",
                               (str(p), e.uid, e.url)).fetchone()
            assert found, (p.name, e.uid)

"""Crash safety: `briefbot run` killed with SIGKILL at random points of poll and post,
restarted, 20 rounds. Every article is stored once; every due briefing is delivered once
(delivery ids never repeat at the receiver); SIGTERM stops it cleanly."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from aiohttp import web

from tests.conftest import REPO
from tests.feedserver import RSS_TYPE, FeedServer, rss
from tests.receiver import Receiver

ROUNDS = 20


def start(cfg: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "bot", "run", "--config", str(cfg)],
                                cwd=REPO, stdout=out, stderr=out, start_new_session=True)


def test_kill_9_at_random_points_loses_nothing_and_posts_nothing_twice(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("BRIEFBOT_CRASH_SEED", "7")))
    t0 = time.monotonic()
    served: set[int] = set()

    async def growing(request: web.Request) -> web.Response:
        n = 3 + int((time.monotonic() - t0) / 1.5)  # a new story every 1.5 s
        served.update(range(n))
        return web.Response(body=rss(n, prefix="story"), headers={"Content-Type": RSS_TYPE})

    with FeedServer() as server, Receiver() as receiver:
        feed_url = server.route("/grow.xml", growing)
        db = tmp_path / "s.sqlite3"
        cfg = tmp_path / "crash.toml"
        cfg.write_text(f"""
[storage]
path = "{db}"
[[feeds]]
url = "{feed_url}"
every = "1s"
[topics.t]
title = "Stories"
any = ["story"]
[[channels]]
platform = "webhook"
url = "{receiver.url}"
topics = ["t"]
schedule = "*/2 * * * * *"
lookback = "1h"
[polling]
tick = "1s"
jitter = "0.1s"
[delivery]
catch_up = "1h"
retries = 1
""")
        log = tmp_path / "run.log"
        for _ in range(ROUNDS):
            proc = start(cfg, log)
            time.sleep(rng.uniform(0.3, 3.0))
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        # A last run that is let finish its work, then stopped politely.
        proc = start(cfg, log)
        time.sleep(5)
        before_stop = max(served) + 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0, log.read_text()[-3000:]
        assert "event=stopping" in log.read_text()

        ids = receiver.delivery_ids()
        assert ids, log.read_text()[-3000:]
        assert len(ids) == len(set(ids)), "a delivery id reached the receiver twice"

        conn = sqlite3.connect(db)
        uids = [r[0] for r in conn.execute("SELECT uid FROM articles")]
        assert len(uids) == len(set(uids))
        stored = {int(u.rsplit("-", 1)[1]) for u in uids}
        # Everything served up to the last run's polls is stored (a later poll of the same
        # growing feed may have added more).
        assert set(range(before_stop - 2)) <= stored
        rows = dict(conn.execute("SELECT delivery_id, status FROM deliveries").fetchall())
        delivered = {d for d, s in rows.items() if s == "delivered"}
        assert set(ids) == delivered
        assert not [d for d, s in rows.items() if s in ("pending", "failed")]

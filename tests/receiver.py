"""A local HTTP receiver for the `webhook` channel: records every POST, can answer with a
scripted sequence of statuses (e.g. 429 with Retry-After, then 200)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from aiohttp import web


class Receiver:
    """Runs in its own thread and loop, so sync and async tests (and subprocesses) can use it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.script: list[tuple[int, dict[str, str]]] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._started.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _hook(self, request: web.Request) -> web.Response:
        if self.script:
            status, headers = self.script.pop(0)
            if status >= 300:
                return web.Response(status=status, headers=headers, text="try later")
        body = json.loads(await request.read())
        self.posts.append(body)
        self.headers.append(dict(request.headers))
        return web.Response(status=200, text="ok")

    def __enter__(self) -> Receiver:
        self._thread.start()
        self._started.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def delivery_ids(self) -> list[str]:
        return [p["delivery_id"] for p in self.posts]

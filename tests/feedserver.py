"""A local HTTP feed server for tests that can misbehave on command.

It runs its own event loop in a background thread, so the same object serves sync pytest tests
and async ones (whose loop stays free for the client under test)::

    with FeedServer() as server:
        url = server.feed("/a.xml", body, etag='"v1"')   # 200 with ETag, then 304 on If-None-Match
        server.fail("/b.xml", 500)
        ...
        server.hits("/a.xml")                             # requests seen, with their headers

Routes can be added or changed while the server runs. Misbehaviours: ``fail`` (any status,
e.g. 429/503 with Retry-After), ``hang`` (no response: read timeout), ``trickle`` (a byte at a
time: only a total deadline stops it), ``oversize``, ``gzip_bomb``, ``redirect``/``redirect_loop``,
``truncated`` (closes before Content-Length is sent), ``refused_url`` and ``stalled_connect_url``.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True)
class Hit:
    path: str
    headers: Mapping[str, str]


@dataclass
class _State:
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)


def rss(n: int = 3, *, title: str = "Test feed", prefix: str = "item") -> bytes:
    """A small valid RSS 2.0 document with ``n`` items."""
    items = "".join(
        f"<item><title>{prefix} {i}</title><link>https://example.org/{prefix}/{i}?utm_source=rss</link>"
        f"<guid>{prefix}-{i}</guid><pubDate>Mon, 0{1 + i % 9} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Paragraph one of {prefix} {i}.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;"
        f"</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link>{items}</channel></rss>"
    ).encode()


@lru_cache(maxsize=4)
def _gzip_zeros(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


class FeedServer:
    """An aiohttp server on 127.0.0.1 (random port) in a daemon thread. Use as a (async) context
    manager, or call ``start()`` / ``stop()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._state = _State()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._stop: asyncio.Event | None = None
        self._sockets: list[socket.socket] = []

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._serve(ready))
            except BaseException as exc:  # noqa: BLE001 - reported to the starting thread
                errors.append(exc)
                ready.set()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="feedserver", daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise RuntimeError("feed server failed to start") from errors[0]
        return self

    async def _serve(self, ready: threading.Event) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, shutdown_timeout=0.2, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None and isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        self._stop = asyncio.Event()
        ready.set()
        await self._stop.wait()
        await self._runner.cleanup()

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)
        for sock in self._sockets:
            sock.close()
        self._sockets.clear()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)

    # --- inspection ------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str | None = None) -> list[Hit]:
        return [h for h in list(self._state.hits) if path is None or h.path == path]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self._state.hits.append(Hit(request.path, dict(request.headers)))
        handler = self._state.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="no such feed")
        return await handler(request)

    def route(self, path: str, handler: Handler) -> str:
        """Serve ``path`` with any aiohttp handler; returns its URL."""
        self._state.routes[path] = handler
        return self.url(path)

    # --- well-behaved feeds ----------------------------------------------------------------

    def feed(
        self,
        path: str,
        body: bytes,
        *,
        content_type: str = RSS_TYPE,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """200 with the body; 304 when If-None-Match / If-Modified-Since match the validators."""

        async def handler(request: web.Request) -> web.StreamResponse:
            validators: dict[str, str] = {}
            if etag:
                validators["ETag"] = etag
            if last_modified:
                validators["Last-Modified"] = last_modified
            inm = request.headers.get("If-None-Match")
            ims = request.headers.get("If-Modified-Since")
            if (etag and inm == etag) or (not inm and last_modified and ims == last_modified):
                return web.Response(status=304, headers=validators)
            return web.Response(
                body=body, headers={"Content-Type": content_type, **validators, **(headers or {})}
            )

        return self.route(path, handler)

    def file(self, path: str, file: Path, *, content_type: str | None = None) -> str:
        """A file from disk, with an ETag and a Last-Modified so conditional GET works."""
        data = file.read_bytes()
        if content_type is None:
            content_type = (
                "application/feed+json"
                if file.suffix == ".json"
                else ("text/html; charset=utf-8" if file.suffix == ".html" else "application/xml")
            )
        return self.feed(
            path, data, content_type=content_type, etag=f'"{hash(data) & 0xFFFFFFFF:x}"',
            last_modified=formatdate(file.stat().st_mtime, usegmt=True),
        )  # fmt: skip

    # --- misbehaviour ----------------------------------------------------------------------

    def fail(
        self, path: str, status: int = 500, *, body: bytes = b"", headers: Mapping[str, str] | None = None,
        retry_after: str | int | None = None,
    ) -> str:  # fmt: skip
        """Answer every request with ``status`` (e.g. 429/503 with ``retry_after``)."""
        extra = dict(headers or {})
        if retry_after is not None:
            extra["Retry-After"] = str(retry_after)

        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, body=body, headers=extra)

        return self.route(path, handler)

    def hang(self, path: str, seconds: float = 60.0, *, after_headers: bool = False) -> str:
        """Say nothing for ``seconds`` (before the headers, or after them: a read timeout)."""

        async def handler(request: web.Request) -> web.StreamResponse:
            if not after_headers:
                await asyncio.sleep(seconds)
                return web.Response(body=b"")
            resp = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
            await resp.prepare(request)
            await resp.write(b"<?xml version='1.0'?>")
            await asyncio.sleep(seconds)
            return resp

        return self.route(path, handler)

    def trickle(self, path: str, body: bytes | None = None, *, interval: float = 0.05) -> str:
        """Send the body one byte per ``interval``, forever if it runs out: never idle long enough
        for a read timeout, so only a total deadline ends it."""
        data = body or rss(50)

        async def handler(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
            await resp.prepare(request)
            i = 0
            while True:
                await resp.write(data[i % len(data) : i % len(data) + 1])
                i += 1
                await asyncio.sleep(interval)

        return self.route(path, handler)

    def oversize(self, path: str, size: int, *, chunked: bool = False) -> str:
        """A body of ``size`` bytes; ``chunked`` hides the size (no Content-Length)."""
        block = b"<!-- " + b"x" * 65526 + b" -->"

        async def handler(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
            if chunked:
                resp.enable_chunked_encoding()
            else:
                resp.content_length = size
            await resp.prepare(request)
            sent = 0
            while sent < size:
                part = block[: size - sent]
                await resp.write(part)
                sent += len(part)
            return resp

        return self.route(path, handler)

    def gzip_bomb(self, path: str, size: int = 64 * 1024 * 1024) -> str:
        """A small gzip body (Content-Encoding: gzip) that inflates to ``size`` bytes."""
        payload = _gzip_zeros(size)

        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(
                body=payload, headers={"Content-Type": RSS_TYPE, "Content-Encoding": "gzip"}
            )

        return self.route(path, handler)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": to})

        return self.route(path, handler)

    def redirect_loop(self, path: str) -> str:
        """``path`` -> ``path/next`` -> ``path`` -> ..."""
        other = path.rstrip("/") + "/next"
        self.redirect(other, self.url(path))
        return self.redirect(path, self.url(other))

    def truncated(self, path: str, body: bytes, *, keep: int | None = None) -> str:
        """Promise the whole body in Content-Length, send ``keep`` bytes, close the connection."""
        keep = len(body) // 2 if keep is None else keep

        async def handler(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
            resp.content_length = len(body)
            await resp.prepare(request)
            await resp.write(body[:keep])
            transport = request.transport
            if transport is not None:
                transport.close()
            return resp

        return self.route(path, handler)

    # --- connection-level faults (no HTTP at all) ---------------------------------------------

    def refused_url(self, path: str = "/feed.xml") -> str:
        """A URL on a port where nothing listens: connection refused."""
        with socket.socket() as sock:
            sock.bind((self.host, 0))
            port = sock.getsockname()[1]
        return f"http://{self.host}:{port}{path}"

    def stalled_connect_url(self, path: str = "/feed.xml") -> str:
        """A URL whose TCP handshake never completes: a listening socket that never accepts,
        its backlog filled, so the kernel drops further SYNs (a connect timeout)."""
        listener = socket.socket()
        listener.bind((self.host, 0))
        listener.listen(0)
        self._sockets.append(listener)
        port = listener.getsockname()[1]
        for _ in range(4):  # fill the accept queue
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect((self.host, port))
            except BlockingIOError:
                pass
            self._sockets.append(filler)
        return f"http://{self.host}:{port}{path}"

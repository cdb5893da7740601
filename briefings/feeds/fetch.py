"""FeedPoller: conditional GET over aiohttp, bodies parsed in a process pool. Failures are values.

Fetching is I/O and runs on the event loop (``concurrency`` connections at once); parsing is
CPU (~8 ms per changed 50-entry feed on the ElementTree fast path, ~21 ms through feedparser)
and runs in worker processes so both cores parse while the loop keeps fetching. A 304 never
reaches a worker.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Self

import aiohttp

from briefings.feeds.local import read_local
from briefings.feeds.parse import parse_bytes
from briefings.feeds.reasons import describe_failure, format_size, http_error, retry_after_seconds
from briefings.feeds.values import FeedRequest, FeedResult

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "briefbot/0.1 (+https://github.com/briefbot)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
_CHUNK = 64 * 1024
# Imported by the forkserver before it forks parse workers (a module that fails to import is
# skipped by multiprocessing, and the worker imports it itself).
_PRELOAD = ("briefings.feeds.forkserver_preload",)


@dataclass(frozen=True)
class _Body:
    """A fetched body waiting for the parser, with what the response said about it."""

    data: bytes
    content_type: str | None
    http_status: int | None
    etag: str | None
    last_modified: str | None


class FeedPoller:
    """Polls feeds; an async context manager that owns the HTTP session and the parser processes.

    ``parse_workers``: processes that parse (default: one per core); ``0`` parses in a thread of
    this process instead (small deployments, tests).
    """

    def __init__(
        self,
        *,
        concurrency: int = 50,
        timeout: float = 20.0,
        max_bytes: int = 5 * 1024 * 1024,
        parse_workers: int | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_redirects: int = 5,
        trust_env: bool = False,
    ) -> None:
        if concurrency < 1 or timeout <= 0 or max_bytes < 1:
            raise ValueError("concurrency, timeout and max_bytes must be positive")
        self.concurrency = concurrency
        self.timeout = timeout
        self.connect_timeout = (
            connect_timeout if connect_timeout is not None else min(10.0, timeout)
        )
        self.read_timeout = read_timeout if read_timeout is not None else min(10.0, timeout)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.parse_workers = (os.cpu_count() or 1) if parse_workers is None else parse_workers
        self.user_agent = user_agent
        self.trust_env = trust_env  # honour HTTP(S)_PROXY / NO_PROXY from the environment
        self._session: aiohttp.ClientSession | None = None
        self._pool: Executor | None = None
        self._parsing = 0  # parses in the pool now
        self._last_parse = 0.0  # time.monotonic() of the last one
        self._fetch_slots: asyncio.Semaphore | None = None
        self._parse_slots: asyncio.Semaphore | None = None

    async def __aenter__(self) -> Self:
        connector = aiohttp.TCPConnector(limit=self.concurrency, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=self.connect_timeout, sock_read=self.read_timeout
            ),
            headers={"User-Agent": self.user_agent, "Accept": _ACCEPT},
            trust_env=self.trust_env,
        )
        self._fetch_slots = asyncio.Semaphore(self.concurrency)
        # Bodies waiting for a parser are held in memory; bounding the queue gives back-pressure.
        self._parse_slots = asyncio.Semaphore(max(1, self.parse_workers) * 4)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    async def poll(
        self,
        requests: Sequence[FeedRequest],
        *,
        on_result: Callable[[FeedResult], None] | None = None,
    ) -> list[FeedResult]:
        """One result per request, in the same order. Never raises for a bad feed."""

        async def one(request: FeedRequest) -> FeedResult:
            result = await self.poll_one(request)
            if on_result is not None:
                try:
                    on_result(result)
                except Exception:  # a failing progress display must not stop the batch
                    log.exception("on_result callback failed for %s", request.url)
            return result

        return list(await asyncio.gather(*(one(r) for r in requests)))

    async def poll_one(self, request: FeedRequest) -> FeedResult:
        """Fetch and parse one feed; the outcome, good or bad, is the returned value."""
        if self._session is None or self._fetch_slots is None or self._parse_slots is None:
            raise RuntimeError("FeedPoller must be used as `async with FeedPoller() as poller:`")
        await self._fetch_slots.acquire()
        started = time.perf_counter()  # after the wait for a slot: fetch_seconds is the fetch
        fetch_slot_held = True
        try:
            try:
                fetched = await self._fetch(request)
            except Exception as exc:  # noqa: BLE001 - failures are values; _fetch maps them itself
                fetched = FeedResult(
                    url=request.url, status="error", error=describe_failure(exc, self)
                )
            fetch_seconds = time.perf_counter() - started
            if isinstance(fetched, FeedResult):
                return self._finish(fetched, request, fetch_seconds)
            async with self._parse_slots:
                self._fetch_slots.release()
                fetch_slot_held = False
                parsed = await self._parse(fetched, request.url)
        finally:
            if fetch_slot_held:
                self._fetch_slots.release()
        if parsed.status == "ok":
            parsed = replace(parsed, etag=fetched.etag, last_modified=fetched.last_modified)
        return self._finish(
            replace(parsed, http_status=fetched.http_status), request, fetch_seconds
        )

    @staticmethod
    def _finish(result: FeedResult, request: FeedRequest, fetch_seconds: float) -> FeedResult:
        if result.status != "ok":
            # Keep the old validators: the next poll then asks again for the last good version.
            result = replace(
                result,
                etag=result.etag or request.etag,
                last_modified=result.last_modified or request.last_modified,
            )
        return replace(result, url=request.url, fetch_seconds=fetch_seconds)

    async def _fetch(self, request: FeedRequest) -> FeedResult | _Body:
        scheme = request.url.split("://", 1)[0].lower() if "://" in request.url else ""
        if scheme in ("http", "https"):
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._fetch_http(request)
            except Exception as exc:  # noqa: BLE001 - any fetch failure is this feed's error value
                return FeedResult(
                    url=request.url, status="error", error=describe_failure(exc, self)
                )
        if scheme in ("", "file") or len(scheme) == 1:  # a path, a file:// URL, or C:\...
            local = await asyncio.to_thread(read_local, request, self.max_bytes)
            if isinstance(local, FeedResult):
                return local
            data, last_modified = local
            return _Body(data, None, None, None, last_modified)
        return FeedResult(
            url=request.url, status="error", error=f"unsupported URL scheme {scheme!r}"
        )

    async def _fetch_http(self, request: FeedRequest) -> FeedResult | _Body:
        assert self._session is not None
        headers = {}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        async with self._session.get(
            request.url, headers=headers, max_redirects=self.max_redirects
        ) as resp:
            etag = resp.headers.get("ETag")
            last_modified = resp.headers.get("Last-Modified")
            if resp.status == 304:
                return FeedResult(
                    url=request.url, status="not_modified", http_status=304,
                    etag=etag or request.etag, last_modified=last_modified or request.last_modified,
                )  # fmt: skip
            if not 200 <= resp.status < 300:
                return FeedResult(
                    url=request.url, status="error", http_status=resp.status,
                    error=http_error(resp.status, resp.reason),
                    retry_after=retry_after_seconds(resp.headers.get("Retry-After"))
                    if resp.status in (429, 503) else None,
                )  # fmt: skip
            too_big = FeedResult(
                url=request.url, status="error", http_status=resp.status,
                error=f"body over {format_size(self.max_bytes)} cap",
            )  # fmt: skip
            if resp.content_length is not None and resp.content_length > self.max_bytes:
                return too_big
            chunks: list[bytes] = []
            size = 0
            # aiohttp hands over decompressed data, so the cap also stops gzip bombs.
            async for chunk in resp.content.iter_chunked(_CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    return too_big
                chunks.append(chunk)
            return _Body(
                b"".join(chunks), resp.headers.get("Content-Type"), resp.status, etag, last_modified
            )

    async def _parse(self, body: _Body, url: str) -> FeedResult:
        pool = self._get_pool() if self.parse_workers > 0 else None
        if pool is None:
            return await asyncio.to_thread(
                parse_bytes, body.data, url=url, content_type=body.content_type
            )
        loop = asyncio.get_running_loop()
        self._parsing += 1
        try:
            return await loop.run_in_executor(pool, _parse_job, body.data, url, body.content_type)
        except BrokenProcessPool:
            if self._pool is pool:
                self._pool = None  # the next parse starts fresh workers
                pool.shutdown(wait=False, cancel_futures=True)
            return FeedResult(url=url, status="error", error="parser process crashed")
        finally:
            self._parsing -= 1
            self._last_parse = time.monotonic()

    async def release_idle_workers(self, idle_seconds: float) -> bool:
        """Stop the parse workers when none has parsed for ``idle_seconds`` (they hold
        ~55 MiB); the next changed feed starts them again (~0.3 s). True if stopped."""
        pool = self._pool
        if (pool is None or self._parsing
                or time.monotonic() - self._last_parse < idle_seconds):
            return False
        self._pool = None
        await asyncio.to_thread(pool.shutdown, wait=True)
        return True

    def _get_pool(self) -> Executor | None:
        """The parse workers; None where processes can't be made (a sandbox without
        semaphores or /dev/shm): then parsing runs in a thread, slower but working."""
        if self._pool is None:
            # fork would copy the event loop and the resolver threads; forkserver starts clean.
            method = "forkserver" if sys.platform.startswith("linux") else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                # The forkserver imports the parser (feedparser, ElementTree, html.parser) once;
                # workers forked from it share those pages instead of importing their own.
                context.set_forkserver_preload(["__main__", *_PRELOAD])
            try:
                self._pool = ProcessPoolExecutor(max_workers=self.parse_workers, mp_context=context)
            except (OSError, ImportError) as e:
                log.warning("event=parse_pool_unavailable error=%r fallback=thread", e)
                self.parse_workers = 0
                return None
        return self._pool


def _parse_job(data: bytes, url: str, content_type: str | None) -> FeedResult:
    """Top-level so the process pool can pickle it."""
    return parse_bytes(data, url=url, content_type=content_type)

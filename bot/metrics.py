"""Prometheus metrics and the optional /healthz + /metrics HTTP endpoint."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.feeds_polled = Counter("briefbot_feeds_polled", "Feed polls", ["outcome"], registry=r)
        self.articles_stored = Counter("briefbot_articles_stored", "New articles stored",
                                       registry=r)
        self.briefings = Counter("briefbot_briefings", "Scheduled briefings", ["outcome"],
                                 registry=r)
        self.poll_seconds = Histogram("briefbot_poll_cycle_seconds", "Poll cycle duration",
                                      registry=r, buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300))
        self.failing_feeds = Gauge("briefbot_failing_feeds", "Feeds failing now", registry=r)


class HealthServer:
    """GET /healthz (200 when the scheduler runs and the store answers) and GET /metrics."""

    def __init__(self, metrics: Metrics, healthy: Callable[[], bool], host: str, port: int):
        self.metrics, self.healthy, self.host, self.port = metrics, healthy, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # an ephemeral port: read back which one
            self.port = int(self._runner.addresses[0][1])

    async def _healthz(self, request: web.Request) -> web.Response:
        ok = self.healthy()
        return web.Response(status=200 if ok else 503, text="ok\n" if ok else "unhealthy\n")

    async def _metrics(self, request: web.Request) -> web.Response:
        resp = web.Response(body=generate_latest(self.metrics.registry))
        resp.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return resp

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

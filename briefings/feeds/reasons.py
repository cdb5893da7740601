"""One-line, human reasons for fetch failures: every message a feed error can show is here."""

from __future__ import annotations

import re
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

import aiohttp

_RECEIVED = re.compile(r"received (\d+) of (\d+) bytes")


class _Timeouts(Protocol):
    timeout: float
    connect_timeout: float
    read_timeout: float
    max_redirects: int


def format_size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


def http_error(status: int, reason: str | None) -> str:
    return f"HTTP {status}" + (f" {reason}" if reason else "")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date. ``None`` if absent or junk."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


def describe_failure(exc: BaseException, limits: _Timeouts) -> str:
    """The reason for an exception raised while fetching, in one line."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return f"connect timed out after {limits.connect_timeout:g}s"
    if isinstance(exc, aiohttp.SocketTimeoutError):
        return f"read timed out after {limits.read_timeout:g}s"
    if isinstance(exc, TimeoutError):
        return f"timed out after {limits.timeout:g}s"
    if isinstance(exc, aiohttp.TooManyRedirects):
        return f"too many redirects (more than {limits.max_redirects}; a redirect loop?)"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return f"TLS certificate error for {exc.host}: {_short(exc.certificate_error)}"
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return f"TLS error: {_short(exc)}"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"DNS lookup failed for {exc.host}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, ConnectionRefusedError):
            return f"connection refused by {exc.host}:{exc.port}"
        return f"cannot connect to {exc.host}:{exc.port}: {exc.os_error.strerror or _short(exc.os_error)}"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "server closed the connection before the response was complete"
    if isinstance(exc, aiohttp.ClientPayloadError):
        counts = _RECEIVED.search(str(exc))
        if counts:
            return f"incomplete body: received {counts[1]} of {counts[2]} bytes"
        return f"incomplete or corrupt body: {_short(exc)}"
    if isinstance(exc, aiohttp.NonHttpUrlRedirectClientError):
        return f"redirect to a non-HTTP URL: {exc}"
    if isinstance(exc, aiohttp.InvalidURL):
        return f"invalid URL: {exc}"
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"bad HTTP response: {exc.message or exc.status}"
    if isinstance(exc, aiohttp.ClientError):
        return f"HTTP client error: {type(exc).__name__}: {_short(exc)}"
    if isinstance(exc, OSError):
        return f"network error: {exc.strerror or _short(exc)}"
    return f"fetch failed: {type(exc).__name__}: {_short(exc)}"

"""Feeds that are local files (the offline sample config, tests). Blocking; run in a thread."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from briefings.feeds.reasons import format_size
from briefings.feeds.values import FeedRequest, FeedResult


def local_path(url: str) -> Path:
    if url.lower().startswith("file://"):
        return Path(url2pathname(urlsplit(url).path))
    return Path(url)


def read_local(request: FeedRequest, max_bytes: int) -> FeedResult | tuple[bytes, str]:
    """The file's bytes and its mtime as an HTTP date, or a result (unchanged mtime, error)."""
    path = local_path(request.url)
    try:
        stat = path.stat()
        if not path.is_file():
            return _error(request, f"not a file: {path}")
        # The mtime plays the part of Last-Modified: unchanged file, no parse.
        mtime = formatdate(stat.st_mtime, usegmt=True)
        if request.last_modified == mtime:
            return FeedResult(
                url=request.url, status="not_modified", last_modified=mtime, etag=request.etag
            )
        if stat.st_size > max_bytes:
            return _error(request, f"body over {format_size(max_bytes)} cap")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return _error(request, f"file not found: {path}")
    except OSError as exc:
        return _error(request, f"cannot read {path}: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return _error(request, f"body over {format_size(max_bytes)} cap")
    return data, mtime


def _error(request: FeedRequest, reason: str) -> FeedResult:
    return FeedResult(url=request.url, status="error", error=reason)


__all__ = ["local_path", "read_local"]

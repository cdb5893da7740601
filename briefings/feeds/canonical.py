"""Canonical article URLs, so the same article reached through two feeds is recognised."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from, never which page it is.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "_hs", "hsa_", "vero_", "oly_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "ncid",
        "cmpid", "ocid", "sr_share", "spm", "ref_src", "ref_url", "at_medium",
        "at_campaign", "wt.mc_id", "icid", "guccounter", "guce_referrer", "guce_referrer_sig",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_NAMES or low.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """Normalise ``url`` (resolved against ``base``): lowercase scheme and host, no default port,
    no fragment, no tracking parameters, ``/`` for an empty path. Other URLs come back stripped."""
    url = url.strip()
    if base:
        url = urljoin(base.strip(), url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # malformed netloc, e.g. "http://[::1"
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += ":" + parts.password
        netloc = f"{userinfo}@{netloc}"
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), parts.path) or "/"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept, doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def http_url(url: str | None, base: str | None = None) -> str | None:
    """``canonical_url`` for http(s) links; ``None`` for anything else (mailto:, file paths, junk)."""
    if not url or not url.strip():
        return None
    result = canonical_url(url, base)
    return result if result.startswith(("http://", "https://")) else None

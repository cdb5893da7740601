"""Feed fetch + parse: FeedRequest in, FeedResult (with normalised entries) out.

``FeedPoller`` fetches over HTTP with conditional GET and parses in worker processes;
``parse_bytes`` is the pure parser (RSS / Atom / RDF via feedparser, JSON Feed itself).
"""

from briefings.feeds.canonical import canonical_url
from briefings.feeds.fetch import FeedPoller
from briefings.feeds.parse import parse_bytes
from briefings.feeds.values import Entry, FeedRequest, FeedResult, FeedStatus

__all__ = [
    "Entry",
    "FeedPoller",
    "FeedRequest",
    "FeedResult",
    "FeedStatus",
    "canonical_url",
    "parse_bytes",
]

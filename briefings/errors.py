"""One exception tree, rooted in BriefbotError. Third-party errors are wrapped once, at the boundary."""

from __future__ import annotations


class BriefbotError(Exception):
    """Base of every error briefbot raises on purpose."""


class ConfigError(BriefbotError):
    """The configuration is invalid; ``problems`` lists every problem, each naming its key path."""

    def __init__(self, problems: list[str], path: str | None = None) -> None:
        self.problems = list(problems)
        self.path = path
        where = f" in {path}" if path else ""
        super().__init__(f"{len(self.problems)} problem(s){where}:\n" + "\n".join(
            f"  - {p}" for p in self.problems))


class UnknownTopicError(BriefbotError):
    def __init__(self, slug: str, known: list[str]) -> None:
        self.slug = slug
        self.known = known
        super().__init__(f"unknown topic {slug!r}; defined topics: {', '.join(known) or '(none)'}")


class FeedError(BriefbotError):
    """A feed could not be fetched or parsed."""


class StoreError(BriefbotError):
    """The store could not be opened or written."""


class InputError(BriefbotError):
    """A file or argument given on the command line cannot be used."""

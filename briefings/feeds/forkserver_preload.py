"""Imported by the parse workers' forkserver only, before it forks any worker.

It imports the parser, then freezes the garbage collector's view of every object imported so
far (``gc.freeze``): a worker's collections then never write to those objects' headers, so the
pages they live on stay shared with the forkserver instead of being copied into every worker.
"""

import gc

import briefings.feeds.parse  # noqa: F401 - imported for its side effect: loaded once, shared

gc.freeze()

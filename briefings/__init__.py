"""briefbot's platform-neutral core: feeds, store, condense, compose. No chat SDK, no scheduler."""

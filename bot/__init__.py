"""Everything that talks to the outside world: CLI, scheduler wiring, platform adapters."""

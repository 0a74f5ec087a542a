"""The registry every pattern module adds its sources to (name -> [source, flags])."""

# Filled by ``add`` as the pattern modules are imported, in the order they are written.
DEFAULT_PATTERNS: dict[str, list[object]] = {}


def add(name: str, source: str, flags: int = 0) -> None:
    """Register a pattern's source text and flags under ``name`` (one name, one pattern)."""
    if name in DEFAULT_PATTERNS:
        raise ValueError(f"pattern {name!r} registered twice")
    DEFAULT_PATTERNS[name] = [source, int(flags)]

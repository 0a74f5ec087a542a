"""Content versions as document systems write them: ``"2.1"``, ``"3.0"``, ``"v4"``.

One reading for the catalog, the server and the device: a version is text with at least one
run of digits; its order is the order of those numbers (``"1.10"`` after ``"1.9"``) and
trailing zero parts do not count (``"v4"`` == ``"4"`` == ``"4.0"``). An integer is read as its
string. Kept in ``nlp`` because every reader of the catalog format (backend, field_client and
the tagger) may import it.
"""

import re

MAX_LENGTH = 32
_PART_DIGITS = 9  # each number is padded to this width in ``version_sort``
_NUMBER = re.compile(r"\d+")


class InvalidVersion(ValueError):
    """A value that cannot be a content version (no digits, too long, not text)."""


def version_text(raw: object) -> str:
    """The version as stored: the text trimmed, an integer as its string; raises InvalidVersion."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidVersion(f"version must be text like '2.1' or 'v4', got {raw!r}")
    text = str(raw).strip()
    if not text or len(text) > MAX_LENGTH:
        raise InvalidVersion(f"version must be 1 to {MAX_LENGTH} characters, got {raw!r}")
    numbers = _NUMBER.findall(text)
    if not numbers:
        raise InvalidVersion(f"version {raw!r} has no number in it")
    if any(len(n.lstrip("0")) > _PART_DIGITS for n in numbers):
        raise InvalidVersion(f"version {raw!r} has a number longer than {_PART_DIGITS} digits")
    return text


def version_key(raw: object) -> tuple[int, ...]:
    """Natural order of a version: its numbers, trailing zero parts dropped."""
    parts = [int(n) for n in _NUMBER.findall(version_text(raw))]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def version_sort(raw: object) -> str:
    """A string whose plain (database) order is the natural order, equal for equal versions."""
    return ".".join(str(n).zfill(_PART_DIGITS) for n in version_key(raw))


def same_version(a: object, b: object) -> bool:
    return version_key(a) == version_key(b)

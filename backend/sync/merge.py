"""Field-by-field three-way merge of a device edit made against an older revision."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class MergeResult:
    applied: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def merge_fields(
    *, base: dict[str, Any] | None, server: dict[str, Any], device: dict[str, Any]
) -> MergeResult:
    """Apply the fields only the device changed; where both sides changed a field to different
    values the server keeps its value and the pair is reported as a conflict.

    ``base`` is the record at the device's ``base_rev``; ``None`` means unknown, in which case
    every field the device would change counts as changed on both sides.
    """
    result = MergeResult()
    for name, device_value in device.items():
        server_value = server.get(name)
        if device_value == server_value:
            continue
        device_changed = base is None or device_value != base.get(name)
        server_changed = base is None or server_value != base.get(name)
        if device_changed and server_changed:
            result.conflicts[name] = {"server": server_value, "device": device_value}
        elif device_changed:
            result.applied[name] = device_value
    return result

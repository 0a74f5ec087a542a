"""Who is acting and through which door, carried alongside the work in a context variable."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditActor:
    user_id: int | None
    username: str
    via: str


_current: ContextVar[AuditActor | None] = ContextVar("audit_actor", default=None)


def current_actor() -> AuditActor:
    return _current.get() or AuditActor(user_id=None, username="", via="system")


@contextmanager
def acting_as(user: Any | None, *, via: str) -> Iterator[AuditActor]:
    """Attribute every audited change inside the block to ``user`` acting through ``via``."""
    actor = AuditActor(
        user_id=getattr(user, "pk", None),
        username=user.get_username() if user is not None and user.is_authenticated else "",
        via=via,
    )
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)

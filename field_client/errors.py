"""Errors the field client reports to a rep: each has a stable code, a one-line message and an exit code."""

from __future__ import annotations

from typing import Any

# Exit codes are part of the CLI's interface: scripts branch on them, so they never change meaning.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_OFFLINE = 4
EXIT_SERVER = 5
EXIT_BUSY = 6
EXIT_NOT_FOUND = 7
EXIT_PROTOCOL = 8
EXIT_INTERRUPTED = 130


class ClientError(Exception):
    """Base of every error the CLI turns into a one-line message and an exit code."""

    exit_code = EXIT_ERROR
    code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details or {}


class UsageError(ClientError):
    """The command line or a value given on it cannot be used."""

    exit_code = EXIT_USAGE
    code = "usage"


class NotLoggedInError(ClientError):
    exit_code = EXIT_AUTH
    code = "not_logged_in"


class AuthError(ClientError):
    """Bad password, expired or revoked token."""

    exit_code = EXIT_AUTH
    code = "authentication_failed"


class OfflineError(ClientError):
    """The server could not be reached (after retries)."""

    exit_code = EXIT_OFFLINE
    code = "server_unreachable"


class ServerError(ClientError):
    """The server answered 5xx (after retries) or something that is not the protocol."""

    exit_code = EXIT_SERVER
    code = "server_error"


class RateLimited(ServerError):
    """The server kept answering 429 ``rate_limited`` after waiting as long as it asked."""

    code = "rate_limited"


class BusyError(ClientError):
    """Another sync of the same store is running."""

    exit_code = EXIT_BUSY
    code = "sync_in_progress"


class NotFoundError(ClientError):
    exit_code = EXIT_NOT_FOUND
    code = "not_found"


class ProtocolError(ClientError):
    """The server refused the request in a way the client cannot fix by retrying."""

    exit_code = EXIT_PROTOCOL
    code = "protocol_error"


class PayloadTooLarge(ClientError):
    """413 from the server; the sync engine splits the batch and never shows this to a rep."""

    exit_code = EXIT_PROTOCOL
    code = "payload_too_large"

    def __init__(self, message: str, *, code: str, limit: int | None) -> None:
        super().__init__(message, code=code, details={"limit": limit})
        self.limit = limit


class MutationGap(ProtocolError):
    """409: the server expects an earlier mutation_id than the one the batch starts with."""

    code = "mutation_gap"

    def __init__(self, message: str, *, expected: int, last_mutation_id: int | None) -> None:
        super().__init__(message, details={"expected": expected})
        self.expected = expected
        self.last_mutation_id = last_mutation_id


class InvalidCursor(ProtocolError):
    code = "invalid_cursor"

"""`field-client`: the command line a rep (or a script) uses to capture notes and sync them."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from field_client import cli_commands as commands
from field_client.errors import EXIT_ERROR, EXIT_INTERRUPTED, ClientError


def _add_note_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hcp", help="HCP id, external id or name")
    parser.add_argument("--product", action="append", help="product name, alias or id (repeatable)")
    parser.add_argument(
        "--content",
        action="append",
        metavar="CODE:VERSION",
        help="content asset shown (repeatable)",
    )
    parser.add_argument("--channel", help="in_person, remote, phone or email")
    parser.add_argument("--visited-at", help="ISO 8601 date/time, 'today' or 'yesterday'")
    parser.add_argument("--note", help="the note text ('-' reads it from stdin)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="field-client",
        description="Capture visit notes offline and sync them with FieldSignal.",
    )
    parser.add_argument(
        "--home", type=Path, help="store folder (default: $FIELD_CLIENT_HOME or ~/.fieldsignal)"
    )
    parser.add_argument(
        "--no-input", action="store_true", help="never prompt; fail when a value is missing"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("login", help="sign in to a FieldSignal server")
    p.add_argument("--server", required=True, help="e.g. https://fieldsignal.example.com")
    p.add_argument("--username", required=True)
    p.add_argument("--password", help="prompted for when missing ($FIELD_CLIENT_PASSWORD)")
    p.set_defaults(func=commands.login)

    sub.add_parser("logout", help="forget the token (unsent notes stay)").set_defaults(
        func=commands.logout
    )

    p = sub.add_parser("log", help="capture a visit note (works offline)")
    _add_note_fields(p)
    p.add_argument("--no-screen", action="store_true", help="skip on-device screening")
    p.add_argument(
        "--redact-pii", action="store_true", help="remove patient identifiers that screening finds"
    )
    p.add_argument("--json", action="store_true", help="print the new note as JSON")
    p.set_defaults(func=commands.log)

    p = sub.add_parser("edit", help="change a note (only the fields given)")
    p.add_argument("id", help="note id or a unique prefix of it")
    _add_note_fields(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.edit)

    p = sub.add_parser("delete", help="delete a note")
    p.add_argument("id")
    p.set_defaults(func=commands.delete)

    p = sub.add_parser("list", help="your notes, newest visit first")
    p.add_argument("--all", action="store_true", help="include deleted notes")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.list_notes)

    p = sub.add_parser("show", help="one note with its sync history, tags and conflicts")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.show)

    p = sub.add_parser("sync", help="send pending changes, then fetch what changed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.sync)

    p = sub.add_parser("status", help="pending changes, last sync, conflicts, rejections")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.status)

    p = sub.add_parser("conflicts", help="list conflicts, or resolve one with --keep")
    p.add_argument("id", nargs="?", help="conflict id (or prefix) to resolve")
    p.add_argument("--keep", choices=("mine", "server"), help="which version wins")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.conflicts)

    p = sub.add_parser("alerts", help="what became of your notes: tags and alerts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=commands.alerts)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # httpx logs every request at INFO; a rep sees our one-line messages, not those.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ClientError as exc:
        commands.report_error(args, exc)
        print(f"field-client: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        # Every write is one SQLite transaction: an interrupted command leaves nothing half done.
        print("field-client: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except sqlite3.OperationalError as exc:
        print(f"field-client: the local store is unavailable: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("FIELD_CLIENT_DEBUG"):
            raise
        print(
            f"field-client: internal error ({type(exc).__name__}: {exc}); "
            "set FIELD_CLIENT_DEBUG=1 for details",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

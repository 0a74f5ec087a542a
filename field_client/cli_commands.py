"""What each `field-client` command does: read arguments, call services or selectors, render."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
from dataclasses import asdict
from typing import Any

from field_client import cli_prompts, cli_render, selectors, services
from field_client.catalog import (
    channel_check,
    content_resolve,
    hcp_resolve,
    product_resolve,
    visited_at_parse,
)
from field_client.config import ClientSettings, RetryPolicy, load_settings
from field_client.db import connect, meta_set, write_tx
from field_client.errors import ClientError, UsageError
from field_client.screening import ScreeningResult, screen_note
from field_client.sync import SyncEngine, SyncReport, sync_lock
from field_client.transport import ServerClient


def _store(args: argparse.Namespace) -> tuple[ClientSettings, sqlite3.Connection]:
    settings = load_settings(args.home)
    return settings, connect(settings.db_path)


def _interactive(args: argparse.Namespace) -> bool:
    return not args.no_input and sys.stdin.isatty()


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, default=str))


def report_error(args: argparse.Namespace, exc: ClientError) -> None:
    """Remember why the last sync failed, so `status` can say it later."""
    if getattr(args, "command", None) != "sync":
        return
    try:
        settings = load_settings(args.home)
        if not settings.db_path.exists():
            return
        conn = connect(settings.db_path)
        with write_tx(conn):
            meta_set(conn, "last_sync_error", f"{exc.code}: {exc.message}")
    except (ClientError, sqlite3.Error):
        pass


def login(args: argparse.Namespace) -> int:
    settings, conn = _store(args)
    password = args.password or os.environ.get("FIELD_CLIENT_PASSWORD")
    if not password:
        if not _interactive(args):
            raise UsageError("give --password or set FIELD_CLIENT_PASSWORD")
        password = getpass.getpass("Password: ")
    with ServerClient(args.server, retry=settings.retry, timeout=settings.timeout) as server:
        answer = server.login(username=args.username, password=password)
    token = answer.get("token")
    if not token:
        raise ClientError("the server did not return a token", code="bad_response")
    user = answer.get("user") or {"username": args.username}
    services.session_save(conn, server=server.base_url, token=str(token), user=user)
    territory = f", territory {user['territory']}" if user.get("territory") else ""
    print(f"Logged in as {user.get('username', args.username)}{territory} at {server.base_url}.")
    print("Run `field-client sync` to fetch your HCPs and catalog.")
    return 0


def logout(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    services.session_logout(conn)
    print("Logged out; notes not yet synced stay on this device.")
    return 0


def _read_note(args: argparse.Namespace) -> str | None:
    if args.note == "-":
        return sys.stdin.read().strip()
    return args.note


def _flag_fields(conn: sqlite3.Connection, args: argparse.Namespace) -> dict[str, Any]:
    """The note fields given as flags, resolved against the synced catalog."""
    fields: dict[str, Any] = {}
    if args.hcp is not None:
        fields["hcp"] = hcp_resolve(conn, args.hcp)
    if args.product is not None:
        fields["products"] = [product_resolve(conn, p) for p in args.product]
    if args.content is not None:
        fields["content_shown"] = [content_resolve(conn, c) for c in args.content]
    if args.channel is not None:
        fields["channel"] = channel_check(args.channel)
    if args.visited_at is not None:
        fields["visited_at"] = visited_at_parse(args.visited_at)
    note = _read_note(args)
    if note is not None:
        if not note.strip():
            raise UsageError("the note is empty")
        fields["note"] = note
    return fields


def log(args: argparse.Namespace) -> int:
    settings, conn = _store(args)
    fields = _flag_fields(conn, args)
    if _interactive(args):
        fields = cli_prompts.complete_note_fields(conn, fields)
    for required in ("hcp", "note"):
        if required not in fields:
            raise UsageError(f"--{required} is required (or run interactively to be asked)")
    fields.setdefault("channel", "in_person")
    fields.setdefault("visited_at", visited_at_parse("now"))
    screening = None
    if not args.no_screen:
        screening = screen_note(fields["note"], catalog=selectors.screening_catalog(conn))
    if screening is not None and screening.pii:
        cli_render.warn_pii(fields["note"], screening)
        if args.redact_pii or (
            _interactive(args) and cli_prompts.confirm("Remove them before saving?", default=True)
        ):
            fields["note"] = _redact(fields["note"], screening)
            screening.pii = []
    observation_id = services.observation_capture(
        conn, screening=screening.as_dict() if screening else None, **fields
    )
    detail = selectors.observation_detail(conn, observation_ref=observation_id)
    if args.json:
        _print_json(detail)
    else:
        print(
            f"Logged note {observation_id[:8]} ({detail['hcp_name'] or detail['hcp']}); pending sync."
        )
    if screening is not None and screening.adverse_event:
        _adverse_event_first(args, settings, conn, detail)
    return 0


def _redact(text: str, screening: ScreeningResult) -> str:
    for start, end, kind in sorted(screening.pii, reverse=True):
        text = text[:start] + f"[{kind}]" + text[end:]
    return text


def _adverse_event_first(
    args: argparse.Namespace,
    settings: ClientSettings,
    conn: sqlite3.Connection,
    detail: dict[str, Any],
) -> None:
    """A possible adverse event starts a 24-hour reporting clock at capture: send it now if we
    can, with one quick attempt, and never fail the capture because the network is away."""
    cli_render.warn_adverse_event(detail, quiet=args.json)
    session = selectors.session_get(conn, required=False)
    if not (session["server"] and session["token"] and session["client_id"]):
        return
    quick = ClientSettings(
        home=settings.home,
        retry=RetryPolicy(attempts=1),
        timeout=min(settings.timeout, 10.0),
        pull_limit=settings.pull_limit,
        push_batch=settings.push_batch,
    )
    try:
        with sync_lock(quick.lock_path), _server(quick, session) as server:
            SyncEngine(conn, server, client_id=str(session["client_id"])).push()
    except ClientError as exc:
        print(
            f"field-client: not sent yet ({exc.message}); run `field-client sync` soon.",
            file=sys.stderr,
        )
    else:
        print("Sent to the server.", file=sys.stderr if args.json else sys.stdout)


def edit(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    changes = _flag_fields(conn, args)
    if not changes:
        raise UsageError(
            "nothing to change: give --note, --hcp, --product, --content, --channel or --visited-at"
        )
    mutation_id = services.observation_edit(conn, observation_ref=args.id, changes=changes)
    detail = selectors.observation_detail(conn, observation_ref=args.id)
    if args.json:
        _print_json(detail)
    elif mutation_id is None:
        print(f"Note {detail['id'][:8]} already says that; nothing to sync.")
    else:
        print(f"Edited note {detail['id'][:8]}; pending sync.")
    return 0


def delete(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    services.observation_delete(conn, observation_ref=args.id)
    print("Deleted; the deletion is pending sync.")
    return 0


def list_notes(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    notes = selectors.observation_list(conn, include_deleted=args.all, limit=args.limit)
    if args.json:
        _print_json(notes)
    else:
        cli_render.render_list(notes)
    return 0


def show(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    detail = selectors.observation_detail(conn, observation_ref=args.id)
    if args.json:
        _print_json(detail)
    else:
        cli_render.render_detail(detail)
    return 0


def _server(settings: ClientSettings, session: dict[str, str | None]) -> ServerClient:
    return ServerClient(
        str(session["server"]),
        token=session["token"],
        retry=settings.retry,
        timeout=settings.timeout,
    )


def sync(args: argparse.Namespace) -> int:
    settings, conn = _store(args)
    session = selectors.session_get(conn)
    progress = cli_render.SyncProgress(enabled=not args.json and sys.stderr.isatty())
    try:
        with sync_lock(settings.lock_path), _server(settings, session) as server:
            engine = SyncEngine(
                conn,
                server,
                client_id=str(session["client_id"]),
                pull_limit=settings.pull_limit,
                push_batch=settings.push_batch,
                progress=progress,
            )
            report: SyncReport = engine.run()
    finally:
        progress.close()
    if args.json:
        _print_json(asdict(report))
    else:
        cli_render.render_sync(report)
    return 0


def status(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    summary = selectors.status_summary(conn)
    if args.json:
        _print_json(summary)
    else:
        cli_render.render_status(summary)
    return 0


def conflicts(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    if args.id is None:
        if args.keep:
            raise UsageError("give the conflict id to resolve")
        found = selectors.conflict_list(conn)
        if args.json:
            _print_json(found)
        else:
            cli_render.render_conflicts(found)
        return 0
    if args.keep is None:
        raise UsageError("say which version wins: --keep mine or --keep server")
    services.conflict_resolve(conn, conflict_ref=args.id, keep=args.keep)
    print(f"Resolution queued (keep {args.keep}); it reaches the server with the next sync.")
    return 0


def alerts(args: argparse.Namespace) -> int:
    _, conn = _store(args)
    feed = selectors.alert_feed(conn)
    if args.json:
        _print_json(feed)
    else:
        cli_render.render_alerts(feed)
    return 0

"""Interactive pickers for `log` when flags are missing, fed from the synced catalog."""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt

from field_client import selectors
from field_client.catalog import (
    CHANNELS,
    channel_check,
    content_resolve,
    hcp_resolve,
    visited_at_parse,
)
from field_client.errors import UsageError

console = Console(stderr=True, highlight=False)
MAX_SHOWN = 15


def confirm(question: str, *, default: bool) -> bool:
    return bool(Confirm.ask(question, default=default, console=console))


def _pick_hcp(conn: sqlite3.Connection) -> str:
    choices = selectors.hcp_choices(conn)
    while True:
        query = Prompt.ask("HCP (name, part of it, or id)", console=console).strip()
        if not choices:
            if query:
                return query
            continue
        matches = [
            c
            for c in choices
            if query.lower() in str(c.get("name", "")).lower() or query == str(c["id"])
        ]
        if len(matches) == 1:
            console.print(f"  -> {escape(str(matches[0]['name']))}")
            return str(matches[0]["id"])
        if not matches:
            console.print("  no HCP matches; try again")
            continue
        for number, c in enumerate(matches[:MAX_SHOWN], start=1):
            console.print(
                f"  {number:>2}. {escape(str(c.get('name')))}"
                f"  {escape(str(c.get('specialty') or ''))}  {escape(str(c.get('institution') or ''))}"
            )
        picked = Prompt.ask("Number (or Enter to search again)", default="", console=console)
        if picked.isdigit() and 1 <= int(picked) <= min(len(matches), MAX_SHOWN):
            return str(matches[int(picked) - 1]["id"])


def _pick_many(title: str, items: list[tuple[Any, str]]) -> list[Any]:
    if not items:
        return []
    for number, (_, label) in enumerate(items, start=1):
        console.print(f"  {number:>2}. {escape(label)}")
    raw = Prompt.ask(
        f"{title} (numbers separated by commas, Enter for none)", default="", console=console
    )
    picked = []
    for part in raw.replace(" ", "").split(","):
        if part.isdigit() and 1 <= int(part) <= len(items):
            picked.append(items[int(part) - 1][0])
    return picked


def complete_note_fields(conn: sqlite3.Connection, fields: dict[str, Any]) -> dict[str, Any]:
    """Ask for each missing field; returns the fields with the answers added."""
    fields = dict(fields)
    try:
        if "hcp" not in fields:
            fields["hcp"] = hcp_resolve(conn, _pick_hcp(conn))
        if "products" not in fields:
            products = selectors.product_choices(conn)
            fields["products"] = _pick_many(
                "Products discussed",
                [(p["id"], f"{p.get('name')} ({p.get('company', '')})") for p in products],
            )
        if "content_shown" not in fields:
            assets = [a for a in selectors.content_choices(conn) if a.get("status") != "withdrawn"]
            picked = _pick_many(
                "Content shown",
                [
                    (
                        f"{a.get('code')}:{a.get('version')}",
                        f"{a.get('code')} v{a.get('version')} {a.get('title', '')}",
                    )
                    for a in assets
                ],
            )
            fields["content_shown"] = [content_resolve(conn, ref) for ref in picked]
        if "channel" not in fields:
            fields["channel"] = channel_check(
                Prompt.ask("Channel", choices=list(CHANNELS), default="in_person", console=console)
            )
        if "visited_at" not in fields:
            fields["visited_at"] = visited_at_parse(
                Prompt.ask("Visited at", default="now", console=console)
            )
        while "note" not in fields:
            note = Prompt.ask("Note", console=console).strip()
            if note:
                fields["note"] = note
    except EOFError:
        raise UsageError("input ended before the note was complete; nothing was saved") from None
    return fields

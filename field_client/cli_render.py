"""How the CLI shows things to a rep: tables, details, warnings and the sync progress bar."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from field_client.screening import ScreeningResult
from field_client.sync import SyncReport

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

_STATE_STYLE = {
    "synced": "green",
    "pending": "yellow",
    "rejected": "bold red",
    "conflict": "bold magenta",
    "applied": "green",
}


def _state(state: str) -> str:
    return f"[{_STATE_STYLE.get(state, 'default')}]{state}[/]"


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_list(notes: list[dict[str, Any]]) -> None:
    if not notes:
        console.print("No notes yet. Capture one with `field-client log`.")
        return
    table = Table(box=None, header_style="bold")
    for column, width in (("id", 8), ("visited", 16), ("hcp", 14), ("channel", 9), ("state", 8)):
        table.add_column(column, no_wrap=True, min_width=width, overflow="ellipsis")
    table.add_column("note", no_wrap=True, overflow="ellipsis", ratio=1)
    for note in notes:
        table.add_row(
            note["id"][:8],
            (note["visited_at"] or "")[:16].replace("T", " "),
            escape(note["hcp_name"] or str(note["hcp"] or "")),
            note["channel"] or "",
            _state(note["sync_state"]) + (" [red]AE?[/]" if note["possible_adverse_event"] else ""),
            escape(_snippet(note["note"])),
        )
    console.print(table)


def render_detail(detail: dict[str, Any]) -> None:
    console.print(f"[bold]Note {detail['id']}[/]  {_state(detail['sync_state'])}")
    rows = [
        ("HCP", detail["hcp_name"] or detail["hcp"]),
        ("Visited", detail["visited_at"]),
        ("Channel", detail["channel"]),
        ("Products", ", ".join(detail.get("product_names") or detail["products"]) or "-"),
        (
            "Content",
            ", ".join(f"{c.get('asset')} v{c.get('version')}" for c in detail["content_shown"])
            or "-",
        ),
        ("Captured", detail["captured_at"]),
        ("Server rev", detail["rev"] if detail["rev"] is not None else "not on the server yet"),
    ]
    for name, value in rows:
        console.print(f"  [bold]{name:<10}[/] {escape(str(value))}")
    console.print(f"\n{escape(detail['note'])}\n")
    tags = detail.get("tags") or {}
    if tags.get("labels"):
        labels = ", ".join(f"{t['label']} ({t.get('confidence', 0):.2f})" for t in tags["labels"])
        console.print(f"  [bold]Tags[/]       {escape(labels)}")
    for alert in detail.get("alerts") or []:
        console.print(
            f"  [bold]Alert[/]      {escape(str(alert.get('title') or alert.get('type')))}"
        )
    for conflict in detail.get("conflicts") or []:
        _render_conflict(conflict)
    console.print("  [bold]Sync history[/]")
    for m in detail["mutations"]:
        line = f"    #{m['mutation_id']} {m['op']} {_state(m['status'])}"
        if m["rev"] is not None:
            line += f" rev {m['rev']}"
        console.print(line)
        for error in m["errors"]:
            console.print(
                f"      [red]{escape(str(error.get('field')))}: {escape(str(error.get('message') or error.get('code')))}[/]"
            )


def _render_conflict(conflict: dict[str, Any]) -> None:
    state = "resolved" if conflict["resolved"] else "open"
    if conflict.get("resolution_pending"):
        state = f"resolution sent with next sync ({conflict['resolution_pending']})"
    console.print(
        f"  [bold magenta]Conflict {conflict['id']}[/] on note {str(conflict['observation'])[:8]}"
        f" ({conflict['kind']}, {state})"
    )
    for field, versions in conflict["fields"].items():
        versions = versions if isinstance(versions, dict) else {}
        console.print(f"    {field}:")
        console.print(f"      server: {escape(json_short(versions.get('server')))}")
        console.print(f"      mine:   {escape(json_short(versions.get('device')))}")


def json_short(value: Any) -> str:
    return _snippet(str(value), 200)


def render_conflicts(conflicts: list[dict[str, Any]]) -> None:
    if not conflicts:
        console.print("No open conflicts.")
        return
    for conflict in conflicts:
        _render_conflict(conflict)
    console.print("\nResolve with `field-client conflicts ID --keep mine` (or `--keep server`).")


def render_alerts(feed: dict[str, Any]) -> None:
    alerts = feed["alerts"]
    tagged = feed["tagged_notes"]
    if not alerts and not tagged:
        console.print(
            "Nothing yet: tags and alerts arrive with `field-client sync` once HQ has processed your notes."
        )
        return
    if alerts:
        console.print(f"[bold]Alerts raised from your notes ({len(alerts)})[/]")
    for alert in alerts:
        severity = str(alert.get("severity") or "")
        console.print(
            f"  [bold]{escape(str(alert.get('title') or alert.get('type')))}[/]"
            f" [{'red' if severity in ('high', 'critical') else 'yellow'}]{escape(severity)}[/]"
            f" {escape(str(alert.get('status') or ''))}  {escape(str(alert.get('created_at') or ''))[:16]}"
        )
        if alert.get("message"):
            console.print(f"    {escape(_snippet(str(alert['message']), 100))}")
        notes = ", ".join(str(o)[:8] for o in alert["observations"])
        console.print(f"    from note(s) {notes}")
    if tagged:
        console.print(f"[bold]Tags on your notes ({len(tagged)})[/]")
    for note in tagged:
        labels = ", ".join(note["labels"]) or "no theme"
        console.print(
            f"  {note['id'][:8]}  {escape(labels)}  [dim]{escape(_snippet(note['note'], 50))}[/]"
        )


def render_status(summary: dict[str, Any]) -> None:
    who = summary["username"] or "nobody"
    console.print(
        f"Logged in as [bold]{escape(who)}[/] at {escape(str(summary['server'] or '-'))}"
        + ("" if summary["logged_in"] else " [red](logged out)[/]")
    )
    console.print(f"Notes on this device: {summary['notes']}")
    console.print(f"Pending changes: [bold]{summary['pending']}[/]")
    console.print(f"Last successful sync: {summary['last_sync_at'] or 'never'}")
    if summary["last_sync_error"]:
        console.print(f"[red]Last sync failed: {escape(summary['last_sync_error'])}[/]")
    console.print(f"Open conflicts: {len(summary['conflicts'])}")
    for ae in summary["adverse_events_pending"]:
        console.print(
            f"[bold red]Possible adverse event {ae['id'][:8]} not sent yet; report by {ae['report_by']}[/]"
        )
    rejections = summary["rejections"]
    console.print(f"Rejected changes: {len(rejections)}")
    for m in rejections:
        reasons = "; ".join(
            f"{e.get('field')}: {e.get('message') or e.get('code')}" for e in m["errors"]
        )
        console.print(
            f"  [red]#{m['mutation_id']} {m['op']} note {m['id'][:8]}: {escape(reasons)}[/]"
        )


def render_sync(report: SyncReport) -> None:
    outcomes = ", ".join(f"{n} {status}" for status, n in sorted(report.outcomes.items()))
    console.print(
        f"Sync done in {report.duration_s:.1f}s: sent {report.pushed} change(s)"
        + (f" ({outcomes})" if outcomes else "")
        + f", received {report.pulled} update(s)."
    )
    if report.resets:
        console.print("The server asked for a full re-sync; your unsent changes were kept.")
    for result in report.rejected:
        reasons = "; ".join(
            f"{e.get('field')}: {e.get('message') or e.get('code')}"
            for e in result.get("errors") or []
        )
        console.print(
            f"[red]Rejected #{result.get('mutation_id')} note {str(result.get('id'))[:8]}: {escape(reasons)}[/]"
        )
    if report.conflicts:
        console.print(
            f"[magenta]{len(report.conflicts)} conflict(s): see `field-client conflicts`.[/]"
        )
    if report.pending:
        console.print(f"{report.pending} change(s) made during the sync are still pending.")


def warn_pii(note: str, screening: ScreeningResult) -> None:
    kinds = ", ".join(sorted({kind for _, _, kind in screening.pii}))
    err_console.print(
        f"[bold yellow]Warning:[/] the note seems to contain patient identifiers ({kinds}):"
    )
    for start, end, kind in screening.pii:
        err_console.print(f"  {kind}: {escape(note[start:end])!r}")


def warn_adverse_event(detail: dict[str, Any], *, quiet: bool) -> None:
    target = err_console
    screening = detail.get("screening") or {}
    triage = [str(screening.get("adverse_event_category") or "").replace("_", " ")]
    triage += [str(s).replace("_", " ") for s in screening.get("adverse_event_seriousness") or []]
    what = f" ({', '.join(t for t in triage if t)})" if any(triage) else ""
    target.print(
        f"[bold red]Possible adverse event{what}.[/] It must reach drug safety within 24 hours of"
        f" capture ({detail['captured_at']}); sending it now."
    )


class SyncProgress:
    """A progress bar that appears only when a sync takes more than a moment."""

    DELAY_S = 0.5

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task: Any = None
        self._phase: tuple[str, int | None] = ("", None)

    def _ensure(self) -> Progress | None:
        if not self.enabled:
            return None
        if self._progress is None and time.monotonic() - self.started >= self.DELAY_S:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err_console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._phase[0], total=self._phase[1])
        return self._progress

    def phase(self, name: str, total: int | None) -> None:
        label = {"push": "Sending changes", "pull": "Receiving updates"}.get(name, name)
        self._phase = (label, total)
        progress = self._ensure()
        if progress is not None:
            progress.update(self._task, description=label, total=total, completed=0)

    def advance(self, count: int) -> None:
        progress = self._ensure()
        if progress is not None:
            progress.advance(self._task, count)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()

"""In-process events between apps that must not import each other.

``rep_alert_changed`` is sent by the alerts app inside the transaction that changed a signal,
with what each rep whose note is evidence must pull (``{rep_id: alert data}``); the sync app
appends it to the change log in that same transaction. So alerts never imports sync.
"""

from django.dispatch import Signal

# kwargs: alert_id (str), revision (int), per_rep (dict[int, dict[str, Any]])
rep_alert_changed = Signal()

"""The analyst pages keep no models of their own: an alert's assignment, acknowledgement and
resolution live on ``backend.alerts.models.Signal``, where the orchestration engine sees them."""

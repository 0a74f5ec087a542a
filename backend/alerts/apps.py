from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "backend.alerts"
    label = "alerts"

    def ready(self) -> None:
        from backend.alerts.receivers import enqueue_evaluation
        from backend.tagging.events import observation_tagged

        observation_tagged.connect(enqueue_evaluation, dispatch_uid="alerts-evaluate")

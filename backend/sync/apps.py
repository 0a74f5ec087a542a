from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "backend.sync"
    label = "sync"

    def ready(self) -> None:
        from backend.sync import signals

        signals.connect()

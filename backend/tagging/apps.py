from django.apps import AppConfig


class TaggingConfig(AppConfig):
    name = "backend.tagging"
    label = "tagging"

    def ready(self) -> None:
        from backend.observations.events import observations_written
        from backend.tagging.receivers import enqueue_tagging

        observations_written.connect(enqueue_tagging, dispatch_uid="tagging-enqueue")

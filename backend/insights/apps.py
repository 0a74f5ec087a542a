from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "backend.insights"
    label = "insights"

    def ready(self) -> None:
        from backend.insights import receivers
        from backend.observations.events import observations_written
        from backend.tagging.events import observation_tagged

        observations_written.connect(
            receivers.on_observations_written, dispatch_uid="insights.feed.written"
        )
        observation_tagged.connect(
            receivers.on_observation_tagged, dispatch_uid="insights.feed.tagged"
        )

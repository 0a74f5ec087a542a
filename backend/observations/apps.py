from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "backend.observations"
    label = "observations"

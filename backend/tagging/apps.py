from django.apps import AppConfig


class TaggingConfig(AppConfig):
    name = "backend.tagging"
    label = "tagging"

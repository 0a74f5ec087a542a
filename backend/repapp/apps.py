from django.apps import AppConfig


class RepAppConfig(AppConfig):
    name = "backend.repapp"
    label = "repapp"
    verbose_name = "Rep web app (PWA)"

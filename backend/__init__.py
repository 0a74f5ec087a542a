"""FieldSignal backend: Django project and apps."""

from backend.celery import app as celery_app

__all__ = ["celery_app"]

"""The rep app at /app/: its page, its service worker (scope /app/) and its shell files."""

from django.urls import path

from backend.repapp import views

app_name = "repapp"

urlpatterns = [
    path("", views.app_index, name="index"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("<path:name>", views.shell_file, name="file"),
]

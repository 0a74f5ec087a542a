"""Analyst web pages (see backend.insights.views)."""

from typing import Any

urlpatterns: list[Any] = []

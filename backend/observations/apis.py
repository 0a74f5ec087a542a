"""Read-only observation endpoints, scoped by role."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics

from backend.observations.models import Observation
from backend.observations.selectors import observations_visible_to
from backend.observations.serializers import ObservationOutSerializer


class _ScopedObservations:
    serializer_class = ObservationOutSerializer
    request: Any

    def get_queryset(self) -> QuerySet[Observation]:
        return (
            observations_visible_to(self.request.user)
            .select_related("rep", "territory", "tagging")
            .prefetch_related("products", "content__asset", "labels")
            .order_by("-created_at", "-id")
        )


class ObservationListApi(_ScopedObservations, generics.ListAPIView):  # type: ignore[type-arg,misc]
    """Observations in the caller's scope, newest first."""


class ObservationDetailApi(_ScopedObservations, generics.RetrieveAPIView):  # type: ignore[type-arg,misc]
    """One observation; 404 when outside the caller's scope (never reveals that it exists)."""

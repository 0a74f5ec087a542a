"""How an observation is shown over the API: raw text to its rep, redacted text to everyone else."""

from typing import Any

from rest_framework import serializers

from backend.observations.models import Observation


class ObservationOutSerializer(serializers.ModelSerializer[Observation]):
    text = serializers.SerializerMethodField()
    redaction_pending = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()
    content_shown = serializers.SerializerMethodField()
    labels = serializers.SerializerMethodField()
    rep = serializers.CharField(source="rep.username")
    territory = serializers.CharField(source="territory.code")
    hcp = serializers.CharField(source="hcp_id")

    class Meta:
        model = Observation
        fields = [
            "id",
            "rep",
            "territory",
            "hcp",
            "visited_at",
            "channel",
            "products",
            "content_shown",
            "text",
            "redaction_pending",
            "labels",
            "captured_at",
            "rev",
            "created_at",
            "updated_at",
        ]

    def _tagging(self, obj: Observation) -> Any:
        return getattr(obj, "tagging", None) if hasattr(obj, "tagging") else None

    def _raw_allowed(self, obj: Observation) -> bool:
        request = self.context.get("request")
        return request is not None and obj.rep_id == request.user.pk

    def get_text(self, obj: Observation) -> str | None:
        if self._raw_allowed(obj):
            return obj.note
        tagging = self._tagging(obj)
        # Not yet screened for patient identifiers: show nothing rather than risk a leak.
        return tagging.redacted_text if tagging is not None else None

    def get_redaction_pending(self, obj: Observation) -> bool:
        return not self._raw_allowed(obj) and self._tagging(obj) is None

    def get_products(self, obj: Observation) -> list[str]:
        return [str(p.pk) for p in obj.products.all()]

    def get_content_shown(self, obj: Observation) -> list[dict[str, Any]]:
        return [{"asset": c.asset.code, "version": c.version} for c in obj.content.all()]

    def get_labels(self, obj: Observation) -> list[dict[str, Any]]:
        return [
            {"label": lab.label, "confidence": lab.confidence, "source": lab.source}
            for lab in obj.labels.all()
        ]

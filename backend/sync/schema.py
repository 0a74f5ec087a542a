"""Named OpenAPI components of the sync contract (DESIGN.md, v1).

They describe the bodies ``push.result``, ``sync_pull`` and the change-data builders
(``persist.observation_change_data``, ``signals.*_data``, ``tags_payload``, ``rep_alert_data``,
``conflict_payload``) produce; the views stay on plain dicts, which is what makes them fast.
A pulled change is a union discriminated by ``entity``.
"""

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from backend.catalog.models import AssetStatus, Company
from backend.observations.models import Channel

S = serializers


class ContentShownSerializer(S.Serializer[Any]):
    asset = S.CharField()
    version = S.CharField(help_text='As the catalog writes it: "2.1", "3.0", "v4".')


class MutationSerializer(S.Serializer[Any]):
    mutation_id = S.IntegerField(min_value=1)
    op = S.ChoiceField(choices=["upsert", "delete"])
    entity = S.ChoiceField(choices=["observation", "conflict"])
    id = S.UUIDField()
    base_rev = S.IntegerField(allow_null=True, required=False)
    data = S.DictField(required=False, help_text="Observation fields, or {resolution}.")  # type: ignore[assignment]


class PushRequestSerializer(S.Serializer[Any]):
    client_id = S.UUIDField()
    schema_version = S.IntegerField()
    mutations = MutationSerializer(many=True)


class FieldErrorSerializer(S.Serializer[Any]):
    field = S.CharField()
    code = S.CharField()
    message = S.CharField()


class ConflictSerializer(S.Serializer[Any]):
    id = S.UUIDField()
    observation = S.UUIDField()
    kind = S.ChoiceField(choices=["edit", "delete"])
    fields = S.DictField(help_text='{field: {"server": value, "device": value}}')  # type: ignore[assignment]
    resolved = S.BooleanField()
    resolution = S.ChoiceField(choices=["keep_server", "keep_device"], allow_null=True)
    created_at = S.DateTimeField()


class MutationResultSerializer(S.Serializer[Any]):
    mutation_id = S.IntegerField()
    status = S.ChoiceField(choices=["applied", "duplicate", "rejected", "conflict"])
    id = S.CharField()
    rev = S.IntegerField(allow_null=True)
    errors = FieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]
    conflict = ConflictSerializer(required=False)
    original_status = S.ChoiceField(
        choices=["applied", "rejected", "conflict"], required=False, help_text="On a duplicate."
    )


class PushResultSerializer(S.Serializer[Any]):
    results = MutationResultSerializer(many=True)
    last_mutation_id = S.IntegerField()


class ObservationDataSerializer(S.Serializer[Any]):
    hcp = S.CharField()
    visited_at = S.DateTimeField()
    channel = S.ChoiceField(choices=Channel.choices)
    products = S.ListField(child=S.CharField())
    content_shown = ContentShownSerializer(many=True)
    note = S.CharField(allow_blank=True)
    captured_at = S.DateTimeField(allow_null=True)
    rev = S.IntegerField()
    deleted = S.BooleanField()
    created_at = S.DateTimeField(allow_null=True)
    updated_at = S.DateTimeField(allow_null=True)


class HCPDataSerializer(S.Serializer[Any]):
    external_id = S.CharField()
    name = S.CharField()
    specialty = S.CharField(allow_blank=True)
    institution = S.CharField(allow_blank=True)
    territory = S.CharField()


class ProductDataSerializer(S.Serializer[Any]):
    name = S.CharField()
    aliases = S.ListField(child=S.CharField())
    company = S.ChoiceField(choices=Company.choices)
    therapeutic_area = S.CharField(allow_blank=True)
    indication = S.CharField(allow_blank=True)


class ContentAssetDataSerializer(S.Serializer[Any]):
    code = S.CharField()
    title = S.CharField()
    product = S.CharField()
    product_name = S.CharField()
    version = S.CharField()
    status = S.ChoiceField(choices=AssetStatus.choices)
    valid_until = S.DateField(allow_null=True)


class TagLabelSerializer(S.Serializer[Any]):
    label = S.CharField()  # type: ignore[assignment]
    confidence = S.FloatField()
    source = S.CharField()  # type: ignore[assignment]


class TagsDataSerializer(S.Serializer[Any]):
    observation = S.UUIDField()
    observation_rev = S.IntegerField()
    model_version = S.CharField()
    labels = TagLabelSerializer(many=True)
    evidence = S.ListField(child=S.ListField(child=S.JSONField()))
    entities = S.ListField(child=S.JSONField())
    pii = S.ListField(child=S.ListField(child=S.JSONField()))


class AlertDataSerializer(S.Serializer[Any]):
    type = S.CharField()
    severity = S.CharField()
    title = S.CharField()
    message = S.CharField()
    observations = S.ListField(child=S.CharField())
    created_at = S.DateTimeField()
    status = S.CharField()


def _change(name: str, entity: str, data: Any) -> type[S.Serializer[Any]]:
    """One member of the change union: the envelope with ``entity`` fixed and typed ``data``."""
    fields = {
        "entity": S.ChoiceField(choices=[entity]),
        "id": S.CharField(),
        "op": S.ChoiceField(choices=["upsert", "delete"]),
        "rev": S.IntegerField(allow_null=True),
        "data": data(allow_null=True, help_text="null when op is delete"),
    }
    return type(f"{name}Serializer", (S.Serializer,), fields)


CHANGE_TYPES: dict[str, S.Serializer[Any] | type[S.Serializer[Any]]] = {
    "observation": _change("ObservationChange", "observation", ObservationDataSerializer),
    "hcp": _change("HCPChange", "hcp", HCPDataSerializer),
    "product": _change("ProductChange", "product", ProductDataSerializer),
    "content_asset": _change("ContentAssetChange", "content_asset", ContentAssetDataSerializer),
    "tags": _change("TagsChange", "tags", TagsDataSerializer),
    "alert": _change("AlertChange", "alert", AlertDataSerializer),
    "conflict": _change("ConflictChange", "conflict", ConflictSerializer),
}

ChangeSerializer = PolymorphicProxySerializer(
    component_name="Change",
    serializers=CHANGE_TYPES,
    resource_type_field_name="entity",
    many=False,
)


class PullPageSerializer(S.Serializer[Any]):
    changes = S.ListField(child=ChangeSerializer)  # type: ignore[arg-type]
    cursor = S.CharField(allow_null=True, help_text="Opaque; null with reset.")
    has_more = S.BooleanField()
    reset = S.BooleanField(help_text="Re-sync from scratch, keeping unpushed edits.")
    last_mutation_id = S.IntegerField(allow_null=True)

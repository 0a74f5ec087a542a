"""What a rep logged about a visit. The id is made on the device and never renamed."""

import uuid

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"


class Observation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Foreign keys without their own index where a composite index below starts with them:
    # every index is paid for on each of thousands of inserts a second.
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
    )
    # The territory at write time: scope and feed queries filter on it without a join.
    territory = models.ForeignKey(
        "catalog.Territory", on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    hcp = models.ForeignKey(
        "catalog.HCP", on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    visited_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    note = models.TextField(blank=True)
    captured_at = models.DateTimeField(
        null=True, blank=True
    )  # device clock: stored, never ordered by
    products = models.ManyToManyField(
        "catalog.Product", through="ObservationProduct", related_name="observations"
    )
    rev = models.PositiveIntegerField(default=1)
    deleted = models.BooleanField(default=False)
    client_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["rep", "-created_at"], name="obs_rep_created"),
            models.Index(fields=["territory", "-created_at"], name="obs_territory_created"),
            models.Index(fields=["visited_at"], name="obs_visited"),
            models.Index(fields=["hcp"], name="obs_hcp"),
        ]

    def __str__(self) -> str:
        return f"{self.id} rev {self.rev}"


class ObservationProduct(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE)
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observation", "product"], name="obs_product_unique")
        ]
        indexes = [models.Index(fields=["product", "observation"], name="obsprod_product")]

    def __str__(self) -> str:
        return f"{self.observation_id} - {self.product_id}"


class ObservationContent(models.Model):
    """A content asset shown during the visit, with the version the rep showed."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="content")
    asset = models.ForeignKey("catalog.ContentAsset", on_delete=models.PROTECT)
    version = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "asset", "version"], name="obs_content_unique"
            )
        ]
        indexes = [models.Index(fields=["asset", "observation"], name="obscontent_asset")]

    def __str__(self) -> str:
        return f"{self.observation_id} - {self.asset_id} v{self.version}"

"""Reference data a rep's device syncs: territories, HCPs, products and content assets."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from nlp.content_version import InvalidVersion, version_sort, version_text


def validate_version(value: object) -> None:
    """Admin forms say why a version is refused instead of failing on save."""
    try:
        version_text(value)
    except InvalidVersion as exc:
        raise ValidationError(str(exc), code="invalid_version") from exc


class Territory(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "territories"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Company(models.TextChoices):
    OWN = "own", "Own"
    COMPETITOR = "competitor", "Competitor"


class Product(models.Model):
    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True)
    company = models.CharField(max_length=16, choices=Company.choices)
    therapeutic_area = models.CharField(max_length=200, blank=True)
    indication = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssetStatus(models.TextChoices):
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContentAsset(models.Model):
    """A piece of promotional or medical content; ``version`` is the current one.

    Versions are text as the content system writes them ("2.1", "v4"), ordered naturally by
    ``nlp.content_version``."""

    code = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="content_assets")
    version = models.CharField(max_length=32, validators=[validate_version])
    status = models.CharField(max_length=16, choices=AssetStatus.choices)
    valid_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version = version_text(self.version)  # an integer is read as its string
        super().save(*args, **kwargs)


class ContentAssetVersion(models.Model):
    """Every version of an asset the catalog has held, with the status and validity it had."""

    asset = models.ForeignKey(ContentAsset, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=32)
    # ``version_sort(version)``: equal for equal versions ("v4" and "4"), ordered naturally.
    version_sort = models.CharField(max_length=200, editable=False)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=AssetStatus.choices)
    valid_until = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset", "version_sort"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "version_sort"], name="asset_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.asset.code} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version = version_text(self.version)
        self.version_sort = version_sort(self.version)
        super().save(*args, **kwargs)


class HCP(models.Model):
    """A health-care professional a rep visits; belongs to one territory at a time."""

    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    specialty = models.CharField(max_length=120, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="hcps")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "HCP"
        verbose_name_plural = "HCPs"

    def __str__(self) -> str:
        return f"{self.name} ({self.external_id})"

"""What the NLP pipeline (and analysts' corrections) said about an observation."""

from django.db import models


class ObservationTagging(models.Model):
    """The latest tagging of an observation: one row, replaced when a newer rev or model tags it."""

    observation = models.OneToOneField(
        "observations.Observation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tagging",
    )
    observation_rev = models.PositiveIntegerField()
    model_version = models.CharField(max_length=64)
    redacted_text = models.TextField()
    scores = models.JSONField(default=dict)
    evidence = models.JSONField(default=list)  # [[start, end, label], ...] offsets into the note
    entities = models.JSONField(default=list)
    pii = models.JSONField(default=list)  # [[start, end, type], ...] offsets into the note
    tagged_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["model_version"], name="tagging_model")]


class LabelSource(models.TextChoices):
    MODEL = "model", "Model"
    ANALYST = "analyst", "Analyst"


class ObservationLabel(models.Model):
    """An effective label on an observation (model output, or added by an analyst)."""

    observation = models.ForeignKey(
        "observations.Observation", on_delete=models.CASCADE, related_name="labels"
    )
    label = models.CharField(max_length=40)
    confidence = models.FloatField()
    source = models.CharField(max_length=16, choices=LabelSource.choices, default=LabelSource.MODEL)
    model_version = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observation", "label"], name="obs_label_unique")
        ]
        indexes = [models.Index(fields=["label", "observation"], name="label_obs")]

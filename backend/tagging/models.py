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
    scores = models.JSONField(default=dict)  # every label's score
    model_labels = models.JSONField(default=list)  # [{"label", "confidence"}] above threshold
    evidence = models.JSONField(default=list)  # [[start, end, label], ...] offsets into the note
    entities = models.JSONField(default=list)
    pii = models.JSONField(default=list)  # [[start, end, type], ...] offsets into the note
    # Reportable-safety triage (nlp TagResult.safety): reportable, category, seriousness,
    # evidence [[start, end, "category:group"]] offsets into the note; {} for older models.
    safety = models.JSONField(default=dict)
    tagged_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["model_version"], name="tagging_model")]

    def __str__(self) -> str:
        return f"{self.observation_id} rev {self.observation_rev} ({self.model_version})"


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

    def __str__(self) -> str:
        return f"{self.label} on {self.observation_id}"


class CorrectionAction(models.TextChoices):
    ADD = "add", "Add"
    REMOVE = "remove", "Remove"


class LabelCorrection(models.Model):
    """An analyst's correction of a label; survives re-tagging and feeds the next training run."""

    observation = models.ForeignKey(
        "observations.Observation", on_delete=models.CASCADE, related_name="label_corrections"
    )
    label = models.CharField(max_length=40)
    action = models.CharField(max_length=8, choices=CorrectionAction.choices)
    analyst = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="label_corrections"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["observation", "label"], name="correction_obs_label")]

    def __str__(self) -> str:
        return f"{self.action} {self.label} on {self.observation_id}"

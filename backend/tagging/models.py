"""What the NLP pipeline (and analysts' corrections) said about an observation."""

from typing import Any

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
    # Copies of what the feed orders and scopes a note by (its arrival, its visit, its
    # territory), so the feed filtered by a label walks this label's rows in page order in one
    # index, checking the scope inside it, and stops at the page's 50 notes; from the notes'
    # side it reads every note with the label and sorts them. Written with the row
    # (``ObservationLabel.note_fields``); a sync edit of the visit time copies it again
    # (``tagging.services.observation_labels_follow``). Arrival and territory never change.
    note_created_at = models.DateTimeField()
    note_visited_at = models.DateTimeField()
    note_territory_id = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observation", "label"], name="obs_label_unique")
        ]
        indexes = [
            # The territory is a key column (not INCLUDE, which SQLite lacks) so an analyst's
            # scope is checked in the index, without visiting the rows out of it.
            models.Index(
                fields=["label", "note_created_at", "observation", "note_territory_id"],
                name="label_feed_arrival",
            ),
            models.Index(
                fields=["label", "note_visited_at", "observation", "note_territory_id"],
                name="label_feed_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} on {self.observation_id}"

    @staticmethod
    def note_fields(observation: Any) -> dict[str, Any]:
        """The copies of the note's fields a label row carries (see the fields' comment)."""
        return {
            "observation": observation,
            "note_created_at": observation.created_at,
            "note_visited_at": observation.visited_at,
            "note_territory_id": observation.territory_id,
        }


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

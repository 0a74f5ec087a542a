"""Saved views of the feed, shared between analysts, and their daily e-mail digests.

An alert's assignment, acknowledgement and resolution live on ``backend.alerts.models.Signal``,
where the orchestration engine sees them; the analyst pages keep only these.
"""

from django.conf import settings
from django.db import models

ANY_OBJECTION = "any_objection"  # the label filter's choice for notes with any objection


class SavedView(models.Model):
    """A named set of feed filters (their query string). Opening a shared view runs the
    filters within the opener's own scope: the view holds filters, never notes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=1000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_owner_name")
        ]

    def __str__(self) -> str:
        return self.name


class ViewSubscription(models.Model):
    """An analyst who wants the daily digest of a view."""

    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="view_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "user"], name="view_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.view_id}"


class DigestSent(models.Model):
    """One row per view, subscriber and day: the job claims it before sending, so a rerun (or
    a second worker) sends nothing twice."""

    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    notes = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "user", "day"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.view_id} to {self.user_id} on {self.day}"


class FeedDayCount(models.Model):
    """How many live notes were visited on ``day`` (UTC) in ``territory``, per label and per
    product (and pair of products): the roll-up the feed's counts read instead of counting a
    million notes.

    ``label`` is "" for "whatever the labels" (and ``any_objection`` for notes with at least one
    objection); ``product_id`` 0 for "whatever the products", and ``with_product`` a second
    product the notes also mention (0: none asked). So one table holds the day's total, and the
    counts per label, per product, per product pair, and per label and product(s): a note with
    labels L and products P adds to (1 + |L|) x (1 + |P|^2) cells. Kept exact on every write by
    ``backend.insights.rollups.feed_rollup_refresh``; rebuilt by ``manage.py rebuild_feed_counts``.
    """

    day = models.DateField()
    # Indexed by the unique constraint below, not on its own: every index costs each write.
    territory = models.ForeignKey(
        "catalog.Territory", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    label = models.CharField(max_length=40, blank=True)
    product_id = models.IntegerField(default=0)  # no foreign key: 0 means "any product"
    with_product = models.IntegerField(default=0)  # notes mentioning product_id and this one
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["label", "product_id", "with_product", "territory", "day"],
                name="feed_day_count_cell",
            )
        ]
        # One index per way the feed reads the cells (the constraint's serves the total, the
        # territory menu and a product's partners): the label menu fixes the products and
        # reads every label; the product menu fixes the label and reads every single product.
        indexes = [
            models.Index(
                fields=["product_id", "with_product", "label", "territory", "day"],
                name="feed_day_count_product",
            ),
            models.Index(
                fields=["label", "with_product", "product_id", "territory", "day"],
                name="feed_day_count_label",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.day} {self.territory_id} {self.label or '*'} {self.product_id or '*'}: {self.n}"
        )


class FeedCountedNote(models.Model):
    """What the roll-up counts for one note (its day, territory, labels and products): the next
    refresh subtracts exactly this before adding the note's new state, whatever changed."""

    observation = models.OneToOneField(
        "observations.Observation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    day = models.DateField()
    territory_id = models.IntegerField()
    labels = models.CharField(max_length=1000, blank=True)  # sorted, comma-separated
    products = models.CharField(max_length=1000, blank=True)  # sorted ids, comma-separated

    def __str__(self) -> str:
        return f"{self.observation_id} counted on {self.day}"

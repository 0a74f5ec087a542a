"""Users and the role that decides what each one may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    REP = "rep", "Field rep"
    ANALYST = "analyst", "HQ analyst"
    ORCHESTRATOR = "orchestrator", "Orchestration engine"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    """A person or service account. Reps belong to a territory; analysts see brands/territories."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REP)
    territory = models.ForeignKey(
        "catalog.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reps",
        help_text="The rep's territory.",
    )
    brands = models.ManyToManyField(
        "catalog.Product",
        blank=True,
        related_name="analysts",
        help_text="Analyst scope: observations about these products.",
    )
    scope_territories = models.ManyToManyField(
        "catalog.Territory",
        blank=True,
        related_name="analysts",
        help_text="Analyst scope: observations from these territories.",
    )

    @property
    def is_rep(self) -> bool:
        return self.role == Role.REP

    @property
    def is_analyst(self) -> bool:
        return self.role == Role.ANALYST

    @property
    def is_orchestrator(self) -> bool:
        return self.role == Role.ORCHESTRATOR

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

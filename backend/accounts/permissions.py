"""DRF permissions by role."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from backend.accounts.models import Role


class HasRole(BasePermission):
    roles: frozenset[str] = frozenset()

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.role in self.roles or user.is_superuser)  # type: ignore[union-attr]
        )


class IsRep(HasRole):
    roles = frozenset({Role.REP})


class IsStaffReader(HasRole):
    """Analysts, the orchestration engine and admins: the home-office readers."""

    roles = frozenset({Role.ANALYST, Role.ORCHESTRATOR, Role.ADMIN})


class IsAdminRole(HasRole):
    roles = frozenset({Role.ADMIN})

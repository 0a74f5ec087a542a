"""HTTP endpoints for signals and rules. Thin: validate input, call one service or selector."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.accounts.permissions import IsAdminRole, IsStaffReader
from backend.accounts.requests import ApiRequest
from backend.alerts.dryrun import rule_dry_run
from backend.alerts.models import Rule, RuleKind, SignalState, SignalType
from backend.alerts.rule_services import UNSET, rule_create, rule_update
from backend.alerts.schema import (
    DryRunSerializer,
    RuleListSerializer,
    RuleSerializer,
    RuleVersionListSerializer,
    SignalPageSerializer,
    SignalSerializer,
)
from backend.alerts.selectors import (
    rule_payload,
    rules_visible_to,
    signal_feed,
    signal_get,
    signal_payload_for,
)
from backend.alerts.signal_services import signal_acknowledge, signal_assign, signal_resolve
from backend.core.errors import DomainError
from backend.core.schema import error_responses

_SIGNAL_ACTION = {
    200: SignalSerializer,
    **error_responses("invalid_request", "forbidden", "not_found"),
}
_RULE_WRITE_CODES = (
    "invalid_request",
    "forbidden",
    "invalid_rule_params",
    "unknown_product",
    "unknown_territory",
)
_RULE_WRITE = error_responses(*_RULE_WRITE_CODES)
_DRY_RUN_CODES = (
    "invalid_request",
    "forbidden",
    "invalid_period",
    "period_too_long",
    "dry_run_too_large",
)
FEED_DEFAULT_LIMIT = 100
FEED_MAX_LIMIT = 500


def _choices(values: list[str], allowed: list[str], name: str) -> list[str] | None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise DomainError(
            f"invalid_{name}",
            f"Unknown {name}: {', '.join(unknown)}.",
            details={"allowed": allowed},
        )
    return values or None


def _limit(raw: str | None) -> int:
    if raw in (None, ""):
        return FEED_DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise DomainError("invalid_limit", "limit must be an integer.")
    value = int(raw)
    if not 1 <= value <= FEED_MAX_LIMIT:
        raise DomainError("invalid_limit", f"limit must be between 1 and {FEED_MAX_LIMIT}.")
    return value


class SignalFeedApi(APIView):
    """Signals in the caller's scope after ``cursor``, in commit order (gap-free)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, required=False),
            OpenApiParameter("limit", int, required=False),
            OpenApiParameter("type", str, required=False, many=True),
            OpenApiParameter("state", str, required=False, many=True),
        ],
        responses={
            200: SignalPageSerializer,
            **error_responses("invalid_cursor", "invalid_limit", "invalid_type", "invalid_state"),
        },
        operation_id="signals_feed",
    )
    def get(self, request: ApiRequest) -> Response:
        return Response(
            signal_feed(
                user=request.user,
                cursor=request.query_params.get("cursor"),
                limit=_limit(request.query_params.get("limit")),
                types=_choices(request.query_params.getlist("type"), SignalType.values, "type"),
                states=_choices(request.query_params.getlist("state"), SignalState.values, "state"),
            )
        )


class SignalDetailApi(APIView):
    """One signal; 404 outside the caller's scope."""

    @extend_schema(responses={200: SignalSerializer, **error_responses("not_found")})
    def get(self, request: ApiRequest, pk: Any) -> Response:
        signal = signal_get(user=request.user, signal_id=pk)
        if signal is None:
            raise DomainError("not_found", "No such signal.")
        return Response(signal_payload_for(request.user, signal))


class SignalAckInSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SignalAckApi(APIView):
    """Acknowledge a signal (analysts in scope, the orchestration engine, admins)."""

    @extend_schema(request=SignalAckInSerializer, responses=_SIGNAL_ACTION)
    def post(self, request: ApiRequest, pk: Any) -> Response:
        data = SignalAckInSerializer(data=request.data or {})
        data.is_valid(raise_exception=True)
        user = request.user
        signal = signal_acknowledge(
            user=user,
            signal_id=pk,
            note=data.validated_data.get("note", ""),
            via="api",
        )
        return _answer(user, signal.pk)


def _answer(user: User, signal_id: Any) -> Response:
    fresh = signal_get(user=user, signal_id=signal_id)
    assert fresh is not None
    return Response(signal_payload_for(user, fresh))


class SignalAssignInSerializer(serializers.Serializer[Any]):
    assignee = serializers.CharField(allow_null=True, max_length=150)


class SignalAssignApi(APIView):
    """Give a signal to a user who can see it (``assignee``: a username, or null to unassign)."""

    @extend_schema(
        request=SignalAssignInSerializer,
        responses={
            200: SignalSerializer,
            **error_responses(
                "invalid_request", "forbidden", "not_found", "unknown_user", "assignee_out_of_scope"
            ),
        },
    )
    def post(self, request: ApiRequest, pk: Any) -> Response:
        data = SignalAssignInSerializer(data=request.data or {})
        data.is_valid(raise_exception=True)
        name = data.validated_data["assignee"]
        assignee = None
        if name:
            assignee = User.objects.filter(username=name, is_active=True).first()
            if assignee is None:
                raise DomainError("unknown_user", f"No active user {name!r}.")
        signal = signal_assign(
            user=request.user,
            signal_id=pk,
            assignee=assignee,
            via="api",
        )
        return _answer(request.user, signal.pk)


class SignalResolveApi(APIView):
    """Resolve a signal; new evidence about its subject opens a new one afterwards."""

    @extend_schema(
        request=SignalAckInSerializer,
        responses={
            200: SignalSerializer,
            **error_responses("invalid_request", "forbidden", "not_found", "newer_signal_open"),
        },
    )
    def post(self, request: ApiRequest, pk: Any) -> Response:
        data = SignalAckInSerializer(data=request.data or {})
        data.is_valid(raise_exception=True)
        signal = signal_resolve(
            user=request.user,
            signal_id=pk,
            note=data.validated_data.get("note", ""),
            via="api",
        )
        return _answer(request.user, signal.pk)


MAX_ID = 2**63 - 1  # a larger id overflows the database integer it is compared with


def _ids() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )


class RuleInSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    params = serializers.DictField(required=False, default=dict)
    products = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )
    territories = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )
    enabled = serializers.BooleanField(required=False, default=True)


class RuleListApi(APIView):
    """GET: every rule (home-office readers). POST: a new rule (admins)."""

    def get_permissions(self) -> list[Any]:
        return [IsAdminRole()] if self.request.method == "POST" else [IsStaffReader()]

    @extend_schema(
        responses={200: RuleListSerializer, **error_responses("forbidden")},
        operation_id="rules_list",
    )
    def get(self, request: ApiRequest) -> Response:
        rules = rules_visible_to(request.user)
        return Response({"rules": [rule_payload(r) for r in rules]})

    @extend_schema(request=RuleInSerializer, responses={201: RuleSerializer, **_RULE_WRITE})
    def post(self, request: ApiRequest) -> Response:
        data = RuleInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rule = rule_create(
            name=v["name"],
            kind=v["kind"],
            params=v["params"],
            product_ids=v["products"],
            territory_ids=v["territories"],
            enabled=v["enabled"],
            user=request.user,
        )
        return Response(rule_payload(rule), status=201)


class RuleDetailApi(APIView):
    """GET one rule; PATCH changes it (a changed definition is a new version)."""

    def get_permissions(self) -> list[Any]:
        return [IsAdminRole()] if self.request.method == "PATCH" else [IsStaffReader()]

    class RulePatchSerializer(serializers.Serializer[Any]):
        name = serializers.CharField(max_length=200, required=False)
        params = serializers.DictField(required=False)
        products = _ids()
        territories = _ids()
        enabled = serializers.BooleanField(required=False)

    @extend_schema(responses={200: RuleSerializer, **error_responses("forbidden", "not_found")})
    def get(self, request: ApiRequest, pk: int) -> Response:
        rule = rules_visible_to(request.user).filter(pk=pk).first()
        if rule is None:
            raise DomainError("not_found", "No such rule.")
        return Response(rule_payload(rule))

    @extend_schema(
        request=RulePatchSerializer,
        responses={
            200: RuleSerializer,
            **error_responses("not_found", "kind_immutable", *_RULE_WRITE_CODES),
        },
    )
    def patch(self, request: ApiRequest, pk: int) -> Response:
        if not isinstance(request.data, dict):
            raise DomainError("invalid_request", "The body must be a JSON object.")
        if "kind" in request.data:
            raise DomainError("kind_immutable", "A rule's kind cannot change; create a new rule.")
        data = self.RulePatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rule = rule_update(
            rule_id=pk,
            user=request.user,
            name=v.get("name", UNSET),
            params=v.get("params", UNSET),
            product_ids=v.get("products", UNSET),
            territory_ids=v.get("territories", UNSET),
            enabled=v.get("enabled", UNSET),
        )
        return Response(rule_payload(rule))


class RuleVersionListApi(APIView):
    permission_classes = [IsStaffReader]

    @extend_schema(
        responses={200: RuleVersionListSerializer, **error_responses("forbidden", "not_found")}
    )
    def get(self, request: ApiRequest, pk: int) -> Response:
        rule = Rule.objects.filter(pk=pk).first()
        if rule is None:
            raise DomainError("not_found", "No such rule.")
        versions = rule.versions.order_by("version")
        return Response(
            {
                "versions": [
                    {
                        "version": v.version,
                        "name": v.name,
                        "kind": v.kind,
                        "params": v.params,
                        "products": [str(i) for i in v.product_ids],
                        "territories": [str(i) for i in v.territory_ids],
                        "created_at": v.created_at.isoformat(),
                        "created_by": v.created_by.username if v.created_by else None,
                    }
                    for v in versions.select_related("created_by")
                ]
            }
        )


class PeriodSerializer(serializers.Serializer[Any]):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()


class RuleDryRunApi(APIView):
    """Replay a saved rule (its current version) over a period; raises nothing."""

    permission_classes = [IsStaffReader]

    @extend_schema(
        request=PeriodSerializer,
        responses={200: DryRunSerializer, **error_responses("not_found", *_DRY_RUN_CODES)},
    )
    def post(self, request: ApiRequest, pk: int) -> Response:
        period = PeriodSerializer(data=request.data)
        period.is_valid(raise_exception=True)
        rule = rules_visible_to(request.user).filter(pk=pk).first()
        if rule is None:
            raise DomainError("not_found", "No such rule.")
        return Response(
            rule_dry_run(
                kind=rule.kind,
                params=rule.params,
                product_ids=[p.pk for p in rule.products.all()],
                territory_ids=[t.pk for t in rule.territories.all()],
                rule_id=rule.pk,
                name=rule.name,
                version=rule.version,
                viewer=request.user,  # type: ignore[arg-type]
                **period.validated_data,
            )
        )


class RuleDraftDryRunInSerializer(RuleInSerializer, PeriodSerializer):
    name = serializers.CharField(max_length=200, required=False, default="dry run")


class RuleDraftDryRunApi(APIView):
    """Replay a rule definition that is not saved yet over a period; raises nothing."""

    permission_classes = [IsStaffReader]

    @extend_schema(
        request=RuleDraftDryRunInSerializer,
        responses={
            200: DryRunSerializer,
            **error_responses(*_DRY_RUN_CODES, *_RULE_WRITE_CODES),
        },
        operation_id="rules_draft_dry_run",
    )
    def post(self, request: ApiRequest) -> Response:
        data = RuleDraftDryRunInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        return Response(
            rule_dry_run(
                kind=v["kind"],
                params=v["params"],
                product_ids=v["products"],
                territory_ids=v["territories"],
                since=v["since"],
                until=v["until"],
                name=v["name"],
                viewer=request.user,  # type: ignore[arg-type]
            )
        )

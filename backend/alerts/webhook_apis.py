"""HTTP endpoints for webhook subscriptions and their deliveries."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Role
from backend.accounts.permissions import HasRole, IsAdminRole
from backend.accounts.requests import ApiRequest
from backend.alerts.models import (
    DeliveryStatus,
    SignalType,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.alerts.schema import (
    DeliveryListSerializer,
    DeliverySerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionListSerializer,
)
from backend.alerts.selectors import subscriptions_visible_to
from backend.alerts.signal_services import deliveries_redeliver
from backend.alerts.webhooks import subscription_create, subscription_deactivate
from backend.core.errors import DomainError
from backend.core.schema import error_responses


class IsSubscriber(HasRole):
    """Webhooks carry every signal unscoped, so only roles that see every signal subscribe."""

    roles = frozenset({Role.ORCHESTRATOR, Role.ADMIN})


def subscription_payload(sub: WebhookSubscription, *, with_secret: bool = False) -> dict[str, Any]:
    body = {
        "id": str(sub.pk),
        "url": sub.url,
        "types": sub.types,
        "description": sub.description,
        "active": sub.active,
        "created_at": sub.created_at.isoformat(),
    }
    if with_secret:
        body["secret"] = sub.secret
    return body


def delivery_payload(delivery: WebhookDelivery) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": delivery.pk,
        "signal": str(delivery.signal_id),
        "event": delivery.event,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": iso(delivery.next_attempt_at),
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "delivered_at": iso(delivery.delivered_at),
        "dead_at": iso(delivery.dead_at),
    }


class WebhookListApi(APIView):
    """GET: your subscriptions (admins: all). POST: subscribe; the answer holds the secret, once."""

    permission_classes = [IsSubscriber]

    class WebhookCreateSerializer(serializers.Serializer[Any]):
        url = serializers.URLField(max_length=500)
        types = serializers.ListField(
            child=serializers.ChoiceField(choices=SignalType.choices), required=False, default=list
        )
        description = serializers.CharField(max_length=200, required=False, default="")

    @extend_schema(
        responses={200: WebhookSubscriptionListSerializer, **error_responses("forbidden")}
    )
    def get(self, request: ApiRequest) -> Response:
        subs = subscriptions_visible_to(request.user)
        return Response({"webhooks": [subscription_payload(s) for s in subs]})

    @extend_schema(
        request=WebhookCreateSerializer,
        responses={
            201: WebhookSubscriptionCreatedSerializer,
            **error_responses("invalid_request", "forbidden"),
        },
    )
    def post(self, request: ApiRequest) -> Response:
        data = self.WebhookCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A URL that may not be a target raises webhook_url_* (a DomainError, 400).
        sub = subscription_create(owner=request.user, **data.validated_data)
        return Response(subscription_payload(sub, with_secret=True), status=201)


class WebhookDetailApi(APIView):
    """DELETE: stop a subscription (its pending deliveries are not sent)."""

    permission_classes = [IsSubscriber]

    @extend_schema(responses={204: None, **error_responses("forbidden", "not_found")})
    def delete(self, request: ApiRequest, pk: Any) -> Response:
        sub = subscriptions_visible_to(request.user).filter(pk=pk).first()
        if sub is None:
            raise DomainError("not_found", "No such webhook.")
        subscription_deactivate(subscription=sub)
        return Response(status=204)


class WebhookDeliveryListApi(APIView):
    """The latest deliveries of one subscription, newest first (status, attempts, last error)."""

    permission_classes = [IsSubscriber]

    @extend_schema(
        parameters=[OpenApiParameter("status", str, required=False, enum=DeliveryStatus.values)],
        responses={200: DeliveryListSerializer, **error_responses("forbidden", "not_found")},
    )
    def get(self, request: ApiRequest, pk: Any) -> Response:
        sub = subscriptions_visible_to(request.user).filter(pk=pk).first()
        if sub is None:
            raise DomainError("not_found", "No such webhook.")
        status = request.query_params.get("status")
        deliveries = sub.deliveries.order_by("-id")
        if status:
            if status not in DeliveryStatus.values:
                raise DomainError(
                    "invalid_status",
                    "Unknown delivery status.",
                    details={"allowed": list(DeliveryStatus.values)},
                )
            deliveries = deliveries.filter(status=status)
        return Response({"deliveries": [delivery_payload(d) for d in deliveries[:200]]})


class DeliveryRedeliverApi(APIView):
    """Admins: send a dead-lettered (or delivered) delivery again."""

    permission_classes = [IsAdminRole]

    @extend_schema(
        request=None,
        responses={
            202: DeliverySerializer,
            **error_responses("forbidden", "not_found", "not_redeliverable"),
        },
    )
    def post(self, request: ApiRequest, pk: int) -> Response:
        if not WebhookDelivery.objects.filter(pk=pk).exists():
            raise DomainError("not_found", "No such delivery.")
        if not deliveries_redeliver(user=request.user, delivery_ids=[pk], via="api"):
            raise DomainError(
                "not_redeliverable",
                "Only dead or delivered deliveries are resent.",
            )
        return Response(delivery_payload(WebhookDelivery.objects.get(pk=pk)), status=202)

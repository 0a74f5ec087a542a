"""Token login and "who am I"."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Role, User
from backend.accounts.requests import ApiRequest
from backend.accounts.services import token_issue
from backend.core.errors import DomainError
from backend.core.schema import error_responses
from backend.core.throttles import TokenAddressThrottle, TokenUsernameThrottle


def user_summary(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "territory": user.territory.code if user.territory_id else None,  # type: ignore[union-attr]
    }


class UserSummarySerializer(serializers.Serializer[Any]):
    """What ``user_summary`` returns (schema only)."""

    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    territory = serializers.CharField(allow_null=True)


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(trim_whitespace=False, max_length=1024)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    user = UserSummarySerializer()


class TokenCreateApi(APIView):
    """Exchange a username and password for an API token (one token per user)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    # Password guessing is slowed per username and per address (backend/core/throttles.py).
    throttle_classes = [TokenUsernameThrottle, TokenAddressThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            **error_responses("invalid_request", "invalid_credentials", auth=False),
        },
    )
    def post(self, request: ApiRequest) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = token_issue(
            username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if issued is None:
            raise DomainError("invalid_credentials", "Unknown username or wrong password.")
        user, key = issued
        return Response({"token": key, "user": user_summary(user)})


class MeApi(APIView):
    @extend_schema(responses={200: UserSummarySerializer, **error_responses()})
    def get(self, request: ApiRequest) -> Response:
        return Response(user_summary(request.user))

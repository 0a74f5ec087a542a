"""Token login and "who am I"."""

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.accounts.services import token_issue
from backend.core.errors import DomainError


def user_summary(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "territory": user.territory.code if user.territory_id else None,  # type: ignore[union-attr]
    }


class TokenCreateApi(APIView):
    """Exchange a username and password for an API token (one token per user)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    class InputSerializer(serializers.Serializer[Any]):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(trim_whitespace=False, max_length=1024)

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer("TokenOut", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = token_issue(
            username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if issued is None:
            raise DomainError("invalid_credentials", "Unknown username or wrong password.")
        user, key = issued
        return Response({"token": key, "user": user_summary(user)})


class MeApi(APIView):
    @extend_schema(responses=inline_serializer("Me", {"username": serializers.CharField()}))
    def get(self, request: Request) -> Response:
        return Response(user_summary(request.user))  # type: ignore[arg-type]

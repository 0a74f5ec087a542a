"""Token login and "who am I"."""

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import User
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
        username = serializers.CharField()
        password = serializers.CharField(trim_whitespace=False)

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer("TokenOut", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise DomainError("invalid_credentials", "Unknown username or wrong password.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": user_summary(user)})  # type: ignore[arg-type]


class MeApi(APIView):
    @extend_schema(responses=inline_serializer("Me", {"username": serializers.CharField()}))
    def get(self, request: Request) -> Response:
        return Response(user_summary(request.user))  # type: ignore[arg-type]

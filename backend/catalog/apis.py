"""Read-only reference-data endpoints."""

from typing import Any

from rest_framework import generics, serializers

from backend.accounts.requests import ApiRequest
from backend.catalog.models import HCP, ContentAsset, Product
from backend.catalog.selectors import (
    content_assets_visible_to,
    hcps_visible_to,
    products_visible_to,
)


class HCPSerializer(serializers.ModelSerializer[HCP]):
    territory = serializers.CharField(source="territory.code")

    class Meta:
        model = HCP
        fields = ["id", "external_id", "name", "specialty", "institution", "territory"]


class ProductSerializer(serializers.ModelSerializer[Product]):
    class Meta:
        model = Product
        fields = ["id", "name", "aliases", "company", "therapeutic_area", "indication"]


class ContentAssetSerializer(serializers.ModelSerializer[ContentAsset]):
    product = serializers.CharField(source="product.name")

    class Meta:
        model = ContentAsset
        fields = ["id", "code", "title", "product", "version", "status", "valid_until"]


class HCPListApi(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = HCPSerializer
    request: ApiRequest

    def get_queryset(self) -> Any:
        return hcps_visible_to(self.request.user)


class ProductListApi(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = ProductSerializer
    request: ApiRequest

    def get_queryset(self) -> Any:
        return products_visible_to(self.request.user)


class ContentAssetListApi(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = ContentAssetSerializer
    request: ApiRequest

    def get_queryset(self) -> Any:
        return content_assets_visible_to(self.request.user)

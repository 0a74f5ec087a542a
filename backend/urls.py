"""URL map: API under /api/v1/, analyst pages at the root, the rep app at /app/, admin, schema
and health."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.accounts.apis import MeApi, TokenCreateApi
from backend.catalog.apis import ContentAssetListApi, HCPListApi, ProductListApi
from backend.core.health import healthz
from backend.core.metrics import metrics
from backend.observations.apis import ObservationDetailApi, ObservationListApi

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token", TokenCreateApi.as_view(), name="auth-token"),
    path("me", MeApi.as_view(), name="me"),
    path("observations/", ObservationListApi.as_view(), name="observation-list"),
    path("observations/<uuid:pk>", ObservationDetailApi.as_view(), name="observation-detail"),
    path("hcps/", HCPListApi.as_view(), name="hcp-list"),
    path("products/", ProductListApi.as_view(), name="product-list"),
    path("content-assets/", ContentAssetListApi.as_view(), name="content-asset-list"),
    path("sync/", include("backend.sync.urls")),
    path("", include("backend.alerts.urls")),
]

handler500 = "backend.core.failures.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("app/", include("backend.repapp.urls")),
    path("", include("backend.insights.urls")),
]

from django.contrib import admin

from backend.catalog.models import HCP, ContentAsset, ContentAssetVersion, Product, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(HCP)
class HCPAdmin(admin.ModelAdmin[HCP]):
    list_display = ("name", "external_id", "specialty", "institution", "territory")
    list_filter = ("territory", "specialty")
    search_fields = ("name", "external_id", "institution")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin[Product]):
    list_display = ("name", "company", "therapeutic_area")
    list_filter = ("company", "therapeutic_area")
    search_fields = ("name",)


class ContentAssetVersionInline(admin.TabularInline[ContentAssetVersion, ContentAsset]):
    model = ContentAssetVersion
    extra = 0
    readonly_fields = ("version", "title", "status", "valid_until", "recorded_at")
    can_delete = False


@admin.register(ContentAsset)
class ContentAssetAdmin(admin.ModelAdmin[ContentAsset]):
    list_display = ("code", "title", "product", "version", "status", "valid_until")
    list_filter = ("status", "product")
    search_fields = ("code", "title")
    inlines = [ContentAssetVersionInline]

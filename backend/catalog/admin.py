from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backend.catalog.models import HCP, ContentAsset, ContentAssetVersion, Product, Territory
from backend.catalog.selectors import label_constraints


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
    readonly_fields = ("parsed_label",)

    @admin.display(description="Label as the tagger reads it (off-label checks)")
    def parsed_label(self, obj: Product) -> SafeString:
        lines = label_constraints(indication=obj.indication)
        if not lines:
            return format_html("<em>{}</em>", "nothing understood: no off-label rule can apply")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )


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

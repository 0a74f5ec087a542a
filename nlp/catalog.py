"""The product and content catalog the tagger is given at run time (DESIGN.md catalog JSON).

The catalog is plain data: the ruler turns it into match patterns and the off-label
component reads each own product's ``indication`` (nlp/label_reader) to judge off-label use.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OWN = "own"
COMPETITOR = "competitor"
CURRENT = "current"


class CatalogError(ValueError):
    """A catalog that does not follow the DESIGN.md format (code ``nlp.catalog_invalid``)."""

    code = "nlp.catalog_invalid"


@dataclass(frozen=True)
class Product:
    name: str
    aliases: tuple[str, ...]
    company: str
    therapeutic_area: str = ""
    indication: str = ""

    @property
    def is_own(self) -> bool:
        return self.company == OWN


@dataclass(frozen=True)
class ContentAsset:
    code: str
    title: str
    product: str
    version: str  # as the catalog writes it; an integer is read as its string
    status: str
    valid_until: str = ""

    @property
    def is_stale(self) -> bool:
        """Superseded or withdrawn; ``valid_until`` is not used so tagging does not drift by date."""
        return self.status != CURRENT


@dataclass(frozen=True)
class Catalog:
    products: tuple[Product, ...] = ()
    content_assets: tuple[ContentAsset, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Catalog":
        """Parse a DESIGN.md catalog dict; unknown fields are ignored."""
        if not data:
            return cls()
        if not isinstance(data, dict):
            raise CatalogError("catalog must be a JSON object")
        try:
            products = tuple(
                Product(
                    name=str(p["name"]),
                    aliases=tuple(str(a) for a in p.get("aliases") or ()),
                    company=str(p.get("company", OWN)),
                    therapeutic_area=str(p.get("therapeutic_area") or ""),
                    indication=str(p.get("indication") or ""),
                )
                for p in data.get("products") or ()
            )
            assets = tuple(
                ContentAsset(
                    code=str(a["code"]),
                    title=str(a.get("title") or ""),
                    product=str(a.get("product") or ""),
                    version=str(a.get("version", "")),
                    status=str(a.get("status") or CURRENT),
                    valid_until=str(a.get("valid_until") or ""),
                )
                for a in data.get("content_assets") or ()
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise CatalogError(f"bad catalog entry: {exc!r}") from exc
        return cls(products=products, content_assets=assets, raw=data)

    @classmethod
    def from_path(cls, path: Path | str) -> "Catalog":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_dict(self) -> dict[str, Any]:
        if self.raw:
            return self.raw
        return {
            "products": [
                {
                    "name": p.name,
                    "aliases": list(p.aliases),
                    "company": p.company,
                    "therapeutic_area": p.therapeutic_area,
                    "indication": p.indication,
                }
                for p in self.products
            ],
            "content_assets": [
                {
                    "code": a.code,
                    "title": a.title,
                    "product": a.product,
                    "version": a.version,
                    "status": a.status,
                    "valid_until": a.valid_until,
                }
                for a in self.content_assets
            ],
        }

    def product(self, name: str) -> Product | None:
        for product in self.products:
            if product.name == name:
                return product
        return None

"""Validation of a catalog file in the DESIGN.md format, reporting each problem with its place."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from backend.catalog.models import AssetStatus, Company
from nlp.content_version import InvalidVersion, version_text


@dataclass(frozen=True)
class CatalogProblem:
    place: str  # e.g. "products[2].company"
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message} [{self.code}]"


@dataclass
class CatalogFile:
    products: list[dict[str, Any]] = field(default_factory=list)
    content_assets: list[dict[str, Any]] = field(default_factory=list)


def _text(entry: dict[str, Any], key: str, place: str, problems: list[CatalogProblem]) -> None:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(
            CatalogProblem(f"{place}.{key}", "required", f"{key} must be a non-empty string")
        )


def _check_product(entry: Any, place: str, problems: list[CatalogProblem]) -> str | None:
    if not isinstance(entry, dict):
        problems.append(CatalogProblem(place, "invalid", "must be an object"))
        return None
    _text(entry, "name", place, problems)
    if entry.get("company") not in Company.values:
        problems.append(
            CatalogProblem(
                f"{place}.company",
                "invalid_choice",
                f"company must be one of {Company.values}, got {entry.get('company')!r}",
            )
        )
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.append(
            CatalogProblem(f"{place}.aliases", "invalid", "aliases must be a list of strings")
        )
    for key in ("therapeutic_area", "indication"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(CatalogProblem(f"{place}.{key}", "invalid", f"{key} must be a string"))
    name = entry.get("name")
    return name if isinstance(name, str) else None


def _check_asset(
    entry: Any, place: str, product_names: set[str], problems: list[CatalogProblem]
) -> None:
    if not isinstance(entry, dict):
        problems.append(CatalogProblem(place, "invalid", "must be an object"))
        return
    _text(entry, "code", place, problems)
    _text(entry, "title", place, problems)
    product = entry.get("product")
    if product not in product_names:
        problems.append(
            CatalogProblem(
                f"{place}.product", "unknown_product", f"product {product!r} is not in the catalog"
            )
        )
    try:
        version_text(entry.get("version"))
    except InvalidVersion as exc:
        problems.append(CatalogProblem(f"{place}.version", "invalid_version", str(exc)))
    if entry.get("status") not in AssetStatus.values:
        problems.append(
            CatalogProblem(
                f"{place}.status",
                "invalid_choice",
                f"status must be one of {AssetStatus.values}, got {entry.get('status')!r}",
            )
        )
    valid_until = entry.get("valid_until")
    if valid_until is not None:
        try:
            dt.date.fromisoformat(str(valid_until))
        except ValueError:
            problems.append(
                CatalogProblem(
                    f"{place}.valid_until", "invalid_date", f"{valid_until!r} is not YYYY-MM-DD"
                )
            )


def _duplicates(values: list[str | None], what: str, problems: list[CatalogProblem]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in seen:
            problems.append(
                CatalogProblem(f"{what}[{index}]", "duplicate", f"{value!r} appears twice")
            )
        seen.add(value)


def catalog_validate(
    raw: Any, *, known_products: frozenset[str] | set[str] = frozenset()
) -> tuple[CatalogFile, list[CatalogProblem]]:
    """Check the whole catalog; return it with every problem found (empty list when valid).

    ``known_products`` are names already in the database, which assets may also refer to.
    """
    problems: list[CatalogProblem] = []
    if not isinstance(raw, dict):
        return CatalogFile(), [CatalogProblem("$", "invalid", "the catalog must be a JSON object")]
    products = raw.get("products", [])
    assets = raw.get("content_assets", [])
    if not isinstance(products, list):
        problems.append(CatalogProblem("products", "invalid", "products must be a list"))
        products = []
    if not isinstance(assets, list):
        problems.append(
            CatalogProblem("content_assets", "invalid", "content_assets must be a list")
        )
        assets = []
    names = [_check_product(entry, f"products[{i}]", problems) for i, entry in enumerate(products)]
    _duplicates(names, "products", problems)
    valid_names = {n for n in names if n} | set(known_products)
    for i, entry in enumerate(assets):
        _check_asset(entry, f"content_assets[{i}]", valid_names, problems)
    codes = [a.get("code") if isinstance(a, dict) else None for a in assets]
    _duplicates(codes, "content_assets", problems)
    return CatalogFile(products=products, content_assets=assets), problems

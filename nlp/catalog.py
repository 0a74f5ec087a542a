"""The product and content catalog the tagger is given at run time (DESIGN.md catalog JSON).

The catalog is plain data: the ruler turns it into match patterns and the compliance
component reads each own product's ``indication`` to judge off-label use.
"""

import json
import re
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


# --- indication parsing, for the off-label rules -------------------------------------

_AGE_MIN = re.compile(
    r"(\d{1,2})\s*(?:\+|years?(?: of age)?(?: and|or) (?:older|over|above)|years? and up)", re.I
)
_UNDER = re.compile(r"(?:patients|children|those) (?:under|younger than) (\d{1,2})", re.I)
_EXCLUSION = re.compile(
    r"\bnot (?:indicated|approved|for use|recommended)?\s*(?:for|as|in)\s+([^;.()]+)"
    r"|\bnot in combination with\s+([^;.()]+)",
    re.I,
)
_MG = re.compile(r"(\d+(?:\.\d+)?)\s*mg(?!\s*/\s*kg)", re.I)
_MAX_MG = re.compile(r"max(?:imum)?(?: of)?\s*(\d+(?:\.\d+)?)\s*mg", re.I)
_WORD = re.compile(r"[a-z][a-z0-9\-]+")
_LATER_LINE = re.compile(
    r"\b(?:prior|previous(?:ly)?|after (?:at least )?(?:one|two|three|\d)|inadequate(?:ly)? "
    r"response|insufficient response|intolerance to|not adequately controlled|refractory|"
    r"relapsed|who (?:have )?failed|progressed)\b",
    re.I,
)
# Add-on to another drug; "adjunct to diet and exercise" alone is no such limit.
_ADJUNCT = re.compile(
    r"\b(?:adjunct(?:ive)?|add-on)\b[^;.]*?\b(?:therapy|statin|treatment|medication|drug|"
    r"maintenance|inhaled)\b",
    re.I,
)
_SPLIT = re.compile(r",|\bor\b|\band\b|\bor for\b", re.I)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "for",
        "with",
        "as",
        "or",
        "and",
        "to",
        "by",
        "on",
        "at",
        "be",
        "is",
        "are",
        "patients",
        "patient",
        "use",
        "used",
        "treatment",
        "therapy",
        "adults",
        "adult",
        "who",
        "which",
        "that",
        "other",
        "forms",
        "form",
        "any",
        "conditions",
        "condition",
        "disease",
        "diseases",
        "without",
    ]
)


@dataclass(frozen=True)
class IndicationRules:
    """What a product's approved use allows, read from its free-text ``indication``."""

    min_age: int | None
    max_mg: float | None
    exclusions: tuple[frozenset[str], ...]
    later_line: bool = False  # only after another therapy failed or fell short
    monotherapy_only: bool = False
    adjunct_only: bool = False


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def parse_indication(indication: str) -> IndicationRules:
    """Extract minimum age, maximum single dose (mg) and excluded uses from free text."""
    ages = [int(m.group(1)) for m in _AGE_MIN.finditer(indication)]
    ages += [int(m.group(1)) for m in _UNDER.finditer(indication)]
    if not ages and re.search(r"\badults?\b", indication, re.I):
        ages = [18]
    maxima = [float(m.group(1)) for m in _MAX_MG.finditer(indication)]
    doses = [float(m.group(1)) for m in _MG.finditer(indication)]
    max_mg = max(maxima) if maxima else (max(doses) if doses else None)
    approved_part = _EXCLUSION.split(indication)[0]
    approved_words = _content_words(approved_part)
    exclusions: list[frozenset[str]] = []
    for match in _EXCLUSION.finditer(indication):
        clause = match.group(1) or match.group(2) or ""
        for phrase in _SPLIT.split(clause):
            words = _content_words(phrase) - approved_words
            words = {w for w in words if not w.isdigit()}
            if words and not (len(words) == 1 and next(iter(words)) in {"under", "years"}):
                exclusions.append(frozenset(words))
    mono = bool(re.search(r"\bas monotherapy\b", approved_part, re.I)) and not re.search(
        r"\bor (?:in )?combination\b", approved_part, re.I
    )
    return IndicationRules(
        min_age=min(ages) if ages else None,
        max_mg=max_mg,
        exclusions=tuple(exclusions),
        later_line=bool(_LATER_LINE.search(approved_part)),
        monotherapy_only=mono,
        adjunct_only=bool(_ADJUNCT.search(approved_part)) and not mono,
    )

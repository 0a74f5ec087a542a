"""What the detector says about one note, and the names drug safety triages by."""

from dataclasses import dataclass, field
from typing import Any

ADVERSE_REACTION = "adverse_reaction"
SPECIAL_SITUATION = "special_situation"
PRODUCT_COMPLAINT = "product_complaint"
CATEGORY_OF_SECTION = {
    "events": ADVERSE_REACTION,
    "special": SPECIAL_SITUATION,
    "complaint": PRODUCT_COMPLAINT,
}
# The primary category when a note has several: the situation frames the case, and a
# faulty unit is the root of any reaction that followed it.
CATEGORY_ORDER = (SPECIAL_SITUATION, PRODUCT_COMPLAINT, ADVERSE_REACTION)
SERIOUSNESS = ("death", "hospitalisation", "life_threatening", "disability", "congenital_anomaly")


@dataclass
class SafetyFinding:
    """What the detector says about one note (offsets are characters in the note)."""

    reportable: bool = False
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    seriousness: list[str] = field(default_factory=list)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # "category:group"
    products: list[str] = field(default_factory=list)
    decided_by: str = "none"  # rule | classifier | none
    vetoed: str | None = None  # why a classifier positive was overruled

    def to_dict(self) -> dict[str, Any]:
        return {
            "reportable": self.reportable,
            "category": self.category,
            "categories": list(self.categories),
            "seriousness": list(self.seriousness),
            "evidence": [list(e) for e in self.evidence],
            "products": list(self.products),
            "decided_by": self.decided_by,
            "vetoed": self.vetoed,
        }

"""Varied, realistic visit notes for the simulated reps (fictional people, the demo catalog).

A note is one or two themes written the way reps type: abbreviations, fragments, a product
name, sometimes a competitor, a content piece shown (now and then a superseded one), and
now and then a patient identifier the server must redact before an analyst sees it.
"""

import random
from dataclasses import dataclass, field
from typing import Any

PATIENTS = ["Linda Marchetti", "Tom Hollis", "Rosa Delgado", "Walter Kim", "June Okafor"]
PHONES = ["555-201-3344", "555-867-1200", "555-430-7781"]

# {own}: our product; {rival}: the competitor in the same therapeutic area; {asset}: a content
# piece for {own}; {patient}/{phone}: identifiers the server must redact.
THEMES: dict[str, list[str]] = {
    "objection_price": [
        "Office mgr says copay on {own} is ~$120/mo for most commercial pts, too much for them.",
        "Dr. pushing back on {own} cost. out-of-pocket too high once deductible resets in Jan.",
        "Pts abandoning {own} at the pharmacy counter bc of the copay, per the nurse.",
    ],
    "objection_access": [
        "{own} denied again by the PBM, PA takes 2+ wks. staff frustrated.",
        "{own} not on formulary at the IDN; step therapy thru {rival} required first.",
        "Prior auth paperwork for {own} is the blocker, not the data. wants help w/ appeals.",
    ],
    "objection_safety": [
        "Dr. worried about the tolerability profile of {own} in older pts, wants more safety data.",
        "Hesitant on {own} - concerned about liver monitoring, general safety question.",
    ],
    "objection_efficacy": [
        "Not convinced {own} beats {rival} on outcomes. says the trial endpoints are soft.",
        "Questions whether {own} data holds up in real world pts vs the pivotal trial.",
    ],
    "objection_dosing": [
        "Pts complain the {own} injection schedule is a hassle, titration confusing.",
        "Dosing frequency of {own} is the issue for her elderly pts.",
    ],
    "competitor_preference": [
        "Defaults to {rival} for new starts, says it's simpler. {own} only as 2nd line.",
        "Switching several pts from {own} to {rival} after the {rival} rep's lunch.",
        "Prefers {rival} - familiar with it, no reason to change.",
    ],
    "content_request": [
        "Asked for reprints of the {own} outcomes data for the fellows.",
        "Wants a speaker program on {own} for the practice, maybe next quarter.",
        "Requested pt education materials on {own} in Spanish.",
    ],
    "stale_content": [
        "Dr. pointed out the {asset} I showed has old label info, says it's outdated.",
        "Nurse noticed {asset} still shows the superseded dosing table.",
    ],
    "sample_request": [
        "Asked for {own} samples / starter kits for new pts.",
        "Out of {own} samples, wants a drop-off this week.",
    ],
    "patient_support": [
        "Hub enrollment for {own} stalls, copay card not activating for 2 pts.",
        "Staff confused by the {own} support program onboarding forms.",
    ],
    "channel_preference": [
        "Prefers email over in-person visits, best time is Fri afternoon.",
        "Wants remote detailing only from now on, no drop-ins.",
    ],
    "adverse_event": [
        "Pt {patient} had a bad rash 3 days after starting {own}, seen in urgent care. "
        "gave safety reporting #; pt callback {phone}.",
        "Dr. reports pt {patient} hospitalized w/ severe nausea + vomiting on {own}. "
        "will file report, f/u Thurs.",
    ],
    "off_label": [
        "Dr. mentioned using {own} in a 10 y/o pt, asked about pediatric dosing.",
        "Asked whether {own} can be used at double the labeled dose for resistant pts.",
    ],
    "positive_feedback": [
        "Really happy with {own} results so far, pts tolerating well.",
        "Great feedback on {own} - A1c/LDL numbers moving the right way in her pts.",
    ],
}
FILLERS = [
    "Quick visit, {minutes} min.",
    "Lunch in-service w/ staff.",
    "Brief hallway chat.",
    "",
    "",
]
# How often each theme comes up in the field (rare ones are rare).
WEIGHTS = {
    "objection_price": 12,
    "objection_access": 12,
    "objection_safety": 4,
    "objection_efficacy": 5,
    "objection_dosing": 5,
    "competitor_preference": 8,
    "content_request": 8,
    "stale_content": 3,
    "sample_request": 6,
    "patient_support": 5,
    "channel_preference": 4,
    "adverse_event": 2,
    "off_label": 1,
    "positive_feedback": 8,
}
CHANNELS = ["in_person"] * 6 + ["remote", "phone", "email"]


@dataclass
class Catalog:
    """The reference data a rep's device pulled: own products, rivals and content pieces."""

    own: list[dict[str, Any]]
    rival_of: dict[str, dict[str, Any] | None]
    assets_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_device(cls, products: list[dict[str, Any]], assets: list[dict[str, Any]]) -> "Catalog":
        own = [p for p in products if p.get("company") == "own"]
        rivals = [p for p in products if p.get("company") == "competitor"]
        rival_of = {
            str(p["id"]): next(
                (r for r in rivals if r.get("therapeutic_area") == p.get("therapeutic_area")), None
            )
            for p in own
        }
        assets_of: dict[str, list[dict[str, Any]]] = {}
        for asset in assets:
            assets_of.setdefault(str(asset.get("product")), []).append(asset)
        return cls(own=own, rival_of=rival_of, assets_of=assets_of)


@dataclass
class DraftNote:
    note: str
    themes: list[str]
    products: list[str]  # product ids as pulled
    content_shown: list[dict[str, Any]]
    channel: str


def _pick_theme(rng: random.Random, boost: dict[str, float]) -> str:
    names = list(WEIGHTS)
    weights = [WEIGHTS[n] * boost.get(n, 1.0) for n in names]
    return rng.choices(names, weights=weights)[0]


def compose_note(
    rng: random.Random,
    catalog: Catalog,
    *,
    product_id: str | None = None,
    boost: dict[str, float] | None = None,
) -> DraftNote:
    """One note about one of our products; ``boost`` makes some themes likelier (a storyline)."""
    own = (
        next((p for p in catalog.own if str(p["id"]) == product_id), None) if product_id else None
    ) or rng.choice(catalog.own)
    rival = catalog.rival_of.get(str(own["id"]))
    assets = catalog.assets_of.get(str(own["id"]), [])
    asset = rng.choice(assets) if assets else None
    themes = [_pick_theme(rng, boost or {})]
    if rng.random() < 0.3:
        second = _pick_theme(rng, boost or {})
        if second != themes[0]:
            themes.append(second)
    if "stale_content" in themes and asset is None:
        themes.remove("stale_content")
        themes = themes or ["content_request"]
    slots = {
        "own": own["name"],
        "rival": rival["name"] if rival else "the competitor",
        "asset": asset["code"] if asset else "",
        "patient": rng.choice(PATIENTS),
        "phone": rng.choice(PHONES),
        "minutes": rng.choice([5, 10, 15]),
    }
    sentences = [rng.choice(THEMES[t]).format(**slots) for t in themes]
    filler = rng.choice(FILLERS).format(**slots)
    products = [str(own["id"])]
    if rival and rival["name"] in " ".join(sentences):
        products.append(str(rival["id"]))
    content: list[dict[str, Any]] = []
    if asset is not None and ("stale_content" in themes or rng.random() < 0.35):
        content.append({"asset": asset["code"], "version": str(asset["version"])})
    return DraftNote(
        note=" ".join(s for s in [*sentences, filler] if s),
        themes=themes,
        products=products,
        content_shown=content,
        channel=rng.choice(CHANNELS),
    )

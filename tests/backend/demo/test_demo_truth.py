"""The demo tells the truth: its catalog has successors for what it superseded, its rules are
valid rules, and a seeded world raises nothing on its own."""

import json
import re

from backend.alerts.models import Rule, Signal
from backend.alerts.rules import kind_get
from backend.demo.rules import DEMO_RULES
from backend.demo.world import CATALOG_FILE, seed_demo_world


def _base(code: str) -> str:
    return re.sub(r"-\d+$", "", code)


def test_every_superseded_asset_has_a_current_successor():
    assets = json.loads(CATALOG_FILE.read_text())["content_assets"]
    superseded = [a for a in assets if a["status"] == "superseded"]
    assert superseded  # the demo still shows what superseded content looks like
    for old in superseded:
        successors = [
            a
            for a in assets
            if a["status"] == "current"
            and a["product"] == old["product"]
            and _base(a["code"]) == _base(old["code"])
            and a["code"] != old["code"]
        ]
        assert successors, f"{old['code']} has no current successor"


def test_the_demo_rules_are_valid_and_seeded(db):
    for kind, tuned in DEMO_RULES.items():
        kind_get(kind).clean_params(tuned["params"])
    seed_demo_world(hcps_per_territory=2)
    threshold = Rule.objects.get(kind="objection_threshold")
    assert threshold.params["min_count"] == DEMO_RULES["objection_threshold"]["params"]["min_count"]
    assert Rule.objects.filter(kind="adverse_event", params__due_hours=24).exists()
    assert not Signal.objects.exists()

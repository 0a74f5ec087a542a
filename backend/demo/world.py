"""A fictional demo world: territories, reps, HCPs and the people who read what reps write."""

import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from backend.accounts.models import Role, User
from backend.alerts.rule_services import rules_ensure_defaults
from backend.audit.context import acting_as
from backend.catalog.models import HCP, Product, Territory
from backend.catalog.services import catalog_import
from backend.demo.rules import DEMO_RULES

DEMO_PASSWORD = "fieldsignal-demo"
CATALOG_FILE = Path(__file__).with_name("catalog.json")
TERRITORIES = [("NE", "Northeast"), ("MW", "Midwest"), ("WC", "West Coast")]
FIRST = [
    "Amara",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonah",
    "Keiko",
    "Luis",
    "Maya",
    "Nikhil",
    "Olga",
    "Priya",
    "Quinn",
    "Rafael",
    "Sana",
    "Tomas",
]
LAST = [
    "Abernathy",
    "Brook",
    "Castellano",
    "Dunmore",
    "Eastwood",
    "Fairbanks",
    "Galloway",
    "Hollis",
    "Ingram",
    "Jaworski",
    "Kettering",
    "Lindqvist",
    "Marchetti",
    "Northcott",
    "Okafor",
]
SPECIALTIES = ["Cardiology", "Endocrinology", "Internal Medicine", "Family Medicine", "Pulmonology"]
INSTITUTIONS = [
    "Riverside Clinic",
    "Maple Heart Center",
    "Lakeview Medical Group",
    "St. Aurel Hospital",
    "Harbor Family Practice",
    "Summit Endocrine Associates",
]


@dataclass
class DemoWorld:
    territories: dict[str, Territory]
    reps: list[User]


def _user(username: str, role: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def seed_demo_world(*, hcps_per_territory: int = 70, seed: int = 7) -> DemoWorld:
    """Create (or complete) the demo world; safe to run twice."""
    rng = random.Random(seed)
    with acting_as(None, via="command"):
        catalog_import(raw=json.loads(CATALOG_FILE.read_text()))
        territories = {
            code: Territory.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in TERRITORIES
        }
        reps = [
            _user(
                f"rep{i + 1}",
                Role.REP,
                territory=territories[TERRITORIES[i % 3][0]],
                first_name=FIRST[i],
                last_name=LAST[i],
            )
            for i in range(6)
        ]
        analyst = _user("analyst1", Role.ANALYST, first_name="Ana", last_name="Lyst")
        analyst.scope_territories.set([territories["NE"], territories["MW"]])
        other = _user("analyst2", Role.ANALYST, first_name="Otto", last_name="Westfield")
        other.scope_territories.set([territories["WC"]])
        other.brands.set(Product.objects.filter(name="Respiqor"))
        _user("orchestrator1", Role.ORCHESTRATOR)
        _user("admin", Role.ADMIN, is_staff=True, is_superuser=True)
        for code, territory in territories.items():
            for n in range(hcps_per_territory):
                HCP.objects.get_or_create(
                    external_id=f"HCP-{code}-{n + 1:04d}",
                    defaults={
                        "name": f"Dr. {rng.choice(FIRST)} {rng.choice(LAST)}",
                        "specialty": rng.choice(SPECIALTIES),
                        "institution": rng.choice(INSTITUTIONS),
                        "territory": territory,
                    },
                )
        rules_ensure_defaults(tuning=DEMO_RULES)
    return DemoWorld(territories=territories, reps=reps)

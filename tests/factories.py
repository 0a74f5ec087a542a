"""factory_boy factories for the backend domain."""

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.catalog.models import HCP, ContentAsset, Product, Territory
from backend.observations.models import Observation

PASSWORD = "pw-for-tests-1"


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.LazyAttribute(lambda o: f"Territory {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.REP

    @factory.post_generation
    def password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Brand{n}")
    company = "own"
    aliases: list[str] = []
    indication = "Adults with something."


class ContentAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentAsset
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AST-{n}")
    title = factory.LazyAttribute(lambda o: f"Asset {o.code}")
    product = factory.SubFactory(ProductFactory)
    version = 2
    status = "current"
    valid_until = dt.date(2030, 1, 1)


class HCPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HCP

    external_id = factory.Sequence(lambda n: f"HCP-{n:05d}")
    name = factory.Sequence(lambda n: f"Dr. Test {n}")
    specialty = "Cardiology"
    institution = "Test Clinic"
    territory = factory.SubFactory(TerritoryFactory)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    id = factory.LazyFunction(uuid.uuid4)
    rep = factory.SubFactory(UserFactory)
    territory = factory.LazyAttribute(lambda o: o.rep.territory)
    hcp = factory.LazyAttribute(lambda o: HCPFactory(territory=o.territory))
    visited_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    channel = "in_person"
    note = "Dr. asked about copay cards."


def observation_data(hcp: HCP, /, **overrides: Any) -> dict[str, Any]:
    data = {
        "hcp": str(hcp.pk),
        "visited_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "channel": "in_person",
        "products": [],
        "content_shown": [],
        "note": "Discussed dosing.",
        "captured_at": timezone.now().isoformat(),
    }
    data.update(overrides)
    return data

"""Fixtures for the tagger tests: an invented catalog no training note was written
against, blank pipelines for component tests, and the committed model."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.api import Tagger, load_tagger

# Ophthalmology: no training catalog covers it, and every name here is made up for the tests.
UNSEEN_CATALOG: dict[str, Any] = {
    "products": [
        {
            "name": "Visorel",
            "aliases": ["visoranib", "VSR", "Visorel PFS"],
            "company": "own",
            "therapeutic_area": "ophthalmology - retina",
            "indication": "Neovascular age-related macular degeneration in adults 50 years and "
            "older; 2 mg intravitreal injection every 8 weeks after 3 monthly loading doses "
            "(maximum 2 mg per eye per dose); not indicated for diabetic macular edema.",
        },
        {
            "name": "Glaucira",
            "aliases": ["glaucoprost", "GLC"],
            "company": "own",
            "therapeutic_area": "ophthalmology - glaucoma",
            "indication": "Reduction of elevated intraocular pressure in adults with open-angle "
            "glaucoma with an insufficient response to a prior topical therapy; one drop "
            "once daily in the evening.",
        },
        {
            "name": "Optivance",
            "aliases": ["optivazumab", "OPV"],
            "company": "competitor",
            "therapeutic_area": "ophthalmology - retina",
            "indication": "Neovascular AMD and diabetic macular edema in adults; every 4 weeks.",
        },
    ],
    "content_assets": [
        {
            "code": "VSR-101-v1",
            "title": "Visorel Injection Preparation Guide",
            "product": "Visorel",
            "version": 1,
            "status": "superseded",
            "valid_until": "2025-01-31",
        },
        {
            "code": "VSR-101-v2",
            "title": "Visorel Injection Preparation Guide",
            "product": "Visorel",
            "version": 2,
            "status": "current",
            "valid_until": "2027-01-31",
        },
    ],
}


@pytest.fixture
def catalog() -> dict[str, Any]:
    return UNSEEN_CATALOG


@pytest.fixture
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    """The committed model with the invented catalog (loaded once; tests must not mutate it)."""
    return load_tagger(catalog=UNSEEN_CATALOG)

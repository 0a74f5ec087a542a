"""The tagger on a catalog no training note was written against (conftest.UNSEEN_CATALOG):
brand names it never saw are still products, and the compliance rules read this catalog."""

from nlp.api import Tagger


def test_unseen_brands_are_found_and_normalized(tagger: Tagger) -> None:
    result = tagger.tag("Dr. Ito likes Glaucira, but OPV is on every plan")
    assert [(e["ref"], e["kind"]) for e in result.entities] == [
        ("Glaucira", "own_product"),
        ("Optivance", "competitor"),
    ]
    doc = tagger.nlp("Dr. Ito likes Glaucira")
    assert "glaucira" not in {t.norm_ for t in doc}


def test_adverse_event_needs_our_product(tagger: Tagger) -> None:
    own = tagger.tag("pt on Glaucira developed severe eye redness and swelling, reported to PV")
    rival = tagger.tag("pt on Optivance developed severe eye redness and swelling, reported to PV")
    assert "adverse_event" in own.label_names
    assert "adverse_event" not in rival.label_names


def test_off_label_is_judged_against_this_catalogs_indication(tagger: Tagger) -> None:
    # Visorel's indication starts at 50 years and excludes diabetic macular edema.
    too_young = tagger.tag("Dr. Ito wants to try Visorel in a 35 yo with wet AMD, asked for data")
    excluded = tagger.tag("Dr. Ito has been using Visorel for diabetic macular edema")
    on_label = tagger.tag("Dr. Ito uses Visorel for wet AMD in his 70 yo pts, happy with it")
    assert "off_label" in too_young.label_names
    assert "off_label" in excluded.label_names
    assert "off_label" not in on_label.label_names
    assert any(label == "off_label" for _, _, label in too_young.evidence)


def test_stale_asset_of_this_catalog(tagger: Tagger) -> None:
    result = tagger.tag("front desk still hands out VSR-101-v1, swapped them for the new guide")
    assert "stale_content" in result.label_names
    assert {"ref": "VSR-101-v1", "kind": "content_asset"}.items() <= result.entities[0].items()

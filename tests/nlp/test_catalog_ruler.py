from spacy.language import Language

from nlp.components.catalog_ruler import CatalogRuler, typo_variants


def _ruler(blank: Language, catalog: dict) -> Language:
    blank.add_pipe("fieldsignal_catalog_ruler").set_catalog(catalog)  # type: ignore[attr-defined]
    return blank


def _found(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_, s.id_) for s in doc.spans["catalog"]]


def test_finds_products_by_name_and_alias_in_any_case(blank, catalog):
    nlp = _ruler(blank, catalog)
    found = _found(nlp, "pt on VISOREL, dr prefers optivazumab over visoranib")
    assert found == [
        ("VISOREL", "own_product", "Visorel", "ownbrand"),
        ("optivazumab", "competitor", "Optivance", "rivalbrand"),
        ("visoranib", "own_product", "Visorel", "ownbrand"),
    ]


def test_tolerates_one_typing_slip_in_long_names(blank, catalog):
    nlp = _ruler(blank, catalog)
    assert [f[2] for f in _found(nlp, "Visorl and Optivnace and Vsiorel")] == [
        "Visorel",
        "Optivance",
        "Visorel",
    ]


def test_short_codes_match_only_in_capitals(blank, catalog):
    nlp = _ruler(blank, catalog)
    assert [f[2] for f in _found(nlp, "started VSR today")] == ["Visorel"]
    assert _found(nlp, "the vsr was fine") == []


def test_multiword_alias_is_one_mention(blank, catalog):
    nlp = _ruler(blank, catalog)
    assert _found(nlp, "gave the Visorel PFS") == [
        ("Visorel PFS", "own_product", "Visorel", "ownbrand")
    ]


def test_content_assets_by_code_stem_and_title(blank, catalog):
    nlp = _ruler(blank, catalog)
    assert _found(nlp, "still using VSR-101-v1 at the front desk") == [
        ("VSR-101-v1", "content_asset", "VSR-101-v1", "assetstale")
    ]
    assert _found(nlp, "left VSR-101-v2") == [
        ("VSR-101-v2", "content_asset", "VSR-101-v2", "assetcurrent")
    ]
    # A stem or a title names both versions: the ref is the current one, staleness unknown.
    assert _found(nlp, "wants the injection preparation guide") == [
        ("injection preparation guide", "content_asset", "VSR-101-v2", "contentasset")
    ]
    assert _found(nlp, "the VSR-101 sheet")[0][1:3] == ("content_asset", "VSR-101-v2")


def test_catalog_swap_replaces_patterns(blank, catalog):
    nlp = _ruler(blank, catalog)
    nlp.get_pipe("fieldsignal_catalog_ruler").set_catalog(  # type: ignore[attr-defined]
        {"products": [{"name": "Newdrug", "aliases": [], "company": "own"}]}
    )
    assert [f[0] for f in _found(nlp, "Visorel and Newdrug")] == ["Newdrug"]


def test_empty_catalog_finds_nothing(blank):
    nlp = _ruler(blank, {})
    assert _found(nlp, "Visorel for everyone") == []


def test_round_trip_to_disk_keeps_the_catalog(blank, catalog, tmp_path):
    nlp = _ruler(blank, catalog)
    nlp.get_pipe("fieldsignal_catalog_ruler").to_disk(tmp_path / "ruler")  # type: ignore[attr-defined]
    fresh = CatalogRuler(blank.vocab, blank.make_doc).from_disk(tmp_path / "ruler")
    doc = fresh(blank.make_doc("pt on Visorl, asked for VSR-101-v2"))
    assert [s.kb_id_ for s in doc.spans["catalog"]] == ["Visorel", "VSR-101-v2"]


def test_round_trip_to_bytes(blank, catalog):
    nlp = _ruler(blank, catalog)
    data = nlp.get_pipe("fieldsignal_catalog_ruler").to_bytes()  # type: ignore[attr-defined]
    fresh = CatalogRuler(blank.vocab, blank.make_doc).from_bytes(data)
    doc = fresh(blank.make_doc("OPV"))
    assert [s.kb_id_ for s in doc.spans["catalog"]] == ["Optivance"]


def test_typo_variants_are_one_edit_away():
    variants = typo_variants("abc")
    assert {"ab", "acb", "abd", "abcd", "xabc"} <= variants
    assert "abc" not in variants
    assert "cab" not in variants

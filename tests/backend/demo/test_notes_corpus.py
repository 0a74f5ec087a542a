"""The living demo's note corpus: loads, big enough, no repeats, and only names the catalog knows."""

import json
import random

from backend.demo.sim_notes import CORPUS_FILE, Catalog, NoteDeck, draft_from, load_corpus
from backend.demo.world import CATALOG_FILE
from nlp.labels import LABELS


def _catalog() -> Catalog:
    raw = json.loads(CATALOG_FILE.read_text())
    products = [{"id": f"p{i}", **p} for i, p in enumerate(raw["products"])]
    return Catalog.from_device(products, raw["content_assets"])


def test_the_corpus_loads_with_enough_distinct_notes():
    notes = load_corpus(CORPUS_FILE)
    assert len(notes) >= 400
    assert len({n.id for n in notes}) == len(notes)
    texts = [" ".join(n.text.lower().split()) for n in notes]
    assert len(set(texts)) == len(texts)


def test_the_corpus_names_only_catalog_products_assets_and_labels():
    catalog = _catalog()
    for note in load_corpus(CORPUS_FILE):
        assert set(note.products) <= set(catalog.by_name), note.id
        assert set(note.content_codes) <= set(catalog.assets), note.id
        assert set(note.expected_labels) <= set(LABELS), note.id


def test_a_deck_deals_every_note_once_before_repeating():
    notes = load_corpus(CORPUS_FILE)
    deck = NoteDeck(random.Random(1), notes)
    dealt = [deck.draw(_catalog()).id for _ in notes]
    assert sorted(dealt) == sorted(n.id for n in notes)
    assert dealt != [n.id for n in notes]  # shuffled, not file order


def test_a_territory_deck_keeps_to_its_products_and_a_storyline_to_its_theme():
    catalog = _catalog()
    deck = NoteDeck(random.Random(2))
    mine = {"Respiqor", "Glyventa"}
    for _ in range(200):
        note = deck.draw(catalog, territory_products=mine)
        assert {p for p in note.products if p in catalog.own_names()} <= mine
    for _ in range(30):
        note = deck.draw(
            catalog, territory_products={"Lipozent"}, product="Lipozent", theme="objection_price"
        )
        assert "Lipozent" in note.products and "objection_price" in note.expected_labels


def test_a_draft_carries_pulled_ids_and_catalog_versions():
    catalog = _catalog()
    note = next(n for n in load_corpus(CORPUS_FILE) if n.content_codes and n.products)
    draft = draft_from(note, catalog, random.Random(3))
    assert draft.note == note.text
    assert draft.products == [str(catalog.by_name[n]["id"]) for n in note.products]
    code = note.content_codes[0]
    assert draft.content_shown[0] == {
        "asset": code,
        "version": str(catalog.assets[code]["version"]),
    }

from nlp.catalog import Catalog, parse_indication
from nlp.rules import OffLabelRules, ae_competitor_only, ae_report_cues, ages_in, stale_signal

INDICATION = (
    "Adults 18 years and older with relapsed follicular lymphoma after at least two prior "
    "therapies, as monotherapy; 100 mg orally twice daily (maximum 200 mg per day); "
    "not indicated for marginal zone lymphoma."
)


def test_parse_indication_reads_age_dose_exclusions_and_line():
    rules = parse_indication(INDICATION)
    assert rules.min_age == 18
    assert rules.max_mg == 200
    assert frozenset({"marginal", "zone"}) in rules.exclusions
    assert rules.later_line and rules.monotherapy_only and not rules.adjunct_only


def test_adjunct_to_diet_is_not_an_add_on_limit():
    assert not parse_indication("Adjunct to diet and exercise in adults with T2D").adjunct_only
    assert parse_indication("Add-on maintenance treatment of severe asthma").adjunct_only


def test_ages_in_text():
    assert [a[2] for a in ages_in("a 9 y/o and a 16-year-old, also 14 months old")] == [9, 16, 0]
    assert [a[2] for a in ages_in("peds clinic")] == [10]


def _hits(text: str, ref: str = "Pelmora") -> list[str]:
    catalog = Catalog.from_dict(
        {"products": [{"name": ref, "aliases": [], "company": "own", "indication": INDICATION}]}
    )
    start = text.index(ref)
    mentions = [(start, start + len(ref), "own_product", ref)]
    return [h.reason for h in OffLabelRules(catalog).hits(text, mentions, [(0, len(text))])]


def test_off_label_hits_per_reason():
    assert _hits("wants Pelmora for a 15 yo") == ["age"]
    assert _hits("giving Pelmora 300 mg daily") == ["dose"]
    assert _hits("using Pelmora for marginal zone pts") == ["indication"]
    assert _hits("Pelmora first line in newly diagnosed pts") == ["line"]
    assert _hits("Pelmora in combination with rituximab") == ["combination"]
    assert _hits("Pelmora for an adult pt after two prior lines, 100 mg BID") == []


def test_off_label_rules_need_an_own_product():
    catalog = Catalog.from_dict(
        {"products": [{"name": "X", "company": "own", "indication": INDICATION}]}
    )
    assert OffLabelRules(catalog).hits("a 15 yo on something", [], [(0, 21)]) == []


def test_competitor_only():
    own = (0, 4, "own_product", "A")
    rival = (10, 14, "competitor", "B")
    assert ae_competitor_only([rival])
    assert not ae_competitor_only([own, rival])
    assert not ae_competitor_only([])
    assert ae_competitor_only([own, rival], span=(8, 20))


def test_report_cues_skip_negated_clauses():
    text = "nothing to report. pt rash, reported to drug safety"
    negated = [(8, 17)]
    found = [text[s:e] for s, e in ae_report_cues(text, negated)]
    assert found == ["reported", "drug safety"]


def test_stale_signal():
    asset = (0, 9, "content_asset", "X-1-v1")
    assert stale_signal("X-1-v1 on the wall", [asset], {"X-1-v1"})
    assert stale_signal("the outdated card", [], set())
    assert not stale_signal("left X-1-v2 cards", [(5, 11, "content_asset", "X-1-v2")], {"X-1-v1"})


def test_stale_signal_skips_resolved_and_negated_scopes():
    text = "has the current piece, swapped the old ones out"
    scope = (text.index("swapped"), len(text))
    assert stale_signal(text, [], set())
    assert not stale_signal(text, [], set(), [scope])
    asset = (4, 10, "content_asset", "X-1-v1")
    assert not stale_signal("took X-1-v1 down", [asset], {"X-1-v1"}, [(0, 16)])

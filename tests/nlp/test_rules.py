from nlp.rules import ae_competitor_only, ae_report_cues, stale_signal


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

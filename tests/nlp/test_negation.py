from spacy.language import Language

from nlp.components.negation import NegationScoper


def _scopes(nlp: Language, text: str) -> list[tuple[str, str]]:
    if "fieldsignal_negation" not in nlp.pipe_names:
        nlp.add_pipe("fieldsignal_sentencizer")
        nlp.add_pipe("fieldsignal_negation")
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["negation"]]


def test_negation_scope_runs_to_the_clause_boundary(blank):
    assert _scopes(blank, "no pushback on price today, wants samples") == [
        ("pushback on price today", "negated")
    ]


def test_contracted_and_run_together_negations(blank):
    assert _scopes(blank, "didnt ask for samples") == [("ask for samples", "negated")]
    assert _scopes(blank, "she doesn't like the pen") == []  # "like" is not negated away


def test_conjunction_ends_the_scope(blank):
    assert _scopes(blank, "no SEs but asked about copay") == [("SEs", "negated")]


def test_negation_that_is_itself_the_complaint_is_left_alone(blank):
    assert _scopes(blank, "Hartiva not covered by Aetna") == []
    assert _scopes(blank, "not happy with the hub") == []
    assert _scopes(blank, "says it doesn't work for her pts") == []


def test_resolution_marks_the_clause_before_it(blank):
    assert _scopes(blank, "the PA issue w/ Humana resolved last wk") == [
        ("the PA issue w/ Humana", "resolved")
    ]
    assert _scopes(blank, "copay card problem got fixed.") == [("copay card problem", "resolved")]


def test_resolution_does_not_cross_a_sentence(blank):
    assert _scopes(blank, "pt had hives after dose 2. resolved w/ benadryl") == []


def test_round_trip_keeps_custom_cues(blank, tmp_path):
    scoper = NegationScoper(pre_cues=["nope"], post_cues=["gone"])
    scoper.to_disk(tmp_path / "neg")
    loaded = NegationScoper().from_disk(tmp_path / "neg")
    assert loaded.pre_cues == ["nope"]
    assert loaded.post_cues == ["gone"]
    blank.add_pipe("fieldsignal_sentencizer")
    doc = loaded(blank("nope price issues"))
    assert doc.has_annotation("SENT_START")
    assert [s.text for s in doc.spans["negation"]] == ["price issues"]
    assert NegationScoper().from_bytes(scoper.to_bytes()).pre_cues == ["nope"]


def test_used_to_marks_the_past_up_to_now(blank):
    assert _scopes(blank, "Dr used to push back on price now she's fine") == [
        ("used to push back on price", "resolved")
    ]


def test_no_longer_resolves_what_follows_unless_it_is_the_complaint(blank):
    assert _scopes(blank, "no longer pushes back on price") == [
        ("no longer pushes back on price", "resolved")
    ]
    assert _scopes(blank, "Aetna no longer covers it") == []
    assert _scopes(blank, "Hartiva no longer covered by Aetna") == []
    assert _scopes(blank, "cost is no longer an issue for her") == [("cost is", "resolved")]


def test_past_the_issues_and_fixed_the_problem(blank):
    assert _scopes(blank, "we're past the PA issues, approvals fast now") == [
        ("'re past the PA issues", "resolved")
    ]
    assert _scopes(blank, "new benefit cap fixed the cost complaints") == [
        ("fixed the cost complaints", "resolved")
    ]


def test_swapped_the_old_ones_out_but_not_a_wish_to_swap(blank):
    assert _scopes(blank, "has the current piece, swapped the old ones out") == [
        ("swapped the old ones out", "resolved")
    ]
    assert _scopes(blank, "office still has the old ones, need to swap them out") == []
    assert _scopes(blank, "the old card needs to be replaced") == []


def test_short_answer_reaches_back_over_a_dash(blank):
    assert _scopes(blank, "copay trouble - not anymore") == [("copay trouble", "resolved")]
    assert _scopes(blank, "cost issues behind them now") == [("cost issues", "resolved")]


def test_no_objections_and_no_requests(blank):
    assert _scopes(blank, "no objections and no requests") == [
        ("objections", "negated"),
        ("requests", "negated"),
    ]


def test_a_resolved_reaction_is_still_the_reaction(blank):
    # "resolved w/ benadryl" after a comma says how an event ended, not that it did not happen.
    assert _scopes(blank, "pt had hives after dose 2, resolved w/ benadryl") == []


def test_a_question_answered_no_is_negated(blank):
    assert _scopes(blank, "pushback on price? none. asked about coverage") == [
        ("pushback on price", "negated")
    ]
    assert _scopes(blank, "PA problems? not anymore. approvals fast") == [
        ("PA problems", "negated")
    ]
    assert _scopes(blank, "samples?? none left, pls drop more") == [("left", "negated")]


def test_not_an_issue_resolves_its_subject_not_what_follows(blank):
    assert _scopes(blank, "pricing isnt the issue anymore for Motrelix") == [
        ("pricing is", "resolved")
    ]
    assert _scopes(blank, "copay isn't a problem but the PA is") == [("copay is", "resolved")]
    assert _scopes(blank, "Colvenza copay - not an issue for anyone w/ commercial") == [
        ("Colvenza copay", "resolved")
    ]
    assert _scopes(blank, "he said the cost thing is a non issue here") == [
        ("the cost thing is a", "resolved")
    ]
    # The complaint itself keeps its plain words.
    assert _scopes(blank, "Dosing frequency is the issue with Colvenza") == []


def test_handled_and_went_through_close_a_complaint(blank):
    assert _scopes(blank, "got the PAP set up, the cost thing is handled") == [
        ("the cost thing", "resolved")
    ]
    assert _scopes(blank, "Dr Parikh's appeal went through, plan dropped the step") == [
        ("Dr Parikh's appeal", "resolved")
    ]
    assert _scopes(blank, "the copay card needs to be handled by the hub") == []


def test_stopped_worrying_resolves_the_worry_that_follows(blank):
    assert _scopes(blank, "she stopped worrying about infections w/ Colvenza, saw the data") == [
        ("stopped worrying about infections w/ Colvenza", "resolved")
    ]
    assert _scopes(blank, "she never stopped worrying about infections") == []


def test_freestanding_cues_round_trip(tmp_path):
    scoper = NegationScoper(resolution_cues=["quit fretting about"], freestanding=[])
    scoper.to_disk(tmp_path / "neg")
    loaded = NegationScoper().from_disk(tmp_path / "neg")
    assert loaded.freestanding == []
    assert NegationScoper().from_bytes(scoper.to_bytes()).freestanding == []


def test_a_speech_verb_right_after_no_longer_belongs_to_the_resolved_clause(blank):
    assert _scopes(blank, "she's ok with the data now. no longer asking for reprints") == [
        ("no longer asking for reprints", "resolved")
    ]


# -- 2.2: scope ends, "working again", "X is gone", the past told as past ------------------


def test_tho_and_anymore_end_a_negation_scope(blank):
    assert _scopes(blank, "no SEs tho wants the dosing card") == [("SEs", "negated")]
    assert _scopes(blank, "doesn't have safety worries anymore after the extension data") == [
        ("have safety worries anymore", "negated")
    ]


def test_something_broken_that_works_again_is_resolved(blank):
    assert _scopes(blank, "the Hartiva copay card is working again, pts paying $0") == [
        ("the Hartiva copay card is", "resolved")
    ]


def test_gone_resolves_a_named_problem_but_not_a_supply_that_ran_out(blank):
    assert _scopes(blank, "his dosing objection is basically gone. starting 2 more") == [
        ("his dosing objection is", "resolved")
    ]
    assert _scopes(blank, "the starter kits are all gone, wants more") == []
    assert _scopes(blank, "their copy of the guide is gone") == []


def test_now_that_starts_the_resolved_clause(blank):
    # The copay is the live problem; only what "now that" introduces is resolved.
    assert _scopes(blank, "the copay is the real problem now that the PA hassle is gone") == [
        ("the PA hassle", "resolved")
    ]


def test_the_past_told_as_past_is_resolved_up_to_now(blank):
    assert _scopes(blank, "at first she doubted the response data, now she is writing it") == [
        ("at first she doubted the response data", "resolved")
    ]
    assert _scopes(blank, "he initially worried about infections. now fine") == [
        ("initially worried about infections", "resolved")
    ]


def test_a_resolved_doubt_is_resolved_although_no_doubt_is_not_a_negation(blank):
    assert _scopes(blank, "he used to doubt the efficacy, now a fan") == [
        ("used to doubt the efficacy", "resolved")
    ]
    assert _scopes(blank, "no doubt it works for her pts") == []


def test_a_negated_thought_or_memory_is_the_complaint(blank):
    assert _scopes(blank, "she doesn't think it beats the generic") == []
    assert _scopes(blank, "pts can't remember the evening dose") == []
    assert _scopes(blank, "the home nurses don't know the titration") == []


def test_a_barrier_after_a_pseudo_word_makes_a_plain_negation(blank):
    assert _scopes(blank, "no access barriers at Humana") == [
        ("access barriers at Humana", "negated")
    ]
    assert _scopes(blank, "no access at Humana") == []


def test_2_2_lists_round_trip_and_older_models_keep_their_behaviour(tmp_path):
    scoper = NegationScoper(scope_closers=["anymore", "nowadays"], problem_post_cues=[])
    loaded = NegationScoper().from_bytes(scoper.to_bytes())
    assert loaded.scope_closers == ["anymore", "nowadays"]
    assert loaded.problem_post_cues == []
    state = NegationScoper()._state()
    for key in ("problem_post_cues", "gone_problems", "scope_closers", "resolution_exempt"):
        del state[key]
    del state["problem_words"]
    old = NegationScoper()
    old._load_state(state)
    assert old.scope_closers == [] and old.resolution_exempt == []
    assert "barriers" not in old.problem_words


def test_set_default_cues_replaces_a_saved_models_lists():
    scoper = NegationScoper(post_cues=[], scope_closers=[])
    scoper.set_default_cues()
    assert "working again" in scoper.post_cues
    assert scoper.scope_closers == ["anymore"]

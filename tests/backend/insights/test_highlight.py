"""Evidence highlighting on redacted text: right place, never the raw note."""

from backend.insights.highlight import align, highlight_html

NOTE = "Pt Linda Marchetti had a rash after Cardivra. Call 555-123-4567 re copay."
PII = [[3, 18, "PATIENT_NAME"], [51, 63, "PHONE"]]
REDACTED = "Pt [PATIENT_NAME] had a rash after Cardivra. Call [PHONE] re copay."


def test_evidence_lands_on_the_same_words_in_the_redacted_text() -> None:
    start = NOTE.index("had a rash")
    html = highlight_html(
        original=NOTE,
        redacted=REDACTED,
        pii=PII,
        evidence=[[start, start + len("had a rash"), "adverse_event"]],
    )
    assert '<mark class="evidence" data-labels="adverse_event"' in html
    assert ">had a rash</mark>" in html
    assert "Linda" not in html and "555" not in html


def test_evidence_covering_an_identifier_covers_the_whole_token_only() -> None:
    html = highlight_html(
        original=NOTE, redacted=REDACTED, pii=PII, evidence=[[0, 30, "adverse_event"]]
    )
    assert "Marchetti" not in html
    assert '<span class="redacted" title="redacted">[PATIENT_NAME]</span>' in html
    assert html.count("<mark") >= 1


def test_texts_that_do_not_line_up_are_shown_unhighlighted_and_never_raw() -> None:
    html = highlight_html(
        original=NOTE, redacted="something else entirely", pii=PII, evidence=[[0, 10, "x"]]
    )
    assert str(html) == "something else entirely"


def test_replacement_tokens_of_unknown_shape_still_align() -> None:
    note = "Met Jane Roe today about copay."
    redacted = "Met ████ today about copay."
    segments = align(note, redacted, [[4, 12, "PATIENT_NAME"]])
    assert segments is not None
    html = highlight_html(
        original=note,
        redacted=redacted,
        pii=[[4, 12, "PATIENT_NAME"]],
        evidence=[[note.index("copay"), note.index("copay") + 5, "objection_price"]],
    )
    assert ">copay</mark>" in html


def test_note_text_is_escaped() -> None:
    note = "<script>alert(1)</script> copay"
    html = highlight_html(
        original=note, redacted=note, pii=[], evidence=[[26, 31, "objection_price"]]
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_only_effective_labels_are_highlighted() -> None:
    html = highlight_html(
        original="copay is high",
        redacted="copay is high",
        pii=[],
        evidence=[[0, 5, "objection_price"]],
        labels={"objection_access"},
    )
    assert "<mark" not in html

"""The patient-identifier component: each identifier type, what is not one, redaction,
the spaCy factory on a blank pipeline, and serialization."""

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import nlp.pii  # noqa: F401  (registers the "fieldsignal_pii" factory)
from nlp.pii import pii_spans, redact


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    pipe.add_pipe("fieldsignal_pii")
    return pipe


def found(pipeline: Language, text: str) -> list[tuple[str, str]]:
    doc = pipeline(text)
    return [(doc.text[start:end], label) for start, end, label in pii_spans(doc)]


# -- each type: found ---------------------------------------------------------------


def test_patient_name_after_pt_cue(pipeline: Language) -> None:
    assert found(pipeline, "pt Rosa Delgado had hives after 2nd inj") == [
        ("Rosa Delgado", "PATIENT_NAME")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mrs. Alvarez had a rash after dose 2", "Alvarez"),
        ("her son Miguel called about the pen", "Miguel"),
        ("pt J. Alvarez stopped due to dizziness", "J. Alvarez"),
        ("pt Rosa D. said the pen leaked", "Rosa D."),
        ("Rosa Delgado (pt) called the office re copay card", "Rosa Delgado"),
        ("pt's daughter Ana says she stopped", "Ana"),
        ("one of her pts, Linda Marchetti, had vomiting", "Linda Marchetti"),
        ("Pt name Kevin O'Hara, on Tarvozin", "Kevin O'Hara"),
        ("pt Tomás Nuñez had grade 3 rash", "Tomás Nuñez"),
        ("pt Maria de la Cruz on Onkavex, diarrhea", "Maria de la Cruz"),
    ],
)
def test_patient_name_cues(pipeline: Language, text: str, name: str) -> None:
    assert (name, "PATIENT_NAME") in found(pipeline, text)


def test_patient_name_without_cue_when_full_name_is_known(pipeline: Language) -> None:
    text = "Dr. Okafor said one of them (Sheryl Dunn) got pancreatitis"
    assert found(pipeline, text) == [("Sheryl Dunn", "PATIENT_NAME")]


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("pt dob 4/11/58, rash on arms", "4/11/58"),
        ("DOB: 1958-04-11 per chart", "1958-04-11"),
        ("pt born 11 Apr 1958, on KTV", "11 Apr 1958"),
        ("born April 11, 1958", "April 11, 1958"),
        ("d.o.b. 3/9/1962", "3/9/1962"),
        ("pt Harold Beaumont (07/22/1941) on Keltrova", "07/22/1941"),
        ("pt Jaylen Brooks 03/09/2010 - mood changes", "03/09/2010"),
    ],
)
def test_dob_formats(pipeline: Language, text: str, dob: str) -> None:
    assert (dob, "DOB") in found(pipeline, text)


@pytest.mark.parametrize(
    ("text", "mrn"),
    [
        ("pt MRN 00482913 on Corvenza", "00482913"),
        ("chart# A-55201 - pt fell", "A-55201"),
        ("record no. 7731, ER visit", "7731"),
        ("mrn: 4471-2203", "4471-2203"),
        ("pt id: Rosa Delgado, 7730-4419", "7730-4419"),
        ("MR# 445-221 pt w/ fever", "445-221"),
    ],
)
def test_mrn_formats(pipeline: Language, text: str, mrn: str) -> None:
    assert (mrn, "MRN") in found(pipeline, text)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("pt's cell (555) 201-3344", "(555) 201-3344"),
        ("pt cell 555.201.3344 for PV f/u", "555.201.3344"),
        ("call pt at home 555-201-3344", "555-201-3344"),
        ("pt can be reached at +1 555 201 3344", "+1 555 201 3344"),
        ("mom's number for safety callback (419) 555-0163", "(419) 555-0163"),
    ],
)
def test_patient_phone_formats(pipeline: Language, text: str, phone: str) -> None:
    assert found(pipeline, text) == [(phone, "PHONE")]


def test_patient_email(pipeline: Language) -> None:
    assert ("rosa.d58@gmail.com", "EMAIL") in found(pipeline, "pt email rosa.d58@gmail.com")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("pt lives at 1420 W Maple Ave, Apt 3B", "1420 W Maple Ave, Apt 3B"),
        ("pt home address 22 Birch Ln, Dayton OH 45402", "22 Birch Ln, Dayton OH 45402"),
        ("Pt: lives at 418 Alder Ct, Springfield. reported", "418 Alder Ct, Springfield"),
        ("pen never arrived at pt's home, 44 Canal St Apt 3", "44 Canal St Apt 3"),
    ],
)
def test_patient_address(pipeline: Language, text: str, address: str) -> None:
    assert (address, "ADDRESS") in found(pipeline, text)


# -- not patient identifiers ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Patel wants samples. NP Gomez asked about copay.",
        "spoke w/ PA Jenny Moss re: dosing card, PA denied again",
        "PA (physician asst) Lauren Michaels said the hub is fast",
        "Met Dr. Adler's new NP, Sam Diaz. intro only",
        "office manager Linda Park says no lunches",
        "Linda Park (office mgr) says no lunches",
        "Maria Lopez, MD asked for reprints",
        "ride-along w/ DM Karen Walsh today",
        "3 pts on Corvenza, all doing fine; pts love it",
        "pt education materials requested by np gomez",
        "Medicare pt Glyvanta: $600 deductible first",
    ],
)
def test_hcp_staff_and_product_names_are_not_marked(pipeline: Language, text: str) -> None:
    assert found(pipeline, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "office phone (555) 201-3344, ask for Linda",
        "call back at 555-201-3344 (front desk)",
        "fax 555.201.9988 for PA forms",
        "Desk line (555) 201-8834. Said to call before coming by",
        "NP Renee Cole cell for work msgs: 555-310-4482",
        "Dr. Kaplan's office - new phone # (555) 330-9870, old one disconnected",
        "office mgr Shonda - 555-614-2007",
    ],
)
def test_practice_phone_numbers_are_not_marked(pipeline: Language, text: str) -> None:
    assert found(pipeline, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "practice email frontdesk@maplecardio.com",
        "office email is frontdesk@lakesidecardiology.com. prefers Mon AM",
        "email is mbeki.clinic@gmail.com (practice email)",
        "send to her work email (lowell.derm@practicemail.net)",
    ],
)
def test_practice_emails_are_not_marked(pipeline: Language, text: str) -> None:
    assert found(pipeline, text) == []


def test_office_address_is_not_marked(pipeline: Language) -> None:
    assert found(pipeline, "office moved to 200 Main St Suite 400 last month") == []


def test_visit_dates_and_label_schedules_are_not_dobs(pipeline: Language) -> None:
    assert found(pipeline, "AE reported via portal 10/3/2024, v2 shows wk 0/4/12 table") == []


def test_lot_numbers_and_doses_are_not_record_numbers(pipeline: Language) -> None:
    assert found(pipeline, "lot # 4471823 on box, pt took 2500000 units") == []


# -- lowercase and shorthand ---------------------------------------------------------


def test_all_lowercase_note(pipeline: Language) -> None:
    text = "pt rosa delgado dob 4/11/58 mrn 00482913 cell 555-201-3344 rash after dose 2"
    assert found(pipeline, text) == [
        ("rosa delgado", "PATIENT_NAME"),
        ("4/11/58", "DOB"),
        ("00482913", "MRN"),
        ("555-201-3344", "PHONE"),
    ]


def test_lowercase_pt_followed_by_ordinary_words_is_not_a_name(pipeline: Language) -> None:
    assert found(pipeline, "pt started corvenza last wk, pt had hives, pt didn't call") == []


def test_bulleted_multi_line_note(pipeline: Language) -> None:
    text = (
        "- saw Dr. Feld + his NP (Marisa)\n"
        "- pt Gerald Finch on Onkavex since June: ALT 5x ULN, held\n"
        "- MRN 00918844, cell 555-201-3344\n"
        "- office line 555-201-9000 for f/u"
    )
    assert found(pipeline, text) == [
        ("Gerald Finch", "PATIENT_NAME"),
        ("00918844", "MRN"),
        ("555-201-3344", "PHONE"),
    ]


def test_all_caps_fragment(pipeline: Language) -> None:
    assert found(pipeline, "PT HAROLD BEAUMONT DOB 07/22/1941 HIVES") == [
        ("HAROLD BEAUMONT", "PATIENT_NAME"),
        ("07/22/1941", "DOB"),
    ]


# -- redaction -----------------------------------------------------------------------


def test_redact_replaces_each_span_with_its_type(pipeline: Language) -> None:
    doc = pipeline("pt Rosa Delgado dob 4/11/58 cell 555-201-3344, office 555-201-9999")
    assert redact(doc.text, pii_spans(doc)) == (
        "pt [PATIENT_NAME] dob [DOB] cell [PHONE], office 555-201-9999"
    )


def test_redact_merges_overlapping_spans() -> None:
    text = "call Rosa Delgado now"
    spans = [(5, 9, "PATIENT_NAME"), (5, 17, "PATIENT_NAME"), (10, 17, "PATIENT_NAME")]
    assert redact(text, spans) == "call [PATIENT_NAME] now"


def test_redact_keeps_adjacent_spans_apart_and_ignores_empty_ones() -> None:
    assert redact("ab12", [(0, 2, "MRN"), (2, 4, "DOB"), (3, 3, "PHONE")]) == "[MRN][DOB]"


def test_redact_without_spans_returns_text() -> None:
    assert redact("no identifiers here", []) == "no identifiers here"


# -- spaCy component -----------------------------------------------------------------


def test_factory_on_blank_pipeline_without_sentencizer() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    doc = pipe("Pt: Gloria Fuentes, MRN 00573821")
    group = doc.spans["pii"]
    assert [(span.text, span.label_) for span in group] == [
        ("Gloria Fuentes", "PATIENT_NAME"),
        ("00573821", "MRN"),
    ]


def test_span_group_is_set_on_notes_without_identifiers(pipeline: Language) -> None:
    doc = pipeline("Dr. Patel asked for samples")
    assert list(doc.spans["pii"]) == []


def test_component_config_spans_key() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii", config={"spans_key": "phi"})
    doc = pipe("pt Rosa Delgado")
    assert [span.text for span in doc.spans["phi"]] == ["Rosa Delgado"]
    assert pii_spans(doc, spans_key="phi") == [(3, 15, "PATIENT_NAME")]


def test_bad_default_owner_is_rejected() -> None:
    with pytest.raises(ValueError, match="default_owner"):
        spacy.blank("en").add_pipe("fieldsignal_pii", config={"default_owner": "nobody"})


def test_default_owner_practice_keeps_uncued_numbers() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii", config={"default_owner": "practice"})
    assert pii_spans(pipe("reached at 555-201-3344")) == []


def test_ignore_words_keep_catalog_names_out() -> None:
    pipe = spacy.blank("en")
    component = pipe.add_pipe("fieldsignal_pii")
    assert pii_spans(pipe("called pt Zolvara back")) == [(10, 17, "PATIENT_NAME")]
    component.add_ignore_words(["Zolvara"])
    assert pii_spans(pipe("called pt Zolvara back")) == []
    component.set_ignore_words(["Onkavex XR"])
    assert component.ignore_words == ["onkavex", "xr"]
    assert pii_spans(pipe("called pt Zolvara back")) == [(10, 17, "PATIENT_NAME")]


def test_two_catalog_products_in_a_row_are_not_a_full_name() -> None:
    pipe = spacy.blank("en")
    component = pipe.add_pipe("fieldsignal_pii")
    component.set_catalog({"products": [{"name": "Onkavex"}, {"name": "Tarlixa"}]})
    assert pii_spans(pipe("Onkavex Tarlixa combo asked about")) == []
    assert pii_spans(pipe("Zenobia Quist had a rash")) == [(0, 13, "PATIENT_NAME")]


def test_catalog_products_are_never_names() -> None:
    pipe = spacy.blank("en")
    component = pipe.add_pipe("fieldsignal_pii")
    text = "new pt Zolvantra start next wk"
    assert pii_spans(pipe(text)) == [(7, 16, "PATIENT_NAME")]
    catalog = {"products": [{"name": "Zolvantra", "aliases": ["zolvantrib", "ZVT"]}]}
    component.set_catalog(catalog)
    assert pii_spans(pipe(text)) == []
    assert component.ignore_words == ["zolvantra", "zolvantrib", "zvt"]


def test_serialization_round_trip_keeps_state(tmp_path: Path) -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    component = pipe.add_pipe("fieldsignal_pii")
    text = "Pt zyxor said the pen leaked"
    assert pii_spans(pipe(text)) == []
    component.add_names(["zyxor"])
    component.add_ignore_words(["Kelvantra XR"])
    assert pii_spans(pipe(text)) == [(3, 8, "PATIENT_NAME")]

    pipe.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")

    assert loaded.pipe_names == ["sentencizer", "fieldsignal_pii"]
    restored = loaded.get_pipe("fieldsignal_pii")
    assert restored.extra_names == ["zyxor"]
    assert restored.ignore_words == ["kelvantra", "xr"]
    assert pii_spans(loaded(text)) == [(3, 8, "PATIENT_NAME")]


def test_bytes_round_trip() -> None:
    pipe = spacy.blank("en")
    component = pipe.add_pipe("fieldsignal_pii", config={"default_owner": "practice"})
    component.add_names(["zyxor"])
    other = spacy.blank("en")
    other.add_pipe("fieldsignal_pii")
    other.from_bytes(pipe.to_bytes())
    restored = other.get_pipe("fieldsignal_pii")
    assert restored.default_owner == "practice"
    assert restored.extra_names == ["zyxor"]

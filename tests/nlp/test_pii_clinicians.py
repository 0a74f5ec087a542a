"""Round 2 of the identifier rules: a surname written alone acting as the clinician, lab
abbreviations, and catalog content codes. Each class as minimal pairs: the same word is kept
when the note makes it the prescriber (or a lab value, or a document) and redacted when the
note makes it the patient's.

Cases mark the expected identifiers inline as ``[[TYPE:value]]``; a case without markers
must yield nothing.
"""

import pytest
import spacy
from spacy.language import Language

import nlp.pii  # noqa: F401  (registers the "fieldsignal_pii" factory)
from nlp.pii import pii_spans
from tests.nlp.test_pii_kinds import parse


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    return pipe


def check(pipeline: Language, marked: str) -> None:
    text, expected = parse(marked)
    found = pii_spans(pipeline(text))
    assert found == expected, [(text[s:e], t) for s, e, t in found]


# (the surname acts as the clinician, the same surname is the patient)
CLINICIAN_PAIRS = {
    "possessive patient": (
        "Okonkwo's pt on Hartiva since spring, BP finally under control",
        "[[PATIENT_NAME:Okonkwo]] is 71 and on Hartiva since spring, BP finally under control",
    ),
    "possessive office": (
        "Lindqvist's front office lost the Glyvanta enrollment form again",
        "[[PATIENT_NAME:Lindqvist]] had a rash after the 2nd Glyvanta dose",
    ),
    "has a patient": (
        "Abernathy has a 58 yo on Glyvanta w/ persistent nausea",
        "[[PATIENT_NAME:Abernathy]] has had persistent nausea on Glyvanta since June",
    ),
    "starts a patient": (
        "Greene started Hartiva in a new HFrEF pt last week",
        "[[PATIENT_NAME:Greene]] started Hartiva last week and feels dizzy",
    ),
    "holds the drug": (
        "ALT 3x ULN on Glyvanta, Whitfield held it for 2 wks",
        "ALT 3x ULN on Glyvanta, [[PATIENT_NAME:Whitfield]] felt awful for 2 wks",
    ),
    "speaks about patients": (
        "Marchetti: pts keep forgetting the weekly Glyvanta pen",
        "[[PATIENT_NAME:Marchetti]] vomited twice after the weekly Glyvanta pen",
    ),
    "per": (
        "dose cut to 0.5 per Haverford, nausea gone",
        "dose cut to 0.5 for [[PATIENT_NAME:Haverford]] is fine now, nausea gone",
    ),
    "titled elsewhere": (
        "Dr Pettigrew likes the new Hartiva data. Pettigrew wants 10 copies",
        "Dr Ames likes the new Hartiva data. [[PATIENT_NAME:Pettigrew]] had hives on it",
    ),
}


@pytest.mark.parametrize("cue", sorted(CLINICIAN_PAIRS))
def test_surname_acting_as_clinician_is_kept(pipeline: Language, cue: str) -> None:
    check(pipeline, CLINICIAN_PAIRS[cue][0])


@pytest.mark.parametrize("cue", sorted(CLINICIAN_PAIRS))
def test_same_surname_as_patient_is_redacted(pipeline: Language, cue: str) -> None:
    check(pipeline, CLINICIAN_PAIRS[cue][1])


def test_a_nurse_saying_a_name_does_not_title_it(pipeline: Language) -> None:
    check(
        pipeline,
        "mom of pt [[PATIENT_NAME:Ravi Menon]] called, nurse says [[PATIENT_NAME:Ravi]] "
        "vomited after his Glyvanta dose",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Glyvanta pt - CPK 950 and sore, Dr Ames holding a wk",
        "Hgb down to 9.1 on Hartiva, Dr Ames rechecking",
        "Dr Ames asked about Hartiva in kids with PAH",
        "Dr Ames has a 44 y.o. nonsmoker on Glyvanta, doing well",
    ],
)
def test_lab_and_clinical_abbreviations_are_not_names(pipeline: Language, text: str) -> None:
    check(pipeline, text)


def test_versioned_content_code_is_not_a_record(pipeline: Language) -> None:
    check(pipeline, "pt [[PATIENT_NAME:Rosa Delgado]] got the old chart GLY-220-v2 from the office")
    check(pipeline, "pt [[PATIENT_NAME:Rosa Delgado]], MRN [[MRN:GLY-220-72]], rash again")


def test_catalog_content_code_is_never_an_identifier() -> None:
    pipe = spacy.blank("en")
    pii = pipe.add_pipe("fieldsignal_pii")
    text = "pt Rosa Delgado - office still hands out GLY-22041 with her Glyvanta starts"
    before = [text[s:e] for s, e, _ in pii_spans(pipe(text))]
    pii.set_catalog(
        {
            "products": [{"name": "Glyvanta", "aliases": []}],
            "content_assets": [{"code": "GLY-22041", "title": "starter card"}],
        }
    )
    after = [text[s:e] for s, e, _ in pii_spans(pipe(text))]
    assert "Rosa Delgado" in after
    assert "GLY-22041" not in after
    assert "GLY-22041" in before  # the catalog, not the shape, decided it


def test_a_patient_stopping_the_drug_stays_a_patient(pipeline: Language) -> None:
    check(
        pipeline,
        "pt [[PATIENT_NAME:Halvard Okonjo]] had hives on Glyvanta. [[PATIENT_NAME:Okonjo]] "
        "stopped it",
    )


@pytest.mark.parametrize(
    ("marked"),
    [
        "Glyvanta card never came; she e-mailed the clinic from [[EMAIL:rdelg1957@gmail.com]] "
        "asking why. MA Tess forwarded it",
        "the pt's son wrote in from [[EMAIL:jk.fields44@yahoo.com]] about the Hartiva copay",
    ],
)
def test_free_mail_someone_wrote_to_the_office_from_is_redacted(
    pipeline: Language, marked: str
) -> None:
    check(pipeline, marked)


def test_office_inbox_on_free_mail_is_kept(pipeline: Language) -> None:
    check(pipeline, "the pharmacy e-mailed us from maple.frontdesk@gmail.com about Hartiva stock")


@pytest.mark.parametrize(
    "marked",
    [
        "Hartiva pen jammed; MA will call her back at [[PHONE:(312) 555-0148]] tomorrow",
        "pt's wife phoned the office from [[PHONE:+1 415 555 0122]] re the Glyvanta rash",
    ],
)
def test_number_the_office_reaches_a_person_at_is_redacted(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_office_line_the_rep_calls_is_kept(pipeline: Language) -> None:
    check(pipeline, "Hartiva samples low; I will call the office back at (312) 555-0199 Monday")


@pytest.mark.parametrize(
    "marked",
    [
        "[[PATIENT_NAME:Greene]] has a case of hives since the 2nd Hartiva dose",
        "[[PATIENT_NAME:Greene]] is 70, had a welt after Hartiva. [[PATIENT_NAME:Greene]] held "
        "the pen wrong",
    ],
)
def test_patient_phrasing_close_to_a_clinician_cue(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_a_course_given_is_the_clinician(pipeline: Language) -> None:
    check(pipeline, "Greene giving a 2nd 12 wk Hartiva course to a smoker who relapsed")


@pytest.mark.parametrize(
    "marked",
    [
        "Mrs. [[PATIENT_NAME:K.]] called re her Hartiva copay, rash is back",
        "Mr [[PATIENT_NAME:T]] (Dr Ames's pt) missed his Glyvanta dose",
    ],
)
def test_courtesy_title_before_an_initial(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_a_single_capital_without_a_title_is_not_a_name(pipeline: Language) -> None:
    check(pipeline, "Plan B. Dr Ames wants Hartiva in group B. fine")

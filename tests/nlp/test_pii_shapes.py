"""Identifier shapes and contexts the older rules never saw, each beside a minimal pair that
must stay: record ids in any shape, streets with no number or with the type first, phones in
every format, birth dates in words, nicknames that are also common words.

Cases mark the expected identifiers inline as ``[[TYPE:value]]`` (see test_pii_kinds); a
case without markers must yield nothing.
"""

import pytest
import spacy
from spacy.language import Language

import nlp.pii  # noqa: F401  (registers the "fieldsignal_pii" factory)
from nlp.pii import pii_spans
from tests.nlp.test_pii_kinds import check


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    return pipe


RECORD_IDS = [
    "patient #[[MRN:449210]] had the reaction",
    "hosp no [[MRN:H0029381]] on the discharge summary",
    "EHR id [[MRN:E-7781203]] flagged by the nurse",
    "file no. [[MRN:33-0917]] for the pt",
    # a bare id in a record system's shape, in a note that names a patient
    "pt [[PATIENT_NAME:Tobias Wren]] [[MRN:KH-7730412]] - vomiting after the 2nd infusion",
    "[[PATIENT_NAME:Ines Varga]] [[MRN:QRX#20917]] fine on the new dose",
    # same shapes with no patient, or after a lot / reference word, stay
    "lot KH-7730412 recalled, swapped the cartons",
    "pt [[PATIENT_NAME:Tobias Wren]] - ref KH-7730412 on the hub ticket",
    "study NCT0412345 enrolling, Dr Abbas interested",
    "pt record [[MRN:B7-22019]] sent with the AE form",
    "Acct. No. [[MRN:5521-8]] on the pt's bill",
    "NHS no [[MRN:485 777 3456]] - pt in Leeds",
    "pt's NHS number is [[MRN:4857773456]]",
    "SSN [[MRN:123-45-6789]] on the form, pt asked to remove it",
    "pt Medicaid # [[MRN:QX12345678]]",
    # a number after "pt #" written like a phone number is the phone
    "pt # [[PHONE:555-201-3344]] for the callback",
    "will record 3 doses in the log",
]

ADDRESSES = [
    "the farm out on [[ADDRESS:County Rd 12]] is where the pt lives",
    "pt lives off [[ADDRESS:FM 1960]], 30 min out",
    "pt lives on [[ADDRESS:Calle Ocho]] with her aunt",
    "mom moved to [[ADDRESS:14 rue des Lilas, apt 3]] last month, pt with her",
    "pt lives in [[ADDRESS:Apt 12C, 300 River Rd]]",
    "pt moved to [[ADDRESS:Dayton, OH 45402]] so the hub needs a new SP",
    "their address [[ADDRESS:Maple Ridge Court]] - pt never got the pen",
    "pt [[PATIENT_NAME:Curtis Bellamy]] [[ADDRESS:Old Mill Road, Hadley]] - replacement inhaler",
    "pt lives on [[ADDRESS:Elm St, Hadley]] - pharmacy 20 min away",
    # the practice's, a pharmacy's, a doctor's or a state in lower case stay
    "office moved to Dayton, OH 45402, new suite",
    "samples at the Walgreens on Main St",
    "pt [[PATIENT_NAME:Nadia]] at Dr Pike - her son has a rash",
    "pt lives on [[ADDRESS:Brook Ln]], wife drives him in 40 min",
    "pt lives at [[ADDRESS:12 Hawthorn Close]], daughter nearby",
    "the pt stays at [[ADDRESS:Rural Route 2, Box 14]] in summer",
    "12 green pens left at the office",
    "pt's mailing address: [[ADDRESS:PO Box 77, Hillsboro OR 97123]]",
    "office mail goes to PO Box 77, Hillsboro OR 97123",
    "pt's home: [[ADDRESS:8 Rosewood Close, Bristol BS8 1TH]]",
    "pt lives at [[ADDRESS:17-B Harbor View Terr]]",
    "pt lives in [[ADDRESS:Sunset Villas, unit 14]]",
    "pt moved into [[ADDRESS:Maple Grove Apartments, #214]]",
    "pt at [[ADDRESS:Rm 412, Brookdale Assisted Living]]",
    "the clinic runs a van from Sunset Villas on Tuesdays",
    "daughter lives at [[ADDRESS:33 Kingsway]], will collect the pens",
    "pt lives at [[ADDRESS:12 Pine St]] with her son",
]

PHONES = [
    "reach the husband on [[PHONE:+33 6 12 34 56 78]]",
    "pt's son (lives in Leeds, [[PHONE:+44 7700 900417]]) called the office",
    "pt home phone [[PHONE:201-3344]]",
    "new main # 201-3344 for the office",
    "husband calls the office a lot, his number [[PHONE:+234 803 555 0192]]",
    "Dr Salo gave me her cell +234 803 555 0192 for questions",
    "pt's daughter called. her cell for the hub: [[PHONE:+48 601 555 210]]",
    "wife's mobile [[PHONE:07700 900123]] if the pt does not answer",
    "dr's cell 555-201-3399, pt's cell [[PHONE:555-201-3344]]",
    "clinic main line 020 7946 0958 for the nurses",
]

EMAILS = [
    "caregiver email: [[EMAIL:jlee@lee-family.net]]",
    "send to [[EMAIL:tom.baker@bakerlaw.com]] (pt's son, lawyer)",
    "pt email [[EMAIL:tfoster.nurse@gmail.com]] - she is a nurse herself",
    # a role inbox stays whatever the sentence says about a patient
    "reply to billing@cedarcardio.com re: the pt",
    "pts can write to support@hubservices.com",
]

BIRTH_DATES = [
    "pt turned 80 on [[DOB:4 July]], fell the week after",
    "pt [[PATIENT_NAME:Orla Quinn]], dob [[DOB:the 5th of June 1950]], dizzy",
    "[[PATIENT_NAME:Aldo Ferri]] born [[DOB:nineteen fifty-two, 9th of May]], on the pen",
    "[[PATIENT_NAME:Maren Holt]], [[DOB:the ninth of May, 1947]], syncope",
    "pt (b. [[DOB:1961]]) had a rash",
    "DOB [[DOB:19610303]] on the hub form",
    "order 19610303 shipped",
    # a visit date or an age turned without a day stays
    "saw Dr Lind on the 5th of June, pt turned 80 last year",
]

NICKNAMES = [
    "pt [[PATIENT_NAME:Harold Finch]], goes by [[PATIENT_NAME:Bud]], swelling after dose 3",
    "pt [[PATIENT_NAME:Walter Ames]] (goes by [[PATIENT_NAME:Chip]]) had hives",
    # an HCP's nickname stays
    "Dr. William 'Bill' Ames wants samples",
]

NAMES = [
    # a doctor's patient, named before the doctor
    "[[PATIENT_NAME:Winnie]] - Dr Carr's pt, 2 yrs old, rash",
    "[[PATIENT_NAME:T. Abiodun]] (Dr Keane's pt) - dizzy on the pen",
    "[[PATIENT_NAME:Odette Marchal]], pt of Dr Lamb, fell twice",
    "[[PATIENT_NAME:reggie]] at Dr Walsh's - on the pen, lost 9 lbs",
    # a drug or a doctor in that slot stays
    "vexorin - dr mendoza's pt had a rash",
    "NP Carla Ruiz at Dr Walsh's - wants samples",
    # a surname after a title, in any case
    "pt mrs [[PATIENT_NAME:abernethy]] took her husband's pills",
    "Mrs. [[PATIENT_NAME:Okafor]] fell at home",
    # a surname's initial after the name
    "[[PATIENT_NAME:hannah w]] on the 100 bid developed hives",
    "pt [[PATIENT_NAME:Marcus T]] keeps getting denial letters",
    "pt [[PATIENT_NAME:jamal]] a bit dizzy after the pen",
    "pt [[PATIENT_NAME:lucinda]] b. [[DOB:1958]] per the form",
    # a lowercase full name is one span, whatever pieces the rules find
    "dr abbott says [[PATIENT_NAME:peggy sue harlan]] has been on it 2 yrs",
    "[[PATIENT_NAME:B.J. Okoye]], pt of Dr Lamb, missed two doses",
    "pt [[PATIENT_NAME:lin]] didnt take any, brought it back",
    # nicknames in brackets, and a short name before the full name in brackets
    "pt [[PATIENT_NAME:Ignatius]] ('[[PATIENT_NAME:Iggy]]') admitted w/ pneumonia",
    "[[PATIENT_NAME:Babs]] ([[PATIENT_NAME:Barbara Ennis]], the lady w the walker) fell",
    "pt [[PATIENT_NAME:Thaddeus Ocampo]] [[EMAIL:t.ocampo.fabry@mailbox.org]] wants a call",
    "Dr Ames (Bill) asked about the pen",
    # a given name that is also a word, mid-sentence before a surname
    "pt on the pen [[PATIENT_NAME:Bill Okafor]] drove himself home after the dose",
    "Grace period ends Friday, Dr Okafor says",
    "MRS. [[PATIENT_NAME:DELACROIX]] FELL AT HOME",
    "MRS. SMITH FROM THE OFFICE CALLED",
]


@pytest.mark.parametrize("marked", NAMES)
def test_names_in_outsiders_phrasing(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", RECORD_IDS)
def test_record_ids_in_any_shape(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", ADDRESSES)
def test_streets_in_any_shape(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", PHONES)
def test_phones_in_any_format_and_whose(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", BIRTH_DATES)
def test_birth_dates_in_words(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", NICKNAMES)
def test_nicknames_that_are_common_words(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


@pytest.mark.parametrize("marked", EMAILS)
def test_personal_emails_and_role_inboxes(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_new_shapes_travel_with_a_saved_model(pipeline: Language, tmp_path) -> None:
    # Given a pipeline saved with today's rules
    pipeline.to_disk(tmp_path / "model")
    text = (
        "pt Curtis Bellamy Old Mill Road, Hadley, NHS no 485 777 3456, "
        "wife's mobile 07700 900123, goes by Bud"
    )
    # When it is loaded again, then it finds the same identifiers as the live pipeline
    loaded = spacy.load(tmp_path / "model")
    found = pii_spans(loaded(text))
    assert found == pii_spans(pipeline(text))
    assert {label for _, _, label in found} == {"PATIENT_NAME", "ADDRESS", "MRN", "PHONE"}

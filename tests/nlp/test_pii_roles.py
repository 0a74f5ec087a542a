"""Whose is a given name standing alone? Each cue the note gives, both ways: the same name
is redacted when the note makes it the patient's and kept when it makes it a colleague's.

Cases mark the expected identifiers inline as ``[[TYPE:value]]``; a case without markers
must yield nothing.
"""

import pytest
import spacy
from spacy.language import Language

import nlp.pii  # noqa: F401  (registers the "fieldsignal_pii" factory)
from nlp.pii import pii_spans
from nlp.pii.roles import PATIENT, STAFF, RoleReader
from nlp.pii.rules import PiiRules
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


# Each cue as a minimal pair: (staff, patient) with the same given name.
PAIRS = {
    "office action": (
        "Joanne sent a photo of the Hartiva card they printed. looks old",
        "[[PATIENT_NAME:Joanne]] had a rash on her arms after the 2nd Hartiva dose",
    ),
    "asks for samples": (
        "Helen asks for more Glyvanta starter kits, down to 3",
        "[[PATIENT_NAME:Helen]] is 67, on Glyvanta since May, vomiting most mornings",
    ),
    "handles PAs": (
        "Marisol handles all the Keltrova PAs now, denials down",
        "[[PATIENT_NAME:Marisol]]'s mom says the Keltrova gave her nosebleeds",
    ),
    "set up the lunch": (
        "Priya set up the lunch for the 14th, 12 people",
        "[[PATIENT_NAME:Priya]] felt dizzy after the first dose, sat down 20 min",
    ),
    "will get back to me": (
        "Beth will get back to me on the PA for Tarvozin",
        "rx for [[PATIENT_NAME:Beth]] stuck at the hub 3 wks, she has been off it since",
    ),
    "called me": (
        "Dana called me, the office needs the new REMS forms",
        "[[PATIENT_NAME:Dana]], 44, started Quelvora in June and has had muscle aches since",
    ),
    "says (speech)": (
        "Rita said the pharmacy issue is over, claims going through",
        "[[PATIENT_NAME:Rita]] says her rash is worse since the 3rd injection",
    ),
    "addressed": (
        "thanks Gwen for squeezing me in, Dr Lamb only had 4 min",
        "f/u on [[PATIENT_NAME:Gwen]] - the hives came back after dose 4",
    ),
    "addressed after": (
        "Jolene, can you move the in-service to 2pm? Dr Roth wants the nurses there",
        "[[PATIENT_NAME:Jolene]] took a double dose by mistake, jittery all afternoon",
    ),
    "role set beside": (
        "pharmacist at the onc center, Gary: no more issues with the fills",
        "pt at Dr Adair's - [[PATIENT_NAME:Gary]], 12 - started Ventrova 80, shaky since",
    ),
    "no patient in the note": (
        "fridge failed over the weekend, 40 pens quarantined, none dispensed. Hana has the logger",
        "pen jammed mid-dose, [[PATIENT_NAME:Hana]] got half. her arm swelled up after",
    ),
}


@pytest.mark.parametrize("cue", list(PAIRS))
def test_a_staff_cue_keeps_the_name(pipeline: Language, cue: str) -> None:
    check(pipeline, PAIRS[cue][0])


@pytest.mark.parametrize("cue", list(PAIRS))
def test_a_clinical_fact_redacts_the_same_name(pipeline: Language, cue: str) -> None:
    check(pipeline, PAIRS[cue][1])


@pytest.mark.parametrize(
    "marked",
    [
        # a name given a role elsewhere in the note is that colleague's everywhere
        "RN Tasha called about the pens. Tasha says the office wants the new guide",
        "pt [[PATIENT_NAME:Tasha]] had hives; RN Bea called it in. [[PATIENT_NAME:Tasha]] is ok",
        # a name the lists do not know, followed by what only a person has
        "got hives at the site + dizzy after dose 2. [[PATIENT_NAME:Ilya]] is fine now, dad "
        "wants to keep going",
        # a clinical fact about the name wins over speech: the patient talks about their body
        "[[PATIENT_NAME:Qadir]] says his hair is coming out in clumps, 3 mo on Korvanta",
        # a name the note writes twice: one clinical fact decides both mentions
        "[[PATIENT_NAME:Teodora]] was admitted Tues. [[PATIENT_NAME:Teodora]] said she'd stop",
        # when nothing decides, the name is a patient's
        "Korvanta caps look 2 colors in one bottle. [[PATIENT_NAME:Ines]] noticed, took none",
        "[[PATIENT_NAME:MacKenzie]] thought one dose = one spray, used 4",
        # accents and non-ASCII letters
        "pt [[PATIENT_NAME:Ngozi Okonkwo-Adébáyò]] had palpitations on Quelvora",
        "[[PATIENT_NAME:Zoë]] felt faint after the uptitration",
        # a product spelled wrong is not a person
        "13 y/o on Sorvnta vomited + fainted after the home injection",
        # a month after "since" is not a person
        "pt of Dr. Moss on Hartiva since Jan developed a dry cough",
    ],
)
def test_lone_name_cases(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_role_reader_decides_once_per_name() -> None:
    reader = RoleReader(PiiRules.from_package().patterns)
    text = "Tom asked for posters. Tom is 64 and had a fall on it"
    mentions = [(0, 3, False), (23, 26, False)]
    assert reader.role(text, mentions) == PATIENT
    text = "Tom asked for posters. NP Tom wants lunch"
    assert reader.role(text, [(0, 3, False), (26, 29, True)]) == STAFF


@pytest.mark.parametrize(
    "marked",
    [
        # the full stop of a sentence is not part of a street written out
        "shipment left on the porch for [[PATIENT_NAME:W. Achterberg]] at "
        "[[ADDRESS:22 Linden Court]]. home nurse refused the pens",
        # the abbreviation's full stop is
        "pt [[PATIENT_NAME:Ada Quist]] at [[ADDRESS:22 Linden Ct.]] got the pens",
        # a street named without a number, near where the patient lives
        "rx sent to the pharmacy out on [[ADDRESS:Tamarack Hill Rd]] near her, first fill pending",
        # a date of birth written as a holiday; "the" stays out by convention
        "[[PATIENT_NAME:Elodie]], born [[DOB:Christmas Eve 2014]], to start Lengtiva next month",
        "pt [[PATIENT_NAME:Hamish Grieve]], DOB [[DOB:the 30th of Nov 1979]], on Galtrezyme",
        # an initial and a surname that is also a word elsewhere, or in no list at all
        "Dr Petrakis giving Sclerivo q4mo for [[PATIENT_NAME:M. Dias]] bc of breakthrough",
        "lost her sense of taste after Velmistra, [[PATIENT_NAME:d. kowalczyk]]. back now",
        "take it w. food q. daily",
        # the note says the patient is not the HCP with that surname
        "[[PATIENT_NAME:Gladys Ng]] (no relation to Dr Ng) - rash after dose 2",
        "Dr. Ng's nurse Allison Ng asked for samples",
        # "Dr" before a name is a doctor, not the end of a street
        "the 5 day cap annoys Dr Kemp, his pts post knee repair need more",
        "pt [[PATIENT_NAME:Ada Quist]] lives at [[ADDRESS:18 Birch Dr]], pens left there",
        # lab shorthand is not initials; a role before a colleague is not either
        "her 25 yo pt w/ DNA 1M and ALT 3x went undetectable",
        "copay card fine for the new pts, SW Brenda said the foundation contact is new",
    ],
)
def test_hard_identifier_kinds(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)

"""The identifier kinds that used to leak, each on small docs through the spaCy component,
with minimal pairs: what must be redacted next to what must stay.

Cases mark the expected identifiers inline as ``[[TYPE:value]]``; a case without markers
must yield nothing.
"""

import re

import pytest
import spacy
from spacy.language import Language

import nlp.pii  # noqa: F401  (registers the "fieldsignal_pii" factory)
from nlp.pii import pii_spans, redact

MARKER = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def parse(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    text, spans, pos = "", [], 0
    for match in MARKER.finditer(marked):
        text += marked[pos : match.start()]
        spans.append((len(text), len(text) + len(match.group(2)), match.group(1)))
        text += match.group(2)
        pos = match.end()
    return text + marked[pos:], spans


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    return pipe


def check(pipeline: Language, marked: str) -> None:
    text, expected = parse(marked)
    found = pii_spans(pipeline(text))
    assert found == expected, [(text[s:e], t) for s, e, t in found]


INITIALS = [
    "pt [[PATIENT_NAME:JD]] had hives after dose 2",
    "[[PATIENT_NAME:J.D.]] (72M) on Hartiva, new rash",
    "her pt [[PATIENT_NAME:k.m.]] stopped after 2 wks",
    "pt [[PATIENT_NAME:K.L.M.]] - syncope, ER",
    "one pt, [[PATIENT_NAME:jd]], called about the pen",
    "[[PATIENT_NAME:RT]], 64 yo F, dizzy since the uptitration",
    "pt initials [[PATIENT_NAME:A.B.]] only per office policy",
    "Renquila pt at Lakeshore Dialysis, [[PATIENT_NAME:B.O.]], had a seizure on the unit",
    "[[PATIENT_NAME:DB]] (pt of NP Harlan) 81 y/o, syncope, broke hip",
    "pt [[PATIENT_NAME:O.K.]] - PML suspected, one pt ([[PATIENT_NAME:M.S.]]) fine",
    "Dr. J.D. Ames asked for samples, start at 9 a.m. b.i.d.",
    # shorthand after "pt" is not initials
    "pt OK on 10 mg, pt ER visit unrelated, pt HF stable",
    "pt w/ CKD3, pt sob on exertion, seen at 3 p.m. e.g. after lunch",
    "PT HAD HIVES AFTER DOSE 2",
]

REUSED_FIRST_NAMES = [
    "[[PATIENT_NAME:Jane Doe]] had a rash after the 2nd shot. call [[PATIENT_NAME:Jane]] at "
    "[[PHONE:555-201-3344]] for f/u",
    "pt [[PATIENT_NAME:Marcus Bell]] dizzy on Keltrova. [[PATIENT_NAME:Marcus]]'s wife drives him",
    "pt [[PATIENT_NAME:Tomasz Wierzbicki]] had hives. [[PATIENT_NAME:Wierzbicki]] stopped it",
    "pt [[PATIENT_NAME:JD]] fell twice; [[PATIENT_NAME:JD]] now uses a walker",
    # minimal pair: the HCP's first name stays, the patient's goes
    "Dr. Jane Smith saw pt [[PATIENT_NAME:Mary Jones]] for hives. Jane wants the AE form",
    "Dr. Jane Smith saw pt [[PATIENT_NAME:Jane Doe]] for hives. [[PATIENT_NAME:Doe]] is better",
    # the patient's surname on an HCP stays with the HCP
    "pt [[PATIENT_NAME:Robert Chen]] had a rash; Dr. Chen (no relation) asked for the form",
    # an ordinary word that is also part of the name stays ordinary
    "pt [[PATIENT_NAME:Rose White]] got better; white count rose after wk 4",
]

NICKNAMES = [
    "pt [[PATIENT_NAME:Robert 'Bobby' Chen]] had a seizure",
    "[[PATIENT_NAME:Margaret (Peggy) Olsen]] (pt) fell after dose 3",
    "pt [[PATIENT_NAME:Robert Chen]], goes by [[PATIENT_NAME:Bobby]], had a seizure",
    "pt [[PATIENT_NAME:Ruth Ann Kline]] - family calls her [[PATIENT_NAME:Ruthie]]",
    "Joventa: pt of Dr Amari's, goes by [[PATIENT_NAME:Tuck]], shingles 5 mo in",
    'pt [[PATIENT_NAME:Zbigniew Nowicki]] ("call me [[PATIENT_NAME:Ziggy]]") creatinine up',
    "pt [[PATIENT_NAME:Clifford Mayhew]] admitted. [[PATIENT_NAME:Cliff]] says he'd rather stop",
    'pt [[PATIENT_NAME:Alberta "Bertie" Sloane]] had shingles',
    # the HCP's nickname stays
    "Dr. William Ames goes by Bill, wants lunch Tues",
    "Dr. William 'Bill' Ames asked about samples",
]

LOWERCASE_NAMES = [
    "Saw Dr. Ito today. pt [[PATIENT_NAME:maria lopez]] had hives on Visorel",
    "Per NP: pt [[PATIENT_NAME:maria kowalczyk]] stopped due to nausea",
    "Visorel going well; [[PATIENT_NAME:maria lopez]]'s mom says the eye pain is gone",
]

CONTEXT_NAMES = [
    "a 79 yo woman named [[PATIENT_NAME:Edith Varga]] came in w/ hematuria",
    "a gentleman by the name of [[PATIENT_NAME:Desmond Achebe]] took 3 doses",
    "HF clinic: [[PATIENT_NAME:Harold Finch]], 81 yo, K+ 6.0; [[PATIENT_NAME:Walter]], 70M, fine",
    "[[PATIENT_NAME:Tobias]] DOB [[DOB:2014-06-09]] per mom",
    "Dr. Fenwick says [[PATIENT_NAME:Eloise]] (pt, 29) had a bad herpes infection",
    "colvexa - dr mendoza's pt, [[PATIENT_NAME:ruth-ann pickering]], got an abscess",
    # a role claims the name, a language is not a name
    "a new NP named Sam Ortiz started; Dr. Lee, 45, is the fellow",
    "wants booklets in Spanish + Haitian Creole",
]

STREETS = [
    "pt lives on [[ADDRESS:Maple Ave]] near the park, pen delivered there",
    "pt's daughter lives off [[ADDRESS:Elm Street]], drives her in",
    "pt home on [[ADDRESS:N. Ridge Rd]], hub shipped there",
    # practice and pharmacy streets stay
    "office moved to a new spot on Elm Street",
    "copay card failed at the Walgreens on Main St",
]

PHONES = [
    "pt cell [[PHONE:+44 7700 900123]] (UK number, visiting)",
    "pt's son can be reached on [[PHONE:0044 20 7946 0958]]",
    "call pt at [[PHONE:001-555-201-3344]]",
    "pt mobile [[PHONE:+52 55 1234 5678]]",
    "pt cell [[PHONE:+1 (555) 201-3344]]",
    # practice lines and faxes stay
    "office fax +44 20 7946 0958, send the PA forms there",
    "clinic main line +1 555 201 9000",
]

DOBS = [
    "pt born [[DOB:March 3rd 1958]], hives after dose 2",
    "DOB [[DOB:twelfth of June 61]] per daughter",
    "pt dob: [[DOB:June twelfth, 1961]]",
    "pt was born on [[DOB:the 3rd of March, 1958]]",
    "pt born in [[DOB:'58]], on Keltrova since spring",
    "pt [[PATIENT_NAME:lucinda]] b. [[DOB:1958]] per the form",
    "hub has wrong DOB on file; should be [[DOB:12 January 1945]]",
    "birthday [[DOB:nineteen fifty-eight]]? daughter unsure",
    # not a birth date
    "baby born 3 weeks early, mom on Keltrova in the 2nd trimester",
]

WHOSE_CONTACT = [
    # a patient named in the sentence claims the number even after a role word
    "[[PATIENT_NAME:Jane Doe]] had a nosebleed. Dr Haber wants safety to call "
    "[[PATIENT_NAME:Jane]] at [[PHONE:555-318-2290]]",
    # a staff member named after a role claims it
    "RN Tasha said pt [[PATIENT_NAME:Clarence Boyd]] had a BP spike. Tasha's cell for "
    "follow up 555-660-2184",
    "office mgr Lupe will call. Lupe's direct 555-908-3310",
    # an address made of the patient's name is the patient's, of the HCP's the HCP's
    "pt [[PATIENT_NAME:Priya Raman]] got a rash. [[PATIENT_NAME:Priya]] emailed the office "
    "pics from [[EMAIL:priya.raman88@gmail.com]]",
    "Dr. Rosa Delgado (not the pt!) wants email only, rosa.delgado@heartcarepartners.com",
]

EMAILS = [
    "pt email [[EMAIL:maureen.carey@gmail.com]]",
    "pt's son emails from [[EMAIL:jendo61@yahoo.com]]",
    "her pt wrote from [[EMAIL:bobbychen1958@aol.com]] about the pen",
    # office inboxes stay
    "office email frontdesk.maple@gmail.com for samples",
    "send the form to referrals@lakesidecardio.org",
]


# Given names with no cue: "when in doubt, redact", unless a role, a colleague slot, a
# place or an eponym says the word is someone (or something) else.
LONE_NAMES = [
    "3x the weekly dose for 2 wks, now headaches. [[PATIENT_NAME:Jaylen]] is 15",
    "[[PATIENT_NAME:Ximena]] 6 mo on Trelvara and never got the site reaction",
    "nosebleed after velmistra, [[PATIENT_NAME:kenji]] used his inhaler and it settled",
    "Dr Varga wrote Aurevia for [[PATIENT_NAME:Lotte]] 2 mo ago but shes scared of needles",
    "fever after dose 2 in [[PATIENT_NAME:Shauna Kerrigan]], Dr Glass holding the infusion",
    # minimal pairs: the same given names as colleagues, places and eponyms stay
    "confirmed lunch w/ Jenna for Feb 4",
    "Lena (prior auth coordinator) frustrated with the denials",
    "front desk (Maria) said Dr. Lindqvist is out til the 14th",
    "Lunch w/ the thoracic group at St. Brendan's, Dr. Halvorsen + 2 fellows",
    "asked about Hidrasta for a 15 yo w/ Hurley II, adults only on our label",
    "Dr. Mason mentioned she's moving to Florida, transferring care",
    "referred to Dana Farber for a second opinion",
    "call back Jan 22 re: the lunch",
]

INITIAL_AND_SURNAME = [
    "hyperkalemia on Korvanta + bactrim, admitted. [[PATIENT_NAME:B. Okafor]]",
    "Galtrezyme left on the porch 5 hrs for [[PATIENT_NAME:W. Achterberg]] at "
    "[[ADDRESS:22 Linden Court]], nurse refused to use it",
    "heart raced for an hour after the spray. [[PATIENT_NAME:r. vance]]",
    "pt c/o HA + n/v 2d post inf, resolved w zofran. [[PATIENT_NAME:bz]]",
    "Dr Petrakis plans to start [[PATIENT_NAME:AJ]] on Sclerivo next month",
    # minimal pair: an HCP's initial and surname, and shorthand signing off, stay
    "Dr. J. Ames asked for the ISR data. MIR",
]

RECORDS = [
    "passed last week. chart [[MRN:NEU/2291/b]]. he already sent it to PV",
    "sent to ED, home same night. MRN# [[MRN:A 447 109 3]]. nurse Aileen again",
    "pt [[PATIENT_NAME:Claudette Mbeki]] b. [[DOB:14-VII-1986]], hair loss since starting",
    # a lot number is not a record number
    "lot AV7730 cracked vial, nothing dispensed",
]

CALLERS = [
    "mom asked Dr Thorne's nurse to call her at [[PHONE:+1 (206) 555-0110]] while in Seattle",
    "pt's daughter left a msg for the office from [[PHONE:+1.312.555.0148]]",
    # minimal pair: the nurse's own line stays
    "Dr Thorne's nurse said to call the office at 206-555-0199",
]

KINDS = {
    "initials": INITIALS,
    "reused": REUSED_FIRST_NAMES,
    "nickname": NICKNAMES,
    "lowercase": LOWERCASE_NAMES,
    "context": CONTEXT_NAMES,
    "street": STREETS,
    "phone": PHONES,
    "dob": DOBS,
    "whose": WHOSE_CONTACT,
    "email": EMAILS,
    "lone": LONE_NAMES,
    "initial_surname": INITIAL_AND_SURNAME,
    "record": RECORDS,
    "caller": CALLERS,
}


@pytest.mark.parametrize(
    "marked",
    [
        pytest.param(marked, id=f"{kind}-{i}")
        for kind, cases in KINDS.items()
        for i, marked in enumerate(cases)
    ],
)
def test_identifier_kind(pipeline: Language, marked: str) -> None:
    check(pipeline, marked)


def test_redacted_text_is_not_findable_by_the_first_name(pipeline: Language) -> None:
    text = "Jane Doe had a rash after dose 2 ... call Jane at 555-201-3344"
    redacted = redact(text, pii_spans(pipeline(text)))
    assert "Jane" not in redacted
    assert redacted == "[PATIENT_NAME] had a rash after dose 2 ... call [PATIENT_NAME] at [PHONE]"

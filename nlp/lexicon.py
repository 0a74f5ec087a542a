"""Concept classes the normalizer puts in place of therapy-area vocabulary.

Training notes come from a few therapy areas; real notes (and the test split) come from
others. A side effect, an endpoint or a route of administration is named differently in
oncology than in dermatology, so the classifier reads the class (``symptom``,
``endpoint``, ``administration``, ``payer``, ``care_setting``) instead of the word and
what it learned on "rash" carries over to "neutropenia". Lists are general medical
vocabulary, not drawn from any evaluation note.
"""

SYMPTOM = """
rash rashes hives urticaria itch itching itchy pruritus swelling swollen redness welt welts
blister blisters burning nausea nauseous nauseated vomiting vomited vomit diarrhea diarrhoea
constipation cramps cramping dizziness dizzy lightheaded lightheadedness faint fainted
fainting syncope headache headaches fatigue fatigued tired weakness fever fevers febrile
chills cough coughing dyspnea breathless wheezing wheeze anaphylaxis anaphylactic angioedema
palpitations tachycardia bradycardia hypotension hypotensive bleed bleeding bled bruising
bruise hemorrhage haemorrhage anemia anaemia neutropenia neutropenic thrombocytopenia
leukopenia pancytopenia lymphopenia infection infections sepsis septic pneumonia pneumonitis
ild colitis hepatitis transaminitis jaundice pancreatitis aki neuropathy numbness tingling
tremor tremors confusion confused insomnia depression depressed suicidal anxiety irritability
irritable hallucinations blurry blurred edema oedema uveitis conjunctivitis mucositis
stomatitis sores ulcer ulcers hypoglycemia hypoglycaemia hyperglycemia hyperkalemia
hyponatremia hypokalemia arrhythmia arrhythmias clot clots embolism thrombosis shingles zoster
uti utis thrush myalgia arthralgia aches ache fracture collapsed seizures convulsions
alopecia dehydration dehydrated dermatitis flushing flush hypersensitivity lupus-like
neutrophils platelets qtc qt-prolongation tinnitus vertigo migraine-like somnolence drowsy
drowsiness sedation
"""
CARE_SETTING = """
hospitalized hospitalised hospitalization hospitalisation admitted admission icu er ed
ambulance urgent-care inpatient readmitted
"""
ENDPOINT = """
a1c hba1c ldl ldl-c hdl triglycerides easi easi-75 easi-90 pasi pasi-75 pasi-90 pasi-100
fev1 pfs os orr dor mace edss acr20 acr50 acr70 das28 lvef nt-probnp bnp eosinophils
endpoint endpoints endpoint(s) hazard p-value
"""
ADMINISTRATION = """
pen pens autoinjector auto-injector injection injections injectable inject injecting needle
needles syringe syringes infusion infusions infuse infused iv subq subcutaneous sc inhaler
inhalers puffer nebulizer tablet tablets pill pills capsule capsules odt titration titrate
titrating titrated refrigerate refrigerated refrigeration fridge q2w q3w q4w q8w q12w qw q2wk
q4wk q2wks q4wks chair premedication premeds premedicate port
"""
PAYER = """
aetna humana cigna uhc unitedhealthcare united bcbs anthem medicare medicaid kaiser tricare
optum caremark esi pbm payer payers insurer insurers formulary
"""

CONCEPTS: dict[str, str] = {}
for _concept, _words in (
    ("symptom", SYMPTOM),
    ("care_setting", CARE_SETTING),
    ("endpoint", ENDPOINT),
    ("administration", ADMINISTRATION),
    ("payer", PAYER),
):
    for _word in _words.split():
        CONCEPTS.setdefault(_word, _concept)

"""Word lists the label reader matches on, in indications and in notes alike.

They are data: the off-label component saves them with the model (``to_disk``), so a saved
model keeps reading labels the way it was built to. ``default_lexicon()`` is the starting
point; every list is lower case unless its name says ``_cased``.

- ``conditions``: canonical disease name -> surface forms (lower case, matched on LOWER).
- ``conditions_cased``: abbreviations matched as typed ("RA", "MDD"), canonical name.
- ``qualifiers``: words that name a subtype; each belongs to a contrast group, and two
  qualifiers of one group exclude each other ("type 1" vs "type 2").
- ``severity``: surface form -> the grades it covers.
- ``routes``: surface form -> route; ``routes_cased`` for "IV", "IM", "SC".
"""

from typing import Any

CONDITIONS: dict[str, list[str]] = {
    # dermatology
    "psoriasis": ["psoriasis", "psoriatic plaques", "pso"],
    "psoriatic arthritis": ["psoriatic arthritis"],
    "atopic dermatitis": ["atopic dermatitis", "eczema", "atopic eczema"],
    "seborrheic dermatitis": ["seborrheic dermatitis", "seb derm", "seborrheic"],
    "contact dermatitis": ["contact dermatitis"],
    "hidradenitis suppurativa": ["hidradenitis suppurativa", "hidradenitis"],
    "acne": ["acne", "acne vulgaris"],
    "rosacea": ["rosacea"],
    "vitiligo": ["vitiligo"],
    "alopecia areata": ["alopecia areata", "alopecia"],
    "urticaria": ["urticaria", "hives", "chronic spontaneous urticaria"],
    "prurigo nodularis": ["prurigo nodularis", "prurigo"],
    "actinic keratosis": ["actinic keratosis", "actinic keratoses"],
    "onychomycosis": ["onychomycosis", "nail fungus"],
    "melasma": ["melasma"],
    "pemphigus": ["pemphigus", "bullous pemphigoid", "pemphigoid"],
    "lichen planus": ["lichen planus"],
    "hyperhidrosis": ["hyperhidrosis"],
    "tinea": ["tinea", "ringworm", "athlete's foot"],
    "warts": ["warts", "verruca"],
    "keloids": ["keloid", "keloids"],
    # rheumatology / immunology / GI
    "rheumatoid arthritis": ["rheumatoid arthritis"],
    "juvenile idiopathic arthritis": ["juvenile idiopathic arthritis"],
    "ankylosing spondylitis": ["ankylosing spondylitis", "axial spondyloarthritis", "axspa"],
    "lupus": ["lupus", "systemic lupus erythematosus"],
    "lupus nephritis": ["lupus nephritis"],
    "gout": ["gout"],
    "osteoarthritis": ["osteoarthritis"],
    "ulcerative colitis": ["ulcerative colitis"],
    "crohn's disease": ["crohn's", "crohns", "crohn's disease", "crohn disease", "crohn"],
    "pouchitis": ["pouchitis"],
    "irritable bowel syndrome": ["irritable bowel syndrome"],
    "celiac disease": ["celiac disease", "celiac"],
    "eosinophilic esophagitis": ["eosinophilic esophagitis"],
    "gerd": ["gerd", "acid reflux", "reflux"],
    # neurology
    "migraine": ["migraine", "migraines"],
    "cluster headache": ["cluster headache", "cluster headaches"],
    "tension headache": ["tension headache", "tension-type headache"],
    "multiple sclerosis": ["multiple sclerosis"],
    "epilepsy": ["epilepsy", "seizures", "seizure"],
    "parkinson's disease": ["parkinson's", "parkinsons", "parkinson's disease", "parkinson"],
    "alzheimer's disease": ["alzheimer's", "alzheimers", "alzheimer's disease", "alzheimer"],
    "dementia": ["dementia"],
    "neuropathic pain": ["neuropathic pain", "neuropathy", "diabetic neuropathy"],
    "fibromyalgia": ["fibromyalgia"],
    "restless legs syndrome": ["restless legs", "restless leg syndrome"],
    "als": ["amyotrophic lateral sclerosis"],
    "myasthenia gravis": ["myasthenia gravis", "myasthenia"],
    "narcolepsy": ["narcolepsy"],
    "chronic pain": ["chronic pain"],
    # psychiatry
    "depression": ["depression", "depressive disorder", "major depressive disorder",
                   "major depression", "depressive episodes"],
    "bipolar disorder": ["bipolar disorder", "bipolar", "bipolar depression", "mania",
                         "manic episodes", "bipolar i", "bipolar ii"],
    "schizophrenia": ["schizophrenia", "schizoaffective"],
    "anxiety": ["anxiety", "generalized anxiety disorder", "anxiety disorder", "panic disorder",
                "social anxiety"],
    "ptsd": ["post-traumatic stress disorder", "posttraumatic stress disorder"],
    "ocd": ["obsessive-compulsive disorder", "obsessive compulsive disorder"],
    "adhd": ["attention deficit", "attention-deficit/hyperactivity disorder"],
    "insomnia": ["insomnia"],
    "autism": ["autism", "autism spectrum disorder", "asd irritability"],
    "tardive dyskinesia": ["tardive dyskinesia"],
    "agitation": ["agitation"],
    "alcohol use disorder": ["alcohol use disorder", "alcohol dependence", "aud"],
    "opioid use disorder": ["opioid use disorder", "opioid dependence"],
    "smoking cessation": ["smoking cessation", "quit smoking"],
    "eating disorder": ["binge eating disorder", "binge eating", "bulimia", "anorexia"],
    "weight management": ["weight loss", "weight management", "obesity"],
    # cardio / metabolic / renal / hepatic
    "heart failure": ["heart failure", "hfref", "hfpef", "hfmref", "chf"],
    "atrial fibrillation": ["atrial fibrillation", "afib", "a-fib", "a fib"],
    "hypertension": ["hypertension", "high blood pressure", "htn"],
    "hypercholesterolemia": ["hypercholesterolemia", "hyperlipidemia", "high cholesterol"],
    "deep vein thrombosis": ["deep vein thrombosis", "dvt"],
    "pulmonary embolism": ["pulmonary embolism"],
    "diabetes": ["diabetes", "diabetes mellitus", "diabetic", "diabetics"],
    "chronic kidney disease": ["chronic kidney disease", "ckd", "kidney disease"],
    "cirrhosis": ["cirrhosis"],
    "hepatitis b": ["hepatitis b", "hep b", "hbv"],
    "hepatitis c": ["hepatitis c", "hep c", "hcv"],
    "mash": ["mash", "nash", "fatty liver"],
    "anemia": ["anemia", "anaemia"],
    "osteoporosis": ["osteoporosis", "osteopenia"],
    "endometriosis": ["endometriosis"],
    "uterine fibroids": ["uterine fibroids", "fibroids"],
    "infertility": ["infertility"],
    "menopause": ["hot flashes", "vasomotor symptoms", "menopause"],
    # respiratory / allergy
    "asthma": ["asthma", "asthmatic", "asthmatics"],
    "copd": ["copd", "emphysema", "chronic bronchitis"],
    "allergic rhinitis": ["allergic rhinitis", "hay fever", "seasonal allergies"],
    "nasal polyps": ["nasal polyps", "chronic rhinosinusitis"],
    "cystic fibrosis": ["cystic fibrosis"],
    "pulmonary fibrosis": ["pulmonary fibrosis", "ipf"],
    "bronchospasm": ["bronchospasm"],
    # oncology / hematology
    "lung cancer": ["lung cancer"],
    "non-small cell lung cancer": ["non-small cell lung cancer", "nsclc", "non small cell lung cancer"],
    "small cell lung cancer": ["small cell lung cancer", "sclc"],
    "breast cancer": ["breast cancer"],
    "prostate cancer": ["prostate cancer"],
    "colorectal cancer": ["colorectal cancer", "colon cancer"],
    "melanoma": ["melanoma"],
    "lymphoma": ["lymphoma", "lymphomas"],
    "follicular lymphoma": ["follicular lymphoma", "follicular"],
    "marginal zone lymphoma": ["marginal zone lymphoma", "marginal zone"],
    "large b-cell lymphoma": ["diffuse large b-cell lymphoma", "large b-cell lymphoma", "dlbcl"],
    "mantle cell lymphoma": ["mantle cell lymphoma", "mantle cell"],
    "leukemia": ["leukemia"],
    "myeloma": ["myeloma", "multiple myeloma"],
    "urothelial carcinoma": ["urothelial carcinoma", "bladder cancer"],
    "thrombocytopenia": ["thrombocytopenia", "itp"],
    "sickle cell disease": ["sickle cell", "sickle cell disease"],
    "hemophilia": ["hemophilia", "haemophilia"],
    # ophthalmology
    "macular degeneration": ["macular degeneration", "amd", "geographic atrophy"],
    "diabetic macular edema": ["diabetic macular edema", "dme"],
    "glaucoma": ["glaucoma", "ocular hypertension"],
    "dry eye": ["dry eye", "dry eye disease"],
    "uveitis": ["uveitis"],
    # infectious disease / vaccine-preventable disease
    "influenza": ["influenza", "flu"],
    "covid-19": ["covid-19", "covid", "sars-cov-2"],
    "rsv": ["respiratory syncytial virus", "rsv"],
    "pneumococcal disease": ["pneumococcal disease", "pneumococcal pneumonia", "pneumococcal",
                             "pneumonia"],
    "shingles": ["shingles", "herpes zoster", "zoster"],
    "hpv": ["human papillomavirus", "hpv"],
    "meningococcal disease": ["meningococcal disease", "meningococcal", "meningitis"],
    "tetanus": ["tetanus", "pertussis", "diphtheria", "tdap"],
    "hepatitis a": ["hepatitis a", "hep a"],
    "measles": ["measles", "mumps", "rubella", "mmr"],
    "varicella": ["varicella", "chickenpox", "chicken pox"],
    "rabies": ["rabies"],
    "travel vaccines": ["typhoid", "yellow fever", "japanese encephalitis"],
    "hiv": ["hiv"],
    "urinary tract infection": ["urinary tract infection", "uti"],
    "overactive bladder": ["overactive bladder", "oab"],
    "bph": ["benign prostatic hyperplasia", "bph"],
    "erectile dysfunction": ["erectile dysfunction"],
    # other
    "fabry disease": ["fabry", "fabry disease"],
    "gaucher disease": ["gaucher", "gaucher disease"],
    "growth hormone deficiency": ["growth hormone deficiency"],
    "hypothyroidism": ["hypothyroidism"],
    "acute pain": ["acute pain", "post-op pain", "postoperative pain"],
}  # fmt: skip

CONDITIONS_CASED: dict[str, str] = {
    "AD": "atopic dermatitis", "HS": "hidradenitis suppurativa", "PN": "prurigo nodularis",
    "CSU": "urticaria", "RA": "rheumatoid arthritis", "PsA": "psoriatic arthritis",
    "AS": "ankylosing spondylitis", "SLE": "lupus", "UC": "ulcerative colitis",
    "CD": "crohn's disease", "IBS": "irritable bowel syndrome", "EoE": "eosinophilic esophagitis",
    "MS": "multiple sclerosis", "RMS": "multiple sclerosis", "RRMS": "multiple sclerosis",
    "PPMS": "multiple sclerosis", "SPMS": "multiple sclerosis", "MDD": "depression",
    "TRD": "depression", "PPD": "depression", "GAD": "anxiety", "PTSD": "ptsd", "OCD": "ocd",
    "ADHD": "adhd", "ASD": "autism", "TD": "tardive dyskinesia", "BED": "eating disorder",
    "HF": "heart failure", "HFrEF": "heart failure", "HFpEF": "heart failure",
    "AF": "atrial fibrillation", "T2D": "diabetes", "T2DM": "diabetes", "T1D": "diabetes",
    "T1DM": "diabetes", "PE": "pulmonary embolism", "OA": "osteoarthritis",
    "JIA": "juvenile idiopathic arthritis", "BPD": "bipolar disorder", "COPD": "copd",
    "CRSwNP": "nasal polyps", "ALS": "als", "RLS": "restless legs syndrome",
    "MZL": "marginal zone lymphoma", "FL": "follicular lymphoma", "CLL": "leukemia", "AML": "leukemia",
}  # fmt: skip

# Contrast groups: a label that names one member excludes the others of its group.
QUALIFIERS: dict[str, str] = {
    "type 1": "diabetes_type", "type 2": "diabetes_type", "type i": "diabetes_type",
    "type ii": "diabetes_type", "t1": "diabetes_type", "t2": "diabetes_type",
    "gestational": "diabetes_type",
    "acute": "phase", "acutely": "phase", "abortive": "phase", "rescue": "phase",
    "preventive": "phase", "prevention": "phase", "preventative": "phase",
    "prophylaxis": "phase", "prophylactic": "phase", "maintenance": "phase",
    "relapsing": "ms_course", "relapsing-remitting": "ms_course",
    "primary progressive": "ms_course", "secondary progressive": "ms_course",
    "progressive": "ms_course",
    "plaque": "psoriasis_form", "guttate": "psoriasis_form", "pustular": "psoriasis_form",
    "erythrodermic": "psoriasis_form", "inverse": "psoriasis_form", "nail": "psoriasis_form",
    "nonvalvular": "valve", "non-valvular": "valve", "valvular": "valve",
    "focal": "seizure_type", "focal-onset": "seizure_type", "partial-onset": "seizure_type",
    "generalized": "seizure_type", "absence": "seizure_type",
    "neovascular": "amd_form", "wet": "amd_form", "dry": "amd_form",
    "atrophic": "amd_form",
    "seasonal": "season", "perennial": "season",
    "reduced": "ef", "preserved": "ef",
    "eosinophilic": "phenotype", "allergic": "phenotype",
    "inflammatory": "acne_form", "comedonal": "acne_form", "nodular": "acne_form",
    "cystic": "acne_form",
    "episodic": "frequency", "chronic": "frequency",
    "major": "depression_kind", "postpartum": "depression_kind",
    "treatment-resistant": "depression_kind", "seasonal affective": "depression_kind",
    "metastatic": "stage", "early": "stage", "early-stage": "stage", "adjuvant": "stage",
    "locally advanced": "stage",
    "segmental": "vitiligo_form", "nonsegmental": "vitiligo_form",
    "non-segmental": "vitiligo_form",
}  # fmt: skip

# Spellings of one qualifier read as the same member of its group.
QUALIFIER_CANON: dict[str, str] = {
    "type i": "type 1", "t1": "type 1", "type ii": "type 2", "t2": "type 2",
    "relapsing-remitting": "relapsing", "non-valvular": "nonvalvular", "focal-onset": "focal",
    "partial-onset": "focal", "wet": "neovascular", "dry": "atrophic", "acutely": "acute",
    "abortive": "acute", "rescue": "acute", "prevention": "preventive",
    "preventative": "preventive", "prophylaxis": "preventive", "prophylactic": "preventive",
    "early-stage": "early", "non-segmental": "nonsegmental",
}  # fmt: skip

# Abbreviations that carry a subtype ("PPMS" is primary progressive MS).
ABBREVIATION_QUALIFIERS: dict[str, str] = {
    "PPMS": "primary progressive", "RRMS": "relapsing", "RMS": "relapsing",
    "SPMS": "secondary progressive", "T2D": "type 2", "T2DM": "type 2", "T1D": "type 1",
    "T1DM": "type 1", "HFrEF": "reduced", "HFpEF": "preserved", "hfref": "reduced",
    "hfpef": "preserved", "TRD": "treatment-resistant", "PPD": "postpartum", "MDD": "major",
}  # fmt: skip

# Subtype contrasts only count inside these groups when the label names a member.
# "chronic" alone is too common in notes to read as a subtype except for these heads.
FREQUENCY_HEADS = ["migraine", "urticaria"]

SEVERITY: dict[str, list[str]] = {
    "mild": ["mild"], "milder": ["mild"], "mildly": ["mild"], "minimal": ["mild"],
        "moderate": ["moderate"], "moderately": ["moderate"],
    "severe": ["severe"], "severely": ["severe"], "very severe": ["severe"],
    "mild-to-moderate": ["mild", "moderate"], "mild to moderate": ["mild", "moderate"],
    "mild-moderate": ["mild", "moderate"], "mild/moderate": ["mild", "moderate"],
    "moderate-to-severe": ["moderate", "severe"], "moderate to severe": ["moderate", "severe"],
    "moderate-severe": ["moderate", "severe"], "moderate/severe": ["moderate", "severe"],
    "mod-severe": ["moderate", "severe"], "mod-sev": ["moderate", "severe"],
    "mod/severe": ["moderate", "severe"], "mod": ["moderate"],
    "moderately to severely": ["moderate", "severe"],
    "moderately-to-severely": ["moderate", "severe"],
    # a grade denied is the grades below it: "non-severe", "not severe", "not that severe"
    "non-severe": ["mild", "moderate"], "nonsevere": ["mild", "moderate"],
    "not severe": ["mild", "moderate"], "not that severe": ["mild", "moderate"],
    "not very severe": ["mild", "moderate"], "less severe": ["mild", "moderate"],
}  # fmt: skip

ROUTES: dict[str, str] = {
    "oral": "oral", "orally": "oral", "by mouth": "oral", "tablet": "oral", "tablets": "oral",
    "capsule": "oral", "capsules": "oral", "po": "oral", "oral solution": "oral",
    "subcutaneous": "subcutaneous", "subcutaneously": "subcutaneous", "subq": "subcutaneous",
    "sub-q": "subcutaneous", "sub q": "subcutaneous", "subcut": "subcutaneous",
    "sq": "subcutaneous", "sc": "subcutaneous", "prefilled pen": "subcutaneous",
    "autoinjector": "subcutaneous", "auto-injector": "subcutaneous",
    "intravenous": "intravenous", "intravenously": "intravenous", "infusion": "intravenous",
    "infused": "intravenous", "infusions": "intravenous", "i.v.": "intravenous",
    "drip": "intravenous",
    "intramuscular": "intramuscular", "intramuscularly": "intramuscular",
    "i.m.": "intramuscular", "deltoid": "intramuscular", "glute": "intramuscular",
    "gluteal": "intramuscular",
    "intradermal": "intradermal", "intradermally": "intradermal",
    "topical": "topical", "topically": "topical", "cream": "topical", "ointment": "topical",
    "gel": "topical", "foam": "topical", "lotion": "topical", "applied": "topical",
    "inhaled": "inhaled", "inhalation": "inhaled", "inhaler": "inhaled",
    "nebulized": "inhaled", "nebulizer": "inhaled",
    "intranasal": "intranasal", "nasal spray": "intranasal", "nasally": "intranasal",
    "intravitreal": "intravitreal", "sublingual": "sublingual", "sublingually": "sublingual",
    "transdermal": "transdermal", "patch": "transdermal",
    "ophthalmic": "ophthalmic", "eye drop": "ophthalmic", "eye drops": "ophthalmic",
    "rectal": "rectal", "suppository": "rectal",
    "intrathecal": "intrathecal", "intrathecally": "intrathecal", "epidural": "epidural",
    "intra-articular": "intra-articular", "intraarticular": "intra-articular",
    "vaginal": "vaginal", "vaginally": "vaginal", "buccal": "buccal", "otic": "otic",
    "intralesional": "intralesional",
    # lay words for the mouth and for feeding tubes ("could they just swallow it", "crush it
    # down the G-tube"): a tube is a route of its own, not "oral"
    "swallow": "oral", "swallowed": "oral",
    "feeding tube": "enteral tube", "feeding tubes": "enteral tube", "g-tube": "enteral tube",
    "g tube": "enteral tube", "ng tube": "enteral tube", "nasogastric": "enteral tube",
    "peg tube": "enteral tube", "gastrostomy": "enteral tube", "j-tube": "enteral tube",
    "enteral": "enteral tube",
}  # fmt: skip

ROUTES_CASED: dict[str, str] = {
    "IV": "intravenous", "IM": "intramuscular", "SC": "subcutaneous", "SQ": "subcutaneous",
    "SubQ": "subcutaneous", "PO": "oral", "PEG": "enteral tube", "NG": "enteral tube",
}  # fmt: skip

# Words in a note that describe the route only loosely: they may name a product's form
# ("tablet", "cream") without saying how it was given, so a note's route is read only
# from these stronger words.
NOTE_ROUTE_WORDS = [
    "oral", "orally", "by mouth", "po", "subcutaneous", "subcutaneously", "subq", "sub-q",
    "sub q", "subcut", "sq", "sc", "intravenous", "intravenously", "infusion", "infused",
    "i.v.", "drip", "intramuscular", "intramuscularly", "i.m.", "deltoid", "glute", "gluteal",
    "intradermal", "intradermally", "topical", "topically", "inhaled", "nebulized",
    "intranasal", "nasal spray", "nasally", "intravitreal", "sublingual", "sublingually",
    "transdermal", "ophthalmic", "eye drops", "rectal",
    "intrathecal", "intrathecally", "epidural", "intra-articular", "intraarticular", "vaginally",
    "buccal", "intralesional", "swallow", "swallowed", "feeding tube", "feeding tubes", "g-tube",
    "g tube", "ng tube", "nasogastric", "peg tube", "gastrostomy", "j-tube",
]  # fmt: skip

# A condition word after one of these is history or a comorbidity, not the use.
HISTORY_CUES = [
    "hx", "h/o", "history", "prior", "previous", "past", "comorbid", "also has", "also",
    "family", "fhx", "risk", "screen", "screening",
]  # fmt: skip


def default_lexicon() -> dict[str, Any]:
    """A fresh copy of every list (callers may change theirs)."""
    return {
        "conditions": {k: list(v) for k, v in CONDITIONS.items()},
        "conditions_cased": dict(CONDITIONS_CASED),
        "qualifiers": dict(QUALIFIERS),
        "qualifier_canon": dict(QUALIFIER_CANON),
        "abbreviation_qualifiers": dict(ABBREVIATION_QUALIFIERS),
        "frequency_heads": list(FREQUENCY_HEADS),
        "severity": {k: list(v) for k, v in SEVERITY.items()},
        "routes": dict(ROUTES),
        "routes_cased": dict(ROUTES_CASED),
        "note_route_words": list(NOTE_ROUTE_WORDS),
        "history_cues": list(HISTORY_CUES),
    }

"""Numbered categories of a disease: genotype, group, stage, class ("hepatitis C genotype 1
or 4", "WHO Group 1", "stage 3b-4 CKD", "functional class II or III"), on the label and in a
note ("GT3 pt", "group 2 PH", "stage 3a", "class IV").

A label names the approved grades in its indication and the excluded ones in its exclusion
clauses; a note's grade is judged only when the label names that kind at all."""

import re

from nlp.label_reader.note.fact import Fact

_KINDS = {"genotype": "genotype", "genotypes": "genotype", "gt": "genotype", "group": "group",
          "groups": "group", "stage": "stage", "stages": "stage", "class": "class",
          "classes": "class"}  # fmt: skip
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_VALUE = r"(?:\d{1,2}[a-d]?|iv|v|i{1,3})"
_LINK = r"(?:\s*(?:,|or|and|to|through|-|–|/)\s*)"
_LABEL_GRADES = re.compile(
    rf"\b(genotypes?|gt|groups?|stages?|class(?:es)?)\s*({_VALUE}(?:{_LINK}(?:or\s+|and\s+)?{_VALUE})*)\b",
    re.I,
)
_TOP = {"genotype": 6, "group": 5, "stage": 5, "class": 4}
# "class II and above", "stage 3 or higher": every grade from there up
_AND_UP = re.compile(r"\s*(?:and|or)\s+(?:above|higher|greater|worse|more severe)\b", re.I)
_NOTE_GRADE = re.compile(rf"\b(genotype|gt|group|stage|class)\s*-?\s*({_VALUE})\b", re.I)
_RANGE = re.compile(rf"^({_VALUE})\s*(?:-|–|to|through)\s*({_VALUE})$", re.I)


def _value(text: str) -> str:
    text = text.lower()
    return _ROMAN.get(text, text)


def _number(value: str) -> int:
    return int(re.match(r"\d+", value).group(0))  # type: ignore[union-attr]


def grades_in(text: str) -> dict[str, list[str]]:
    """{kind: values} a label names: "genotype 1 or 4" -> {"genotype": ["1", "4"]}; a range
    "stage 3b-4" -> ["3b", "4"], "class II to IV" -> ["2", "3", "4"]."""
    found: dict[str, list[str]] = {}
    for m in _LABEL_GRADES.finditer(text):
        kind = _KINDS[m.group(1).lower()]
        values = found.setdefault(kind, [])
        for part in re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*", m.group(2), flags=re.I):
            part = part.strip()
            if not part:
                continue
            span = _RANGE.match(part)
            if span:
                low, high = _value(span.group(1)), _value(span.group(2))
                inner = range(_number(low) + 1, _number(high))
                values += [low, *(str(n) for n in inner), high]
            else:
                values.append(_value(part))
        if values and _AND_UP.match(text[m.end() :]):
            values += [str(n) for n in range(_number(values[-1]) + 1, _TOP[kind] + 1)]
    return {kind: list(dict.fromkeys(v)) for kind, v in found.items()}


def note_grades(text: str) -> list[Fact]:
    """Each grade a note names, its text "kind value": "GT3" -> "genotype 3", "group 2"."""
    return [
        Fact(m.start(), m.end(), 0.0, f"{_KINDS[m.group(1).lower()]} {_value(m.group(2))}")
        for m in _NOTE_GRADE.finditer(text)
    ]


def _listed(value: str, values: list[str]) -> bool:
    """ "1a" is within "1"; "3a" is not within "3b"."""
    return value in values or (str(_number(value)) in values and not value.isdigit())


def grade_problem(kind: str, value: str, approved: dict[str, list[str]],
                  excluded: dict[str, list[str]]) -> str | None:  # fmt: skip
    """Why a note's grade is outside the label, or None."""
    if kind in excluded and _listed(value, excluded[kind]):
        return f"{kind} {value} excluded"
    if kind in approved and not _listed(value, approved[kind]):
        return f"{kind} {value} vs {kind} {' or '.join(approved[kind])}"
    return None

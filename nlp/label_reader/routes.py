"""Routes an indication names, except "class IV" and "topical therapies"."""

from typing import Any

from nlp.label_reader.terms import ROUTE, Term

_NOT_A_ROUTE_BEFORE = {
    "class",
    "stage",
    "grade",
    "type",
    "phase",
    "level",
    "nyha",
    "-",
    "ii",
    "iii",
}

_NOT_A_ROUTE_AFTER = {"therapy", "therapies", "treatment", "treatments", "steroids",
                      "corticosteroids", "agents", "medications", "agent", "antidepressant",
                      "antidepressants", "antibiotics", "form", "formulation",
                      "contraceptives", "supplements", "supplementation", "drugs", "products",
                      "preparations", "options", "regimens", "alternatives"}  # fmt: skip


_GRADE_WORDS = {"class", "stage", "grade", "type", "phase", "level", "nyha", "who", "tier"}
_ROMAN = {"i", "ii", "iii", "iv", "v"}


def roman_range_end(doc: Any, start: int) -> bool:
    """ "class II to IV", "stage III-IV", "grade II or IV": the route word "IV" closes a range
    of grades."""
    if doc[start].lower_ != "iv" or start < 2:
        return False
    linker = doc[start - 1].lower_
    if linker not in ("to", "-", "–", "through", "or", "and", "/"):
        return False
    window = {t.lower_ for t in doc[max(0, start - 4) : start - 1]}
    return bool(window & _ROMAN or window & _GRADE_WORDS)


def routes_in(doc: Any, terms: list[Term]) -> list[str]:
    """Routes named in ``doc``, except "class IV" and "topical therapies" (prior treatment)."""
    routes = []
    for term in terms:
        if term.kind != ROUTE:
            continue
        before = doc[term.start - 1].lower_ if term.start > 0 else ""
        following = [t.lower_ for t in doc[term.end : term.end + 2]]
        if following[:1] in (["treatment"], ["therapy"]) and following[1:] == ["of"]:
            following = []  # "topical treatment of head lice": the route of this product
        if roman_range_end(doc, term.start):
            continue  # "NYHA class II to IV"
        if before in _NOT_A_ROUTE_BEFORE or set(following) & _NOT_A_ROUTE_AFTER:
            continue  # "topical prescription therapies": a therapy tried before
        routes.append(term.value)
    return list(dict.fromkeys(routes))

"""A deterministic keyword tagger for the browser tests: the pages, not the model, are tested.

It has the interface backend.tagging expects of ``nlp``'s tagger (``model_version`` and
``tag(note)`` returning the redacted text, labels, evidence, entities and PII spans).
"""

import re
from dataclasses import dataclass, field
from typing import Any

KEYWORDS = {
    "objection_price": ["copay", "out-of-pocket", "too expensive"],
    "objection_access": ["formulary", "prior auth", "step therapy"],
    "competitor_preference": ["prefers breathaze", "switching to", "defaults to"],
    "content_request": ["reprint", "asked for the", "speaker program"],
    "adverse_event": ["rash", "hospitalized", "vomiting"],
    "positive_feedback": ["really happy", "great results"],
}
_NAME = re.compile(r"(?<=\bPt )[A-Z][a-z]+ [A-Z][a-z]+")
_PHONE = re.compile(r"\b\d{3}-\d{3}-\d{4}\b")


@dataclass
class FakeResult:
    model_version: str
    redacted_text: str
    scores: dict[str, float]
    labels: list[dict[str, Any]]
    evidence: list[list[Any]]
    entities: list[Any] = field(default_factory=list)
    pii: list[list[Any]] = field(default_factory=list)


class FakeTagger:
    model_version = "browser-fake-1"

    def set_catalog(self, catalog: Any) -> None:
        pass

    def tag_many(self, texts: list[str]) -> list:

        return [self.tag(text) for text in texts]

    def tag(self, note: str) -> FakeResult:
        lowered = note.lower()
        labels, evidence, scores = [], [], {}
        for label, words in KEYWORDS.items():
            for word in words:
                at = lowered.find(word)
                if at >= 0:
                    labels.append({"label": label, "confidence": 0.88})
                    evidence.append([at, at + len(word), label])
                    scores[label] = 0.88
                    break
        pii = [[m.start(), m.end(), "PATIENT_NAME"] for m in _NAME.finditer(note)]
        pii += [[m.start(), m.end(), "PHONE"] for m in _PHONE.finditer(note)]
        redacted = note
        for start, end, kind in sorted(pii, reverse=True):
            redacted = redacted[:start] + f"[{kind}]" + redacted[end:]
        return FakeResult(self.model_version, redacted, scores, labels, evidence, [], pii)

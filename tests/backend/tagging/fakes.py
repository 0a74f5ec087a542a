"""A stand-in tagger with the nlp.api interface, for tests of the backend's tagging plumbing."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FakeResult:
    labels: list[dict[str, Any]]
    scores: dict[str, float]
    evidence: list[list[Any]]
    entities: list[dict[str, Any]] = field(default_factory=list)
    pii: list[list[Any]] = field(default_factory=list)
    redacted_text: str = ""
    model_version: str = "fake-1"


class FakeTagger:
    """Labels 'objection_price' when the note says 'copay'; redacts the word 'Jane'."""

    def __init__(self, model_version: str = "fake-1") -> None:
        self.model_version = model_version
        self.calls = 0

    def tag_many(self, texts: list[str]) -> list[FakeResult]:
        return [self.tag(text) for text in texts]

    def tag(self, text: str) -> FakeResult:
        self.calls += 1
        labels = [{"label": "objection_price", "confidence": 0.9}] if "copay" in text else []
        start = text.find("Jane")
        pii = [[start, start + 4, "PATIENT_NAME"]] if start >= 0 else []
        return FakeResult(
            labels=labels,
            scores={"objection_price": 0.9 if labels else 0.1},
            evidence=[[text.find("copay"), text.find("copay") + 5, "objection_price"]]
            if labels
            else [],
            pii=pii,
            redacted_text=text.replace("Jane", "[PATIENT_NAME]"),
            model_version=self.model_version,
        )

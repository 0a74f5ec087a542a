"""Word lists behind the patient-identifier detector (all lowercase).

The lists are data (``nlp/pii/data/<name>.txt``, one entry a line, ``#`` starts a comment)
read when a fresh component is built; a saved model carries its own copy (see
``nlp.pii.component``), so editing the files later never changes a saved model.
"""

from collections.abc import Mapping
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Every list the detector reads; the order of ``common_words`` (most frequent first) matters.
LIST_NAMES = (
    "first_names",
    "surnames",
    "not_names",
    "staff_titles",
    "common_words",
    "drug_suffixes",
    "clinical_suffixes",
    "institutions",
    "place_like_first_names",
    "place_surnames",
    "name_particles",
    "not_street_words",
    "nicknames",
    "initials_not_names",
    "dotted_not_initials",
    "personal_mail_domains",
    "given_names",
    "family_names",
    "name_words",
    "not_lone_names",
)
# The most frequent words are never names, not even capitalised mid-sentence ("Started",
# "Hospital"); rarer common words may be ("Grace", "Hope" are first names anyway).
TOP_WORDS_COUNT = 4000


def read_list(path: Path) -> list[str]:
    """Entries of one data file: lowercased lines, comments and blank lines dropped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.append(entry)
    return entries


def package_lists(directory: Path = DATA_DIR) -> dict[str, list[str]]:
    """The lists as shipped in ``nlp/pii/data`` (what a freshly built component uses)."""
    return {name: read_list(directory / f"{name}.txt") for name in LIST_NAMES}


class Lexicon:
    """The word lists as sets, plus the raw lists they were built from (for saving)."""

    def __init__(self, lists: Mapping[str, list[str]], top_words_count: int = TOP_WORDS_COUNT):
        # A saved model lacking a list refuses to load: reading it as empty would redact less.
        missing = [name for name in LIST_NAMES if name not in lists]
        if missing:
            raise ValueError(f"lexicon lists missing: {missing}")
        self.lists = {name: list(lists[name]) for name in LIST_NAMES}
        self.top_words_count = top_words_count
        sets = {name: frozenset(words) for name, words in self.lists.items()}
        # A pet form ("Bobby", "Peggy") is read as a given name like any other.
        self.first_names = sets["first_names"] | sets["nicknames"] | sets["given_names"]
        self.surnames = sets["surnames"] | sets["family_names"]
        self.not_names = sets["not_names"]
        self.staff_titles = sets["staff_titles"]
        self.common_words = sets["common_words"]
        self.top_words = frozenset(self.lists["common_words"][:top_words_count])
        self.drug_suffixes = tuple(self.lists["drug_suffixes"])
        self.clinical_suffixes = tuple(self.lists["clinical_suffixes"])
        self.institutions = sets["institutions"]
        self.place_like_first_names = sets["place_like_first_names"]
        self.place_surnames = sets["place_surnames"]
        self.name_particles = sets["name_particles"]
        self.not_street_words = sets["not_street_words"]
        self.nicknames = sets["nicknames"]
        self.initials_not_names = sets["initials_not_names"]
        self.dotted_not_initials = sets["dotted_not_initials"]
        self.personal_mail_domains = sets["personal_mail_domains"]
        # A given name on its own, with no cue, is never one of these (see nlp.pii.lone_names).
        self.not_lone_names = sets["name_words"] | sets["not_lone_names"]
        # Words that end a city before it becomes part of the address ("418 Alder Ct, Reported").
        self.not_city_words = self.not_names | self.top_words

    @classmethod
    def from_package(cls) -> "Lexicon":
        return cls(package_lists())

    def to_dict(self) -> dict[str, object]:
        return {"top_words_count": self.top_words_count, "lists": self.lists}

    @classmethod
    def from_dict(cls, state: Mapping[str, object]) -> "Lexicon":
        lists = state["lists"]
        if not isinstance(lists, Mapping):
            raise ValueError("lexicon state has no lists")
        count = state.get("top_words_count", TOP_WORDS_COUNT)
        return cls(lists, int(count))  # type: ignore[call-overload]

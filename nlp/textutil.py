"""Small helpers on spaCy docs shared by the components."""

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

_TEXT_KEY = "fieldsignal.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the doc and built from the token arrays.

    spaCy rebuilds ``doc.text`` from Token objects on every access, which costs more than
    several components together on a short note.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        strings = doc.vocab.strings
        text = "".join(
            strings[orth] + " " if space else strings[orth]
            for orth, space in doc.to_array([ORTH, SPACY]).tolist()
        )
        doc.user_data[_TEXT_KEY] = text
    return text

"""Errors of the identifier component, with stable codes a caller can act on."""


class PiiUnavailableError(RuntimeError):
    """The patient-identifier component is missing or could not load (``nlp.pii_unavailable``).

    Tagging refuses to run without it: a note is never returned as "redacted" when
    nothing looked for identifiers.
    """

    code = "nlp.pii_unavailable"

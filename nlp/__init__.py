"""FieldSignal NLP: a spaCy pipeline that tags field notes and redacts patient identifiers."""

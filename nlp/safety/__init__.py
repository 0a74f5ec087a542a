"""Reportable-safety detection: adverse reactions, special situations and product complaints.

``lexicon/`` holds the vocabulary as data files (events by body system, special situations,
product complaints, seriousness, and the context cues that make a mention a case or not);
``nlp.components.safety`` loads it into the pipeline and saves it with the model.
"""

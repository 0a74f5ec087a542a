"""FieldSignal field client: an offline store of visit notes, a sync engine and the `field-client` CLI.

This is the reference client of the sync contract in DESIGN.md; mobile teams read it as the model.
"""

__version__ = "0.1.0"

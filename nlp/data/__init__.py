"""Labeled notes and catalogs in the DESIGN.md evaluation formats."""

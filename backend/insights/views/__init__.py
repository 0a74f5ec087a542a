"""Analyst pages; each module is one page and the actions taken from it."""

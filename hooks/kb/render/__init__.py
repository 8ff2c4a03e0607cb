"""Rendering: the checked base turned into every page, in every language."""

"""Checking: documents against their schemas and each other, giving the checked model."""

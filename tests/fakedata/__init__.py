"""Generators of small fake data in the publishers' real on-disk formats (shared by tests)."""

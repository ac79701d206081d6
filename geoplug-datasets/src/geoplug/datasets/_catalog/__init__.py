"""Declarative specs of the built-in datasets, one light module per family.

Each module defines ``SPECS: list[dict]`` with :class:`geoplug.core.plugins.DatasetSpec` fields.
"""

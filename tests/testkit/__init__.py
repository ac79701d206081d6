"""Shared test helpers (no geoplug package beyond core may be imported here)."""

"""Diversity and information in ecosystems (being written)."""

__all__ = []

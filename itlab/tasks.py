"""Tasks and data sets with known structure (being written)."""

__all__ = []

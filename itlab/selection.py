"""Feature selection by mutual information (being written)."""

__all__ = []

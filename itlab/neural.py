"""Neural estimators of mutual information (being written)."""

__all__ = []

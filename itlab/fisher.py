"""Fisher information and elastic weight consolidation (being written)."""

__all__ = []

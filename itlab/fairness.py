"""Fairness as information (being written)."""

__all__ = []

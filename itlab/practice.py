"""Checkers for the hands-on practices (being written)."""

__all__ = []

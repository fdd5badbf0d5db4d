"""Contacts from co-evolution in alignments (being written)."""

__all__ = []

"""Information-flow monitor for PyTorch models (being written)."""

__all__ = []

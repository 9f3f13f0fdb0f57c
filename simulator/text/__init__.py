"""Text that comes from speech: normalization and intent matching."""

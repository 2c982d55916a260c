"""reports layer (built by a later issue)."""

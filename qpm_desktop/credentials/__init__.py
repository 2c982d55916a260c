"""credentials layer (built by a later issue)."""

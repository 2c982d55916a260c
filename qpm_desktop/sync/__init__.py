"""sync layer (built by a later issue)."""

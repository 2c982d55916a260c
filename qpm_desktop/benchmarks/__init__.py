"""Benchmarks printed by ``qpm-desktop bench`` (figures, never pass/fail)."""

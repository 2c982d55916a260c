"""Entities and pure rules of the QPM domain. No I/O, no Qt, no database."""

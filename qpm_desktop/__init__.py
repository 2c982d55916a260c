"""QPM Desktop: offline assessment recording for the Advocacy QPM."""

__version__ = "0.1.0"

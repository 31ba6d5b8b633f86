"""Data files shipped with the core (MAC ranges)."""

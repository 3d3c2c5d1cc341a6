"""handouts: print-ready, localized patient-education handouts (Thai and English)."""

__version__ = "0.1.0"

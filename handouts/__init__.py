"""handouts: print-ready, localized patient-education handouts (Thai, English, Burmese, Khmer, Lao)."""

__version__ = "0.1.0"

"""Roundbook: a static research site of companies, people and funding rounds."""

__version__ = "0.1.0"

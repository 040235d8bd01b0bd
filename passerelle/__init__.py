"""Passerelle: moderated digital messaging services for newcomers."""

__version__ = "0.1.0"

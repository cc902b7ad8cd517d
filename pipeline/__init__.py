"""Builds the social performance strategy guide and worksheets for microfinance networks."""

__version__ = "0.1.0"

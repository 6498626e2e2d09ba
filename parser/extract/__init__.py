"""Extractors: tree and zones → records (metadata, recipients, indicators)."""

"""Cleaning: character normalisation, gambling-spam and boilerplate removal, language ID and
near-duplicate clustering. Importing ``sorot.clean.stage`` and ``sorot.clean.language`` registers
the "clean" and "language" pipeline stages."""

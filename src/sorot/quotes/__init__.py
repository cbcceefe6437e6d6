"""Quotes: who said what — direct quotations and reported speech with their speakers."""

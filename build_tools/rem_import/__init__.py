"""Importers: spreadsheets from authors and ANS back into the corpus data."""

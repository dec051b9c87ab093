"""The published site (Jupyter Book 1): page generation, Sphinx extension, build."""

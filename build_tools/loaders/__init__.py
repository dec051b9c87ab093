"""Loaders: read corpus files into plain data that remembers where each value came from."""
